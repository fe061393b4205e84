"use strict";
// 用户登录: captcha, then on to the page asked for (?next=) or the person's first menu page.
const roleLabels = { registrant: "成果登记人", unit_admin: "单位管理员", office: "登记机构",
                     recommender: "推荐单位", sysadmin: "系统管理员" };
const homes = [["registrant", "/achievements"], ["unit_admin", "/unit/review"], ["office", "/office/review"]];

function home(grants) {
  const next = kj.param("next");
  if (next && next.startsWith("/") && !next.startsWith("//")) return next;
  const found = homes.find(([role]) => grants.some((g) => g.role === role));
  return found ? found[1] : "/profile";
}

document.addEventListener("DOMContentLoaded", async () => {
  const form = document.getElementById("login");
  const welcome = document.getElementById("welcome");
  const me = await kj.api("GET", "/me");
  if (me.ok) {
    const role = me.data.grants.length ? roleLabels[me.data.grants[0].role] : "用户";
    document.getElementById("welcome-text").textContent = `欢迎您, ${me.data.name}-${role}`;
    document.getElementById("enter").href = home(me.data.grants);
    form.hidden = true; welcome.hidden = false;
    document.getElementById("logout").addEventListener("click", async () => {
      await kj.api("DELETE", "/session"); location.reload();
    });
    return;
  }
  const refresh = await kj.captcha(form);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button"); button.disabled = true;
    const result = await kj.api("POST", "/session", kj.formValues(form));
    button.disabled = false;
    if (result.ok) { location.href = home(result.data.user.grants); return; }
    kj.showErrors(form, result.error); refresh();
  });
});
