// The plain forms of the pages (login, sign-up, account, review decision…): read the values,
// show the API's field errors beside their inputs, and the captcha.
import { api } from "./api.js";
import { notice } from "./ui.js";

/** {name: value} of the form's named controls (checkboxes: true/false; text trimmed). */
export function formValues(form) {
  const values = {};
  for (const el of form.elements) {
    if (!el.name || el.type === "submit") continue;
    values[el.name] = el.type === "checkbox" ? el.checked : el.value.trim();
  }
  return values;
}

export function clearErrors(form) {
  form.querySelectorAll(".error[data-for]").forEach((e) => { e.textContent = ""; });
  form.querySelectorAll("[aria-invalid]").forEach((e) => e.removeAttribute("aria-invalid"));
}

/** The API's error: each field's message beside it, the message in the form's notice, focus on the first. */
export function showErrors(form, error) {
  clearErrors(form);
  let first = null;
  for (const [field, message] of Object.entries(error.fields || {})) {
    const slot = form.querySelector(`.error[data-for="${field}"]`);
    const input = form.querySelector(`[name="${field}"]`);
    if (slot) slot.textContent = message;
    if (input) { input.setAttribute("aria-invalid", "true"); first = first || input; }
  }
  notice(form, error.message, "bad");
  if (first) first.focus();
}

/** Show a captcha in `root` (its image, id and answer inputs); resolves with a function for a new one. */
export async function captcha(root) {
  const img = root.querySelector("img.captcha-image");
  const id = root.querySelector("input[name=captcha_id]");
  const answer = root.querySelector("input[name=captcha_answer]");
  const refresh = async () => {
    const result = await api("POST", "/captchas");
    if (result.ok) { img.src = result.data.image; id.value = result.data.captcha_id; }
    answer.value = "";
  };
  root.querySelector(".captcha-refresh").addEventListener("click", (e) => { e.preventDefault(); refresh(); });
  await refresh();
  return refresh;
}
