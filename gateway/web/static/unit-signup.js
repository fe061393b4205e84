// 单位注册: the unit and its admin; the office approves, then the admin gets an activation mail.
import { api } from "./api.js";
import { $ } from "./ui.js";
import { captcha, formValues, showErrors } from "./forms.js";

async function start() {
  const form = $("unit");
  const refresh = await captcha(form);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const values = formValues(form);
    if (!values.postcode) delete values.postcode;
    const button = form.querySelector("button[type=submit]"); button.disabled = true;
    const result = await api("POST", "/units", values);
    button.disabled = false;
    if (result.ok) {
      form.hidden = true;
      $("done-text").textContent =
        `单位注册信息已提交（${result.data.name}，状态：${result.data.status_label}）。登记机构审核通过后，系统将向管理员邮箱 ${result.data.admin_email} 发送激活邮件。`;
      $("done").hidden = false;
      return;
    }
    showErrors(form, result.error); refresh();
  });
}

start();
