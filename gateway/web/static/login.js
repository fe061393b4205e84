// 用户登录: captcha, then on to the page asked for (?next=) or the person's first menu page.
import { api } from "./api.js";
import { $, dateTime, h, param } from "./ui.js";
import { captcha, formValues, showErrors } from "./forms.js";
import { ROLE_LABELS, homeOf } from "./roles.js";

function home(grants) {
  const next = param("next");
  if (next && next.startsWith("/") && !next.startsWith("//")) return next;
  return homeOf(grants);
}

/** The latest 通知公告 under the form (nothing when there are none or they cannot be read). */
async function latestNotices() {
  const answer = await api("GET", "/public/notices?kind=notice&page_size=5");
  if (!answer.ok || !answer.data.items.length) return;
  for (const n of answer.data.items) {
    $("latest-list").append(h("li", {}, n.pinned ? h("span", { class: "pin" }, "置顶") : null,
      h("a", { href: `/notices/${n.id}` }, n.title), h("span", { class: "date" }, dateTime(n.published_at).slice(0, 10))));
  }
  $("latest-notices").hidden = false;
}

async function start() {
  latestNotices();
  const form = $("login");
  const me = await api("GET", "/me");
  if (me.ok) {
    const role = me.data.grants.length ? ROLE_LABELS[me.data.grants[0].role] : "用户";
    $("welcome-text").textContent = `欢迎您, ${me.data.name}-${role}`;
    $("enter").href = home(me.data.grants);
    form.hidden = true; $("welcome").hidden = false;
    $("logout").addEventListener("click", async () => {
      await api("DELETE", "/session"); location.reload();
    });
    return;
  }
  const refresh = await captcha(form);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button"); button.disabled = true;
    const result = await api("POST", "/session", formValues(form));
    button.disabled = false;
    if (result.ok) { location.href = home(result.data.user.grants); return; }
    showErrors(form, result.error); refresh();
  });
}

start();
