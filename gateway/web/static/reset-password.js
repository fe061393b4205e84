// 重置登录密码: the new password, with the token of the mailed link.
import { api } from "./api.js";
import { $, param } from "./ui.js";
import { formValues, showErrors } from "./forms.js";

const form = $("reset");
form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const result = await api("POST", "/password/reset", { token: param("token") || "", ...formValues(form) });
  if (result.ok) { form.hidden = true; $("done").hidden = false; return; }
  showErrors(form, result.error);
});
