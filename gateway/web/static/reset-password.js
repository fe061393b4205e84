"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("reset");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const result = await kj.api("POST", "/password/reset", { token: kj.param("token") || "", ...kj.formValues(form) });
    if (result.ok) { form.hidden = true; document.getElementById("done").hidden = false; return; }
    kj.showErrors(form, result.error);
  });
});
