"use strict";
document.addEventListener("DOMContentLoaded", async () => {
  const form = document.getElementById("login");
  const welcome = document.getElementById("welcome");
  const roleLabels = { registrant: "成果登记人", unit_admin: "单位管理员", office: "登记机构",
                       recommender: "推荐单位", sysadmin: "系统管理员" };
  const show = (me) => {
    const role = me.grants.length ? roleLabels[me.grants[0].role] : "用户";
    document.getElementById("welcome-text").textContent = `欢迎您, ${me.name}-${role}`;
    form.hidden = true; welcome.hidden = false;
  };
  const me = await kj.api("GET", "/me");
  if (me.ok) { show(me.data); return; }
  const refresh = await kj.captcha(form);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button"); button.disabled = true;
    const result = await kj.api("POST", "/session", kj.formValues(form));
    button.disabled = false;
    if (result.ok) { show(result.data.user); return; }
    kj.showErrors(form, result.error); refresh();
  });
  document.getElementById("logout").addEventListener("click", async () => {
    await kj.api("DELETE", "/session"); location.reload();
  });
});
