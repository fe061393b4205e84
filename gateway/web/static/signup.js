"use strict";
// 新用户注册 (manual §1.2.1 ①–③): entry + 《注册协议条例》 → brief info → 注册成功 (activation mail).
document.addEventListener("DOMContentLoaded", async () => {
  const entry = document.getElementById("entry");
  const brief = document.getElementById("brief");
  const done = document.getElementById("done");
  const marks = [1, 2, 3].map((n) => document.getElementById(`step-${n}-mark`));
  const step = (n) => {
    entry.hidden = n !== 1; brief.hidden = n !== 2; done.hidden = n !== 3;
    marks.forEach((m, i) => { if (i === n - 1) m.setAttribute("aria-current", "step"); else m.removeAttribute("aria-current"); });
  };
  let version = null;
  const shown = document.getElementById("agreement");
  const agreement = await kj.api("GET", "/agreement");
  if (agreement.ok) {
    version = agreement.data.version;
    document.getElementById("agreement-title").textContent = agreement.data.title;
    shown.textContent = "";
    for (const line of agreement.data.body.split("\n")) {
      if (!line.trim() || line.startsWith("#")) continue;
      const p = document.createElement("p"); p.textContent = line.trim(); shown.append(p);
    }
  } else {
    shown.textContent = agreement.error.message;
  }
  document.getElementById("agreed").addEventListener("change", () => { kj.clearErrors(entry); kj.notice(entry, ""); });
  let refresh = null;
  entry.addEventListener("submit", async (event) => {
    event.preventDefault();
    kj.clearErrors(entry);
    if (!document.getElementById("agreed").checked) {
      kj.showErrors(entry, { message: "请阅读并同意本系统的《注册协议条例》", fields: { agreed: "请勾选“我已经仔细阅读并同意本系统的《注册协议条例》”" } });
      return;
    }
    kj.notice(entry, "");
    step(2);
    if (!refresh) refresh = await kj.captcha(brief);
    document.getElementById("name").focus();
  });
  document.getElementById("back").addEventListener("click", () => step(1));
  brief.addEventListener("submit", async (event) => {
    event.preventDefault();
    const values = { ...kj.formValues(brief), entry: "registrant_without_unit", agreed: true, agreement_version: version };
    if (!values.work_unit) delete values.work_unit;
    const button = brief.querySelector("button[type=submit]"); button.disabled = true;
    const result = await kj.api("POST", "/signup", values);
    button.disabled = false;
    if (result.ok) {
      document.getElementById("done-text").textContent =
        `注册成功！激活邮件已发送到 ${result.data.email}，请点击邮件中的激活链接，填写个人信息和登录密码后点击“立即注册”完成激活。`;
      step(3);
      return;
    }
    if (result.error.fields && (result.error.fields.agreed || result.error.fields.agreement_version)) {
      step(1); kj.showErrors(entry, result.error); return;
    }
    kj.showErrors(brief, result.error); refresh();
  });
});
