// 登记机构 → 单位审核: units by status (通过 / 不通过 a pending one, 停用 / 启用 an approved one) and
// 信息变更: new names and credit codes the units' admins asked for (通过 / 不通过).
import { me } from "./shell.js";
import { api } from "./api.js";
import { $, h, askText, dateTime, dialog, loadFailed, notice, pager, param, table } from "./ui.js";

const PAGE_SIZE = 20;
let status = param("changes") ? "changes" : "pending";
let current = 1;

function said(result, good) {
  notice($("notice"), result.ok ? good : result.error.message, result.ok ? "good" : "bad");
}

async function load(page = current) {
  current = page;
  $("unit-filter").hidden = status === "changes";
  $("change-filter").hidden = status !== "changes";
  if (status === "changes") return loadChanges(page);
  const query = new URLSearchParams({ status, page: String(page), page_size: String(PAGE_SIZE) });
  if ($("q").value.trim()) query.set("q", $("q").value.trim());
  const result = await api("GET", `/units?${query}`);
  const box = $("list");
  box.textContent = "";
  if (!result.ok) { box.append(loadFailed("单位列表", result.error)); return; }
  box.append(table([
    { label: "单位名称", cell: (u) => u.name },
    { label: "统一社会信用代码", cell: (u) => u.credit_code },
    { label: "单位性质", cell: (u) => u.nature },
    { label: "通信地址", cell: (u) => u.address },
    { label: "单位管理员", cell: (u) => `${u.admin_name}（${u.admin_email}，${u.admin_mobile}）` },
    { label: "注册时间", cell: (u) => dateTime(u.created_at) },
    { label: status === "rejected" ? "不通过理由" : "状态", cell: stateOf },
    { label: "操作", cell: operations },
  ], result.data.items, status === "pending" ? "暂无待审核的单位" : "暂无记录"),
  pager("单位列表", { page, total: result.data.total, pageSize: PAGE_SIZE }, load));
}

function stateOf(u) {
  if (status === "rejected") return u.reason || "";
  if (!u.enabled) return h("span", {}, h("span", { class: "badge bad" }, "已停用"), ` ${u.disabled_reason || ""}`);
  return u.status_label;
}

function operations(u) {
  if (u.status === "pending") {
    return h("span", { class: "ops" },
      h("button", { type: "button", class: "small", "aria-label": `审核通过${u.name}`, onclick: () => approve(u) }, "通过"),
      h("button", { type: "button", class: "small secondary", "aria-label": `${u.name}不通过`, onclick: () => reject(u) }, "不通过"));
  }
  if (u.status !== "approved") return "";
  return u.enabled
    ? h("button", { type: "button", class: "link danger", "aria-label": `停用${u.name}`, onclick: () => disable(u) }, "停用")
    : h("button", { type: "button", class: "link", "aria-label": `启用${u.name}`, onclick: () => enable(u) }, "启用");
}

async function approve(unit) {
  const result = await api("POST", `/units/${unit.id}/approve`);
  said(result, `“${unit.name}”已审核通过，激活邮件已发送到 ${unit.admin_email}。`);
  load();
}

async function reject(unit) {
  const reason = await askText(`“${unit.name}”不通过`, "不通过理由：", "确定不通过");
  if (reason === null) return;
  const result = await api("POST", `/units/${unit.id}/reject`, { reason });
  said(result, `“${unit.name}”未通过审核，已通知单位管理员。`);
  load();
}

async function disable(unit) {
  const reason = await askText(`停用“${unit.name}”`,
    "停用原因（停用后，该单位的单位管理员和成果登记人不能办理该单位的业务，待该单位审核的成果暂停，直至重新启用；账号和已有成果保留）：", "确定停用");
  if (reason === null) return;
  const result = await api("PUT", `/units/${unit.id}/state`, { enabled: false, reason });
  said(result, `“${unit.name}”已停用。`);
  load();
}

async function enable(unit) {
  const sure = await dialog({ title: `启用“${unit.name}”`, body: h("p", {}, "启用后，该单位的单位管理员和成果登记人恢复办理该单位的业务。"),
    buttons: [{ label: "确定启用", value: "ok", primary: true }, { label: "取消", value: null }] });
  if (sure !== "ok") return;
  const result = await api("PUT", `/units/${unit.id}/state`, { enabled: true });
  said(result, `“${unit.name}”已启用。`);
  load();
}

// -- 信息变更 -----------------------------------------------------------------------------------
function changed(before, after) {
  return before === after ? after : h("span", {}, h("del", {}, before), " → ", h("strong", {}, after));
}

async function loadChanges(page) {
  const query = new URLSearchParams({ page: String(page), page_size: String(PAGE_SIZE) });
  if ($("change-status").value) query.set("status", $("change-status").value);
  const result = await api("GET", `/unit-changes?${query}`);
  const box = $("list");
  box.textContent = "";
  if (!result.ok) { box.append(loadFailed("单位信息变更申请", result.error)); return; }
  box.append(table([
    { label: "单位名称", cell: (c) => changed(c.old_name, c.name) },
    { label: "统一社会信用代码", cell: (c) => changed(c.old_credit_code, c.credit_code) },
    { label: "单位管理员", cell: (c) => `${c.unit.admin_name}（${c.unit.admin_email}）` },
    { label: "申请时间", cell: (c) => dateTime(c.requested_at) },
    { label: "状态", cell: (c) => c.reason ? `${c.status_label}：${c.reason}` : c.status_label },
    { label: "操作", cell: (c) => c.status !== "pending" ? "" : h("span", { class: "ops" },
        h("button", { type: "button", class: "small", "aria-label": `通过${c.old_name}的变更`, onclick: () => decide(c, true) }, "通过"),
        h("button", { type: "button", class: "small secondary", "aria-label": `${c.old_name}的变更不通过`, onclick: () => decide(c, false) }, "不通过")) },
  ], result.data.items, "暂无单位信息变更申请"),
  pager("单位信息变更申请", { page, total: result.data.total, pageSize: PAGE_SIZE }, load));
}

async function decide(change, approve) {
  let reason = null;
  if (!approve) {
    reason = await askText(`“${change.old_name}”的信息变更不通过`, "不通过理由：", "确定不通过");
    if (reason === null) return;
  }
  const result = await api("POST", `/unit-changes/${change.change_id}/decision`, approve ? { approve } : { approve, reason });
  said(result, approve ? `已通过：单位名称为“${change.name}”，已通知单位管理员。` : "已退回该变更申请，已通知单位管理员。");
  load();
}

me.then(() => {
  document.querySelectorAll(".filter-btn").forEach((b) => {
    b.setAttribute("aria-pressed", String(b.dataset.status === status));
    b.addEventListener("click", () => {
      status = b.dataset.status;
      document.querySelectorAll(".filter-btn").forEach((x) => x.setAttribute("aria-pressed", String(x === b)));
      load(1);
    });
  });
  $("change-status").addEventListener("change", () => load(1));
  $("search").addEventListener("submit", (e) => { e.preventDefault(); load(1); });
  load(1);
});
