"use strict";
document.addEventListener("DOMContentLoaded", async () => {
  const token = kj.param("token") || "";
  const form = document.getElementById("activate");
  const problem = document.getElementById("link-problem");
  const resend = document.getElementById("resend");
  const info = await kj.api("GET", "/activation/" + encodeURIComponent(token));
  if (!info.ok) {
    problem.textContent = info.error.message; problem.className = "notice bad"; problem.hidden = false;
    if (info.error.code === "link_expired") resend.hidden = false;
    resend.addEventListener("click", async () => {
      const sent = await kj.api("POST", "/activation/" + encodeURIComponent(token) + "/resend");
      problem.textContent = sent.ok ? "新的激活邮件已发送，请查收。" : sent.error.message;
      problem.className = "notice " + (sent.ok ? "good" : "bad"); resend.hidden = sent.ok;
    });
    return;
  }
  document.getElementById("name").textContent = info.data.name;
  document.getElementById("login").textContent = info.data.email;
  form.hidden = false;
  const longTerm = document.getElementById("long_term");
  const validTo = document.getElementById("id_valid_to");
  longTerm.addEventListener("change", () => { validTo.disabled = longTerm.checked; });
  const refresh = await kj.captcha(form);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const values = kj.formValues(form);
    if (longTerm.checked) values.id_valid_to = "长期";
    delete values[""];
    const button = form.querySelector("button[type=submit]"); button.disabled = true;
    const result = await kj.api("POST", "/activation/" + encodeURIComponent(token), values);
    button.disabled = false;
    if (result.ok) { form.hidden = true; document.getElementById("done").hidden = false; return; }
    kj.showErrors(form, result.error); refresh();
  });
});
