// 忘记密码: the email and a captcha; the reset link goes to the mailbox.
import { api } from "./api.js";
import { $, notice } from "./ui.js";
import { captcha, clearErrors, formValues, showErrors } from "./forms.js";

async function start() {
  const form = $("forgot");
  const refresh = await captcha(form);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const result = await api("POST", "/password/forgot", formValues(form));
    if (result.ok) { clearErrors(form); notice(form, result.data.message, "good"); }
    else showErrors(form, result.error);
    refresh();
  });
}

start();
