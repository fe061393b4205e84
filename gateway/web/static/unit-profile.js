// 单位管理 → 单位信息: the admin keeps the unit's details (PUT /api/v1/units/<id>; a new name or
// credit code becomes a change request the office decides) and hands the admin role to one of
// the unit's activated registrants (POST /api/v1/units/<id>/admin).
import { me } from "./shell.js";
import { api } from "./api.js";
import { unitChooser } from "./admin-units.js";
import { $, dateTime, dialog, h, loadFailed, notice, table } from "./ui.js";
import { clearErrors, formValues, showErrors } from "./forms.js";

const FIELDS = ["name", "credit_code", "nature", "address", "postcode"];

async function load(unitId) {
  const form = $("details");
  const result = await api("GET", `/units/${unitId}`);
  if (!result.ok) { form.replaceWith(loadFailed("单位信息", result.error)); return; }
  const unit = result.data;
  for (const f of FIELDS) form.elements[f].value = unit[f] || "";
  form.hidden = false;
  const waiting = (unit.changes || []).find((c) => c.status === "pending");
  const pending = $("pending");
  pending.hidden = !waiting;
  pending.textContent = waiting
    ? `变更申请待登记机构审核（${dateTime(waiting.requested_at)}）：单位名称“${waiting.name}”，统一社会信用代码 ${waiting.credit_code}。再次保存新的名称或代码将替换该申请。` : "";
  const box = $("changes-box");
  box.hidden = !(unit.changes || []).length;
  $("changes").replaceChildren(table([
    { label: "申请时间", cell: (c) => dateTime(c.requested_at) },
    { label: "单位名称", cell: (c) => c.old_name === c.name ? c.name : `${c.old_name} → ${c.name}` },
    { label: "统一社会信用代码", cell: (c) => c.old_credit_code === c.credit_code ? c.credit_code : `${c.old_credit_code} → ${c.credit_code}` },
    { label: "状态", cell: (c) => c.reason ? `${c.status_label}：${c.reason}` : c.status_label },
    { label: "审核时间", cell: (c) => dateTime(c.decided_at) },
  ], unit.changes || [], "暂无变更申请"));
  loadSuccessors(unitId);
}

async function loadSuccessors(unitId) {
  const query = new URLSearchParams({ page_size: "100" });
  if ($("successor-q").value.trim()) query.set("q", $("successor-q").value.trim());
  const result = await api("GET", `/units/${unitId}/registrants?${query}`);
  const select = $("user_id");
  select.replaceChildren(new Option("请选择", ""));
  if (!result.ok) return;
  $("successor-hint").textContent = result.data.total > result.data.items.length
    ? `共 ${result.data.total} 名成果登记人，仅列出前 ${result.data.items.length} 名，请输入姓名或邮箱查找` : "";
  const mine = (await me).user_id;
  for (const r of result.data.items) {
    if (r.status === "active" && r.role_enabled && r.user_id !== mine) {
      select.append(new Option(`${r.name}（${r.email}）`, String(r.user_id)));
    }
  }
  $("handover").hidden = false;
}

me.then(async (person) => {
  const select = await unitChooser(person, load);
  if (!select) return;

  const form = $("details");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const values = formValues(form);
    const body = Object.fromEntries(FIELDS.filter((f) => values[f] !== "").map((f) => [f, values[f]]));
    const button = form.querySelector("button[type=submit]"); button.disabled = true;
    const result = await api("PUT", `/units/${select.value}`, body);
    button.disabled = false;
    if (!result.ok) { showErrors(form, result.error); return; }
    clearErrors(form);
    const waiting = (result.data.changes || []).find((c) => c.status === "pending");
    await load(select.value);
    notice(form, waiting && (waiting.name === body.name && waiting.credit_code === body.credit_code)
      ? "已保存。单位名称或统一社会信用代码的变更已提交登记机构审核，审核结果将以邮件通知。" : "单位信息已保存。", "good");
  });

  $("successor-q").addEventListener("input", () => loadSuccessors(select.value));
  const handover = $("handover");
  handover.addEventListener("submit", async (event) => {
    event.preventDefault();
    const choice = $("user_id");
    if (!choice.value) { showErrors(handover, { message: "请选择接任人", fields: { user_id: "请选择接任人" } }); return; }
    const who = choice.selectedOptions[0].textContent;
    const sure = await dialog({ title: "移交单位管理员",
      body: h("p", {}, `确定将本单位的单位管理员角色移交给${who}吗？移交后您将不能再管理本单位。`),
      buttons: [{ label: "确定移交", value: "ok", primary: true }, { label: "取消", value: null }] });
    if (sure !== "ok") return;
    const result = await api("POST", `/units/${select.value}/admin`, { user_id: Number(choice.value) });
    if (!result.ok) { showErrors(handover, result.error); return; }
    handover.replaceChildren(h("div", { class: "notice good", role: "status" },
      `已将单位管理员移交给${result.data.admin_name}（${result.data.admin_email}），系统已邮件通知。`),
      h("p", {}, h("a", { href: "/" }, "返回首页")));
    $("details").hidden = true;
  });
});
