// Shared page helpers: calls to /api/v1 (with the CSRF token), field errors, the captcha.
"use strict";
const kj = {
  cookie(name) {
    const found = document.cookie.split("; ").find((c) => c.startsWith(name + "="));
    return found ? decodeURIComponent(found.split("=")[1]) : null;
  },
  async api(method, path, body) {
    const headers = { "Accept": "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const csrf = kj.cookie("kj_csrf");
    if (csrf) headers["X-CSRF-Token"] = csrf;
    let response;
    try {
      response = await fetch("/api/v1" + path, { method, headers, credentials: "same-origin",
        body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (e) {
      return { ok: false, status: 0, error: { code: "network", message: "网络连接失败，请检查网络后重试" } };
    }
    const data = await response.json().catch(() => ({}));
    return response.ok ? { ok: true, status: response.status, data }
                       : { ok: false, status: response.status, error: data.error || { message: "请求失败" } };
  },
  formValues(form) {
    const values = {};
    for (const el of form.elements) {
      if (!el.name || el.type === "submit") continue;
      values[el.name] = el.type === "checkbox" ? el.checked : el.value.trim();
    }
    return values;
  },
  clearErrors(form) {
    form.querySelectorAll(".error[data-for]").forEach((e) => { e.textContent = ""; });
    form.querySelectorAll("[aria-invalid]").forEach((e) => e.removeAttribute("aria-invalid"));
  },
  showErrors(form, error) {
    kj.clearErrors(form);
    let first = null;
    for (const [field, message] of Object.entries(error.fields || {})) {
      const slot = form.querySelector(`.error[data-for="${field}"]`);
      const input = form.querySelector(`[name="${field}"]`);
      if (slot) slot.textContent = message;
      if (input) { input.setAttribute("aria-invalid", "true"); first = first || input; }
    }
    kj.notice(form, error.message, "bad");
    if (first) first.focus();
  },
  notice(form, message, kind) {
    const box = form.querySelector(".notice") || document.querySelector(".notice");
    if (!box) return;
    box.textContent = message || "";
    box.className = "notice " + (kind || "");
    box.hidden = !message;
  },
  async captcha(root) {
    const img = root.querySelector("img.captcha-image");
    const id = root.querySelector("input[name=captcha_id]");
    const answer = root.querySelector("input[name=captcha_answer]");
    const refresh = async () => {
      const result = await kj.api("POST", "/captchas");
      if (result.ok) { img.src = result.data.image; id.value = result.data.captcha_id; }
      answer.value = "";
    };
    root.querySelector(".captcha-refresh").addEventListener("click", (e) => { e.preventDefault(); refresh(); });
    await refresh();
    return refresh;
  },
  param(name) { return new URLSearchParams(location.search).get(name); },
};
