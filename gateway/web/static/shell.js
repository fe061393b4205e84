// The shell of every page behind the login (manual §2.2.1): 欢迎您, 姓名-角色 | 退出,
// 当前有: (N)条工作提醒, and the system menu. Importing it starts it: pages
// `import { me } from "./shell.js"` and go on when `me` resolves with the person. Constants
// and helpers (role labels, home pages) are in roles.js, for pages without the shell.
import { api } from "./api.js";
import { $, h } from "./ui.js";
import { ROLE_LABELS, pageRole } from "./roles.js";

/** The session check failed for another reason than "not logged in": say so, above the page. */
function sessionUnknown(result) {
  const code = result.error.code || `HTTP ${result.status}`;
  $("content").prepend(h("div", { class: "notice bad", id: "session-error", role: "alert" },
    `无法确认登录状态，请稍后刷新重试（错误代码：${code}）`));
}

async function load() {
  const result = await api("GET", "/me");
  if (!result.ok) {
    if (result.status === 401) {
      location.replace("/?next=" + encodeURIComponent(location.pathname + location.search));
    } else {
      sessionUnknown(result);
    }
    return new Promise(() => {}); // the page never goes on without a person
  }
  const person = result.data;
  const roles = new Set(person.grants.map((g) => g.role));
  document.querySelectorAll(".menu [data-role]").forEach((li) => { li.hidden = !roles.has(li.dataset.role); });
  const role = pageRole(person.grants);
  $("welcome").textContent = `欢迎您, ${person.name}-${role ? ROLE_LABELS[role] : "用户"}`;
  const count = $("reminder-count");
  count.href = "/reminders";   // the list behind the count (工作提醒), each with where to act on it
  api("GET", "/reminders").then((r) => {
    count.textContent = String(r.ok ? r.data.total || 0 : 0);
    if (!r.ok) return;
    const kinds = r.data.kinds.map((k) => `${k.label} ${k.count} 条`);
    if (kinds.length) count.title = kinds.join("，");
  });
  return person;
}

function setupMenu() {
  const buttons = [...document.querySelectorAll(".menu-top > li > button")];
  const closeAll = (except) => buttons.forEach((b) => {
    if (b === except) return;
    b.setAttribute("aria-expanded", "false");
    $(b.getAttribute("aria-controls")).hidden = true;
  });
  buttons.forEach((button) => {
    const list = $(button.getAttribute("aria-controls"));
    button.addEventListener("click", () => {
      const open = button.getAttribute("aria-expanded") !== "true";
      closeAll(button);
      button.setAttribute("aria-expanded", String(open));
      list.hidden = !open;
      if (open) { const first = list.querySelector("a"); if (first) first.focus(); }
    });
    if (list.querySelector("a[aria-current]")) button.classList.add("current");
  });
  document.addEventListener("keydown", (e) => {
    if (e.key !== "Escape") return;
    const open = buttons.find((b) => b.getAttribute("aria-expanded") === "true");
    if (open) { closeAll(); open.focus(); }
  });
  document.addEventListener("click", (e) => { if (!e.target.closest(".menu")) closeAll(); });
  $("logout").addEventListener("click", async (e) => {
    e.preventDefault();
    await api("DELETE", "/session");
    location.href = "/";
  });
}

/** The person logged in; never resolves when there is none (the page is left or says why). */
export const me = load();

setupMenu();
