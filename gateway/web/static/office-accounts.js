// 登记机构 → 账号管理: GET /api/v1/accounts?q=&role=&status=&page=, POST /api/v1/accounts (staff
// accounts and people without a 居民身份证), POST /api/v1/accounts/<id>/unlock (解锁),
// PUT /api/v1/accounts/<id>/state {enabled} (停用 / 启用).
import { me } from "./shell.js";
import { api } from "./api.js";
import { $, dateTime, dialog, h, loadFailed, notice, pager, table } from "./ui.js";
import { clearErrors, formValues, showErrors } from "./forms.js";
import { ROLE_LABELS } from "./roles.js";

const PAGE_SIZE = 20;
const STATE = { pending: "待激活", active: "已激活", locked: "已锁定", disabled: "已停用" };
const HINTS = {
  "护照": "5-20位字母或数字；中国普通护照为E加8位数字，或E加1位字母和7位数字",
  "港澳居民来往内地通行证": "H（香港）或M（澳门）加8位数字",
  "台湾居民来往大陆通行证": "8位数字",
  "外国人永久居留身份证": "2023版：以9开头的18位（含校验位）；2017版：3位字母加12位数字",
};
let self = null;

function roles(a) {
  return a.roles.map((r) => (ROLE_LABELS[r.role] || r.role) + (r.unit_id ? `（单位 ${r.unit_id}）` : "")
    + (r.enabled ? "" : "（已停用）")).join("、") || "—";
}

async function load(page = 1) {
  const query = new URLSearchParams({ page: String(page), page_size: String(PAGE_SIZE) });
  for (const name of ["q", "role", "status"]) if ($(name).value.trim()) query.set(name, $(name).value.trim());
  const result = await api("GET", "/accounts?" + query);
  $("list").textContent = "";
  if (!result.ok) { $("list").append(loadFailed("账号列表", result.error)); return; }
  $("list").append(table([
    { label: "姓名", cell: (a) => a.name },
    { label: "电子邮箱（登录账号）", cell: (a) => a.email },
    { label: "角色", cell: roles },
    { label: "证件", cell: (a) => a.id_type || "" },
    { label: "状态", cell: (a) => h("span", { class: `state-${a.state}` }, STATE[a.state] || a.state) },
    { label: "创建时间", cell: (a) => dateTime(a.created_at) },
    { label: "操作", cell: (a) => h("span", { class: "ops" },
        a.roles.some((r) => r.role === "recommender" && r.unit_id == null && r.enabled)
          ? h("button", { type: "button", class: "small secondary", onclick: () => recommends(a, page) }, "推荐范围") : null,
        a.state === "locked" ? h("button", { type: "button", class: "small", onclick: () => unlock(a, page) }, "解锁") : null,
        a.user_id === self ? null : a.state === "disabled"
          ? h("button", { type: "button", class: "small", onclick: () => setState(a, true, page) }, "启用")
          : h("button", { type: "button", class: "small danger", onclick: () => setState(a, false, page) }, "停用")) },
  ], result.data.items, "没有符合条件的账号"),
  pager("账号列表", { page, total: result.data.total, pageSize: PAGE_SIZE }, load));
  $("total").textContent = `共 ${result.data.total} 个账号`;
}

/** 推荐范围: which approved units this 推荐单位 recommends for (it reviews only their cases). */
async function recommends(a, page) {
  const chosen = new Set(a.roles.filter((r) => r.role === "recommender" && r.unit_id != null && r.enabled).map((r) => r.unit_id));
  const search = h("input", { type: "search", id: "unit-search", "aria-label": "按单位名称或统一社会信用代码查找" });
  const list = h("div", { class: "unit-choices" });
  const show = async () => {
    const query = new URLSearchParams({ status: "approved", page_size: "100" });
    if (search.value.trim()) query.set("q", search.value.trim());
    const units = await api("GET", "/units?" + query);
    list.textContent = "";
    if (!units.ok) { list.append(loadFailed("单位列表", units.error)); return; }
    for (const u of units.data.items) {
      const box = h("input", { type: "checkbox", checked: chosen.has(u.id),
                               onchange: (e) => { if (e.target.checked) chosen.add(u.id); else chosen.delete(u.id); } });
      list.append(h("label", { class: "choice block" }, box, ` ${u.name}（${u.credit_code}）`));
    }
    if (units.data.total > units.data.items.length) list.append(h("p", { class: "hint" }, `共 ${units.data.total} 个单位，请输入名称缩小范围`));
  };
  search.addEventListener("input", () => show());
  await show();
  const ok = await dialog({ title: `${a.name}的推荐范围`, body: [h("p", {}, "勾选该推荐单位为之推荐的单位；它只审核这些单位提交的成果。"), search, list],
    buttons: [{ label: "保存", value: "ok", primary: true }, { label: "取消", value: null }] });
  if (ok !== "ok") return;
  const result = await api("PUT", `/accounts/${a.user_id}/recommended-units`, { unit_ids: [...chosen] });
  notice($("notice"), result.ok ? `已保存${a.name}的推荐范围（${chosen.size} 个单位）。` : result.error.message, result.ok ? "good" : "bad");
  if (result.ok) load(page);
}

async function unlock(a, page) {
  const result = await api("POST", `/accounts/${a.user_id}/unlock`, {});
  notice($("notice"), result.ok ? `已为${a.name}解锁，可立即登录。` : result.error.message, result.ok ? "good" : "bad");
  if (result.ok) load(page);
}

async function setState(a, enabled, page) {
  const ok = await dialog({ title: enabled ? "启用账号" : "停用账号",
    body: h("p", {}, enabled ? `确定启用${a.name}（${a.email}）的账号吗？`
      : `确定停用${a.name}（${a.email}）的账号吗？停用后其立即退出登录，且不能再登录，直到重新启用。`),
    buttons: [{ label: enabled ? "启用" : "停用", value: "ok", primary: true }, { label: "取消", value: null }] });
  if (ok !== "ok") return;
  const result = await api("PUT", `/accounts/${a.user_id}/state`, { enabled });
  notice($("notice"), result.ok ? `已${enabled ? "启用" : "停用"}${a.name}的账号。` : result.error.message,
         result.ok ? "good" : "bad");
  if (result.ok) load(page);
}

function documentRow() {
  const kind = $("add-id-type").value;
  $("add-id-number-row").hidden = !kind;
  $("add-id-hint").textContent = HINTS[kind] || "";
  if (kind) $("add-role").value = "registrant";
}

me.then((person) => {
  self = person.user_id ?? person.id;
  $("add-id-type").addEventListener("change", documentRow);
  $("add").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = $("add");
    const body = formValues(form);
    if (!body.id_type) { delete body.id_type; delete body.id_number; }
    const button = form.querySelector("button[type=submit]"); button.disabled = true;
    const result = await api("POST", "/accounts", body);
    button.disabled = false;
    if (!result.ok) { showErrors(form, result.error); return; }
    clearErrors(form);
    notice(form, result.data.existing_account
      ? `${result.data.name}（${result.data.email}）已有账号，已增加${ROLE_LABELS[result.data.role]}角色。`
      : `已添加${ROLE_LABELS[result.data.role]}账号，激活邮件已发送到 ${result.data.email}。`, "good");
    form.reset(); documentRow();
    load();
  });
  $("search").addEventListener("submit", (e) => { e.preventDefault(); load(); });
  load();
});
