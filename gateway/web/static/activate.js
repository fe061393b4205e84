// 个人信息激活 (manual §1.2.1): the link's person, their ID and password; an expired link can be resent.
import { api } from "./api.js";
import { $, notice, param } from "./ui.js";
import { captcha, formValues, showErrors } from "./forms.js";

async function start() {
  const path = "/activation/" + encodeURIComponent(param("token") || "");
  const form = $("activate");
  const problem = $("link-problem");
  const resend = $("resend");
  const info = await api("GET", path);
  if (!info.ok) {
    notice(problem, info.error.message, "bad");
    if (info.error.code === "link_expired") resend.hidden = false;
    resend.addEventListener("click", async () => {
      const sent = await api("POST", path + "/resend");
      notice(problem, sent.ok ? "新的激活邮件已发送，请查收。" : sent.error.message, sent.ok ? "good" : "bad");
      resend.hidden = sent.ok;
    });
    return;
  }
  $("name").textContent = info.data.name;
  $("login").textContent = info.data.email;
  form.hidden = false;
  const longTerm = $("long_term");
  const validTo = $("id_valid_to");
  longTerm.addEventListener("change", () => { validTo.disabled = longTerm.checked; });
  const refresh = await captcha(form);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const values = formValues(form);
    if (longTerm.checked) values.id_valid_to = "长期";
    delete values[""];
    const button = form.querySelector("button[type=submit]"); button.disabled = true;
    const result = await api("POST", path, values);
    button.disabled = false;
    if (result.ok) { form.hidden = true; $("done").hidden = false; return; }
    showErrors(form, result.error); refresh();
  });
}

start();
