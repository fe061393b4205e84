// 单位管理 → 分配成果登记人 (manual §1.2.1): POST/GET /api/v1/units/<unit_id>/registrants.
import { me } from "./shell.js";
import { api } from "./api.js";
import { $, dateTime, loadFailed, notice, table } from "./ui.js";
import { clearErrors, showErrors } from "./forms.js";

const STATUS = { pending: "待激活", active: "已激活", locked: "已锁定", disabled: "已停用" };

async function load(unitId) {
  const result = await api("GET", `/units/${unitId}/registrants`);
  const box = $("list");
  box.textContent = "";
  if (!result.ok) { box.append(loadFailed("成果登记人列表", result.error)); return; }
  box.append(table([
    { label: "姓名", cell: (r) => r.name },
    { label: "电子邮箱（登录账号）", cell: (r) => r.email },
    { label: "账号状态", cell: (r) => STATUS[r.status] || r.status },
    { label: "分配时间", cell: (r) => dateTime(r.granted_at) },
  ], result.data.items, "尚未分配成果登记人"));
}

me.then(async (person) => {
  const units = person.grants.filter((g) => g.role === "unit_admin").map((g) => g.unit_id);
  const form = $("assign");
  if (!units.length) { $("no-unit").hidden = false; form.hidden = true; return; }
  const select = $("unit");
  for (const id of units) {
    const unit = await api("GET", `/units/${id}`);
    select.append(new Option(unit.ok ? unit.data.name : `单位 ${id}`, String(id)));
  }
  $("unit-row").hidden = units.length < 2;
  select.addEventListener("change", () => load(select.value));
  load(select.value);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = { name: $("name").value.trim(), email: $("email").value.trim() };
    const button = form.querySelector("button[type=submit]"); button.disabled = true;
    const result = await api("POST", `/units/${select.value}/registrants`, body);
    button.disabled = false;
    if (!result.ok) { showErrors(form, result.error); return; }
    clearErrors(form);
    notice(form, result.data.existing_account
      ? `${result.data.name}（${result.data.email}）已有账号，已为其增加成果登记人角色并发送通知邮件。`
      : `已分配成果登记人账号，激活邮件已发送到 ${result.data.email}。`, "good");
    $("name").value = ""; $("email").value = "";
    load(select.value);
  });
});
