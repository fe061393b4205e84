"use strict";
// 单位注册: the unit and its admin; the office approves, then the admin gets an activation mail.
document.addEventListener("DOMContentLoaded", async () => {
  const form = document.getElementById("unit");
  const refresh = await kj.captcha(form);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const values = kj.formValues(form);
    if (!values.postcode) delete values.postcode;
    const button = form.querySelector("button[type=submit]"); button.disabled = true;
    const result = await kj.api("POST", "/units", values);
    button.disabled = false;
    if (result.ok) {
      form.hidden = true;
      document.getElementById("done-text").textContent =
        `单位注册信息已提交（${result.data.name}，状态：${result.data.status_label}）。登记机构审核通过后，系统将向管理员邮箱 ${result.data.admin_email} 发送激活邮件。`;
      document.getElementById("done").hidden = false;
      return;
    }
    kj.showErrors(form, result.error); refresh();
  });
});
