// 单位管理 → 分配成果登记人 (manual §1.2.1): POST/GET /api/v1/units/<unit_id>/registrants; per
// person 停用/启用 the role (PUT …/<user_id>/role), 重发激活邮件 (POST …/<user_id>/activation) and
// 查看其成果 (单位成果 of that registrant).
import { me } from "./shell.js";
import { api } from "./api.js";
import { unitChooser } from "./admin-units.js";
import { $, dateTime, dialog, h, loadFailed, notice, pager, table } from "./ui.js";
import { clearErrors, showErrors } from "./forms.js";

const STATUS = { pending: "待激活", active: "已激活", locked: "已锁定", disabled: "已停用" };

const PAGE_SIZE = 20;
let current = 1;

async function load(unitId, page = current) {
  current = page;
  const query = new URLSearchParams({ page: String(page), page_size: String(PAGE_SIZE) });
  if ($("q").value.trim()) query.set("q", $("q").value.trim());
  const result = await api("GET", `/units/${unitId}/registrants?${query}`);
  const box = $("list");
  box.textContent = "";
  if (!result.ok) { box.append(loadFailed("成果登记人列表", result.error)); return; }
  box.append(table([
    { label: "姓名", cell: (r) => r.name },
    { label: "电子邮箱（登录账号）", cell: (r) => r.email },
    { label: "账号状态", cell: (r) => STATUS[r.status] || r.status },
    { label: "成果登记人角色", cell: (r) => r.role_enabled ? "启用" : h("span", { class: "status-refused" }, `已停用（${dateTime(r.disabled_at)}）`) },
    { label: "分配时间", cell: (r) => dateTime(r.granted_at) },
    { label: "操作", cell: (r) => h("span", { class: "ops" },
        h("a", { class: "button small secondary", href: `/unit/registrations?owner=${r.user_id}&name=${encodeURIComponent(r.name)}` }, "查看其成果"),
        r.status === "pending" ? h("button", { type: "button", class: "small secondary", onclick: () => resend(unitId, r) }, "重发激活邮件") : null,
        h("button", { type: "button", class: r.role_enabled ? "small danger" : "small",
                      onclick: () => toggle(unitId, r) }, r.role_enabled ? "停用" : "启用")) },
  ], result.data.items, query.has("q") ? "没有符合条件的成果登记人" : "尚未分配成果登记人"),
  pager("成果登记人列表", { page, total: result.data.total, pageSize: PAGE_SIZE }, (p) => load(unitId, p)));
}

async function toggle(unitId, r) {
  const enable = !r.role_enabled;
  const ok = await dialog({ title: enable ? "启用成果登记人" : "停用成果登记人",
    body: h("p", {}, enable ? `确定恢复${r.name}在本单位的成果登记人角色吗？`
      : `确定停用${r.name}在本单位的成果登记人角色吗？停用后其不能再以本单位名义登记成果，账号和已提交的成果保留。`),
    buttons: [{ label: enable ? "启用" : "停用", value: "ok", primary: true }, { label: "取消", value: null }] });
  if (ok !== "ok") return;
  const result = await api("PUT", `/units/${unitId}/registrants/${r.user_id}/role`, { enabled: enable });
  notice($("notice"), result.ok ? `已${enable ? "启用" : "停用"}${r.name}的成果登记人角色。` : result.error.message,
         result.ok ? "good" : "bad");
  load(unitId);
}

async function resend(unitId, r) {
  const result = await api("POST", `/units/${unitId}/registrants/${r.user_id}/activation`, {});
  notice($("notice"), result.ok ? `激活邮件已重新发送到 ${r.email}（此前的激活链接作废）。` : result.error.message,
         result.ok ? "good" : "bad");
}

me.then(async (person) => {
  const form = $("assign");
  const select = await unitChooser(person, (unitId) => load(unitId, 1));
  if (!select) { form.hidden = true; return; }
  $("search").addEventListener("submit", (e) => { e.preventDefault(); load(select.value, 1); });
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
