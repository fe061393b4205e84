// 新用户注册 (manual §1.2.1 ①–③): entry + 《注册协议条例》 → brief info → 注册成功 (activation mail).
import { api } from "./api.js";
import { $, loadFailed, notice } from "./ui.js";
import { captcha, clearErrors, formValues, showErrors } from "./forms.js";

async function start() {
  const entry = $("entry");
  const brief = $("brief");
  const done = $("done");
  const marks = [1, 2, 3].map((n) => $(`step-${n}-mark`));
  const step = (n) => {
    entry.hidden = n !== 1; brief.hidden = n !== 2; done.hidden = n !== 3;
    marks.forEach((m, i) => { if (i === n - 1) m.setAttribute("aria-current", "step"); else m.removeAttribute("aria-current"); });
  };
  let version = null;
  const shown = $("agreement");
  const agreement = await api("GET", "/agreement");
  if (agreement.ok) {
    version = agreement.data.version;
    $("agreement-title").textContent = agreement.data.title;
    shown.textContent = "";
    for (const line of agreement.data.body.split("\n")) {
      if (!line.trim() || line.startsWith("#")) continue;
      const p = document.createElement("p"); p.textContent = line.trim(); shown.append(p);
    }
  } else {
    shown.textContent = "";
    shown.append(loadFailed("注册协议条例", agreement.error));
  }
  $("agreed").addEventListener("change", () => { clearErrors(entry); notice(entry, ""); });
  let refresh = null;
  entry.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(entry);
    if (!$("agreed").checked) {
      showErrors(entry, { message: "请阅读并同意本系统的《注册协议条例》", fields: { agreed: "请勾选“我已经仔细阅读并同意本系统的《注册协议条例》”" } });
      return;
    }
    notice(entry, "");
    step(2);
    if (!refresh) refresh = await captcha(brief);
    $("name").focus();
  });
  $("back").addEventListener("click", () => step(1));
  brief.addEventListener("submit", async (event) => {
    event.preventDefault();
    const values = { ...formValues(brief), entry: "registrant_without_unit", agreed: true, agreement_version: version };
    if (!values.work_unit) delete values.work_unit;
    const button = brief.querySelector("button[type=submit]"); button.disabled = true;
    const result = await api("POST", "/signup", values);
    button.disabled = false;
    if (result.ok) {
      $("done-text").textContent = result.data.existing_account
        ? `该电子邮箱（${result.data.email}）已有本系统账号，无需重复注册：已为该账号增加成果登记人（无依托单位）角色并发送通知邮件，请直接使用原账号登录。`
        : `注册成功！激活邮件已发送到 ${result.data.email}，请点击邮件中的激活链接，填写个人信息和登录密码后点击“立即注册”完成激活。`;
      step(3);
      return;
    }
    if (result.error.fields && (result.error.fields.agreed || result.error.fields.agreement_version)) {
      step(1); showErrors(entry, result.error); return;
    }
    showErrors(brief, result.error); refresh();
  });
}

start();
