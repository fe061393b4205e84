// 个人信息激活 (manual §1.2.1): the link's person, their ID and password; an expired link can be resent.
import { api } from "./api.js";
import { $, notice, param } from "./ui.js";
import { captcha, formValues, showErrors } from "./forms.js";

// each role its own welcome (the manual's "恭喜您已成为项目负责人" was the registrant's alone)
const WELCOME = {
  office: "您已被设置为登记机构（甘肃省科学技术厅）工作人员。", recommender: "您已被设置为推荐单位审核人员。",
  sysadmin: "您已被设置为系统管理员。", unit_admin: "恭喜您已成为单位管理员。", registrant: "恭喜您已成为成果登记人。",
};

function welcome(roles) {
  const role = ["office", "recommender", "sysadmin", "unit_admin", "registrant"].find((r) => roles.includes(r));
  return role ? WELCOME[role] : "";
}

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
  $("lead").textContent = welcome(info.data.roles || []) + "登录前您必须完善下列信息。";
  if (info.data.document) {   // a person without a 居民身份证: the office entered the document
    $("document").textContent = `${info.data.document.type} ${info.data.document.number_masked}`;
    $("document-row").hidden = false;
    for (const id of ["id-type-row", "id-number-row"]) { $(id).hidden = true; $(id).querySelectorAll("input, select").forEach((e) => { e.disabled = true; }); }
  }
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
