// The header of every page behind the login (manual §2.2.1): 欢迎您, 姓名-角色 | 退出,
// 当前有: (N)条工作提醒, and the system menu. Pages `import { me } from "./shell.js"`.
"use strict";

export const ROLE_LABELS = { registrant: "成果登记人", unit_admin: "单位管理员", office: "登记机构",
                             recommender: "推荐单位", sysadmin: "系统管理员" };
const HOME = { registrant: "/achievements", unit_admin: "/unit/review", office: "/office/review" };

/** The role the current page is for (its menu), else the person's first role. */
export function pageRole(grants) {
  const current = document.querySelector(".menu a[aria-current=page]");
  const role = current && current.closest("[data-role]") && current.closest("[data-role]").dataset.role;
  if (role && grants.some((g) => g.role === role)) return role;
  return grants.length ? grants[0].role : null;
}

export function homeOf(grants) {
  for (const role of ["registrant", "unit_admin", "office"]) {
    if (grants.some((g) => g.role === role)) return HOME[role];
  }
  return "/profile";
}

async function load() {
  const result = await kj.api("GET", "/me");
  if (!result.ok) {
    if (result.status === 401) {
      location.replace("/?next=" + encodeURIComponent(location.pathname + location.search));
    }
    return new Promise(() => {}); // the page never goes on without a person
  }
  const person = result.data;
  const roles = new Set(person.grants.map((g) => g.role));
  document.querySelectorAll(".menu [data-role]").forEach((li) => { li.hidden = !roles.has(li.dataset.role); });
  const role = pageRole(person.grants);
  document.getElementById("welcome").textContent =
    `欢迎您, ${person.name}-${role ? ROLE_LABELS[role] : "用户"}`;
  const count = document.getElementById("reminder-count");
  count.href = role && HOME[role] ? HOME[role] : "#";
  kj.api("GET", "/reminders").then((r) => {
    const n = r.ok ? (r.data.total ?? r.data.count ?? (r.data.items || []).length ?? 0) : 0;
    count.textContent = String(n || 0);
    if (r.ok && r.data.returned) count.title = `退回修改 ${r.data.returned} 条，待审核 ${r.data.to_review || 0} 条`;
  });
  return person;
}

export const me = load();

function setupMenu() {
  const buttons = [...document.querySelectorAll(".menu-top > li > button")];
  const closeAll = (except) => buttons.forEach((b) => {
    if (b === except) return;
    b.setAttribute("aria-expanded", "false");
    document.getElementById(b.getAttribute("aria-controls")).hidden = true;
  });
  buttons.forEach((button) => {
    const list = document.getElementById(button.getAttribute("aria-controls"));
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
  document.getElementById("logout").addEventListener("click", async (e) => {
    e.preventDefault();
    await kj.api("DELETE", "/session");
    location.href = "/";
  });
}

setupMenu();
