// 登记证书查验 (public): GET /api/v1/verify?number=&code=.
import { api } from "./api.js";
import { $, notice, param } from "./ui.js";
import { clearErrors, formValues, showErrors } from "./forms.js";

function start() {
  const form = $("verify");
  const result = $("result");
  const facts = $("facts");
  const check = async () => {
    const values = formValues(form);
    const query = new URLSearchParams({ number: values.number, code: values.code });
    const found = await api("GET", "/verify?" + query);
    if (!found.ok) { result.hidden = true; showErrors(form, found.error); return; }
    clearErrors(form); notice(form, "");
    const d = found.data;
    const state = $("result-state");
    state.textContent = d.status === "valid" ? "该登记证书真实有效" : `该成果登记已注销（${d.revoked_on || ""}）`;
    state.className = "verdict " + (d.status === "valid" ? "good" : "bad");
    facts.textContent = "";
    for (const [k, v] of [["登记号", d.registration_number], ["成果名称", d.title], ["成果类别", d.category_label],
                          ["完成单位", (d.units || []).join("、")], ["登记日期", d.registered_on], ["状态", d.status_label]]) {
      const dt = document.createElement("dt"); dt.textContent = k;
      const dd = document.createElement("dd"); dd.textContent = v || "";
      facts.append(dt, dd);
    }
    result.hidden = false;
  };
  form.elements.number.value = param("number") || "";
  form.elements.code.value = param("code") || "";
  form.addEventListener("submit", (e) => { e.preventDefault(); check(); });
  if (form.elements.number.value && form.elements.code.value) check();
}

start();
