"use strict";
document.addEventListener("DOMContentLoaded", async () => {
  const form = document.getElementById("forgot");
  const refresh = await kj.captcha(form);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const result = await kj.api("POST", "/password/forgot", kj.formValues(form));
    if (result.ok) { kj.clearErrors(form); kj.notice(form, result.data.message, "good"); }
    else kj.showErrors(form, result.error);
    refresh();
  });
});
