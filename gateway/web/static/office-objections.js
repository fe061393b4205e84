// 登记机构 → 公示异议: GET /api/v1/objections?status=&page= (待处理 first), each pending one
// resolved by POST /api/v1/objections/<id>/resolve {decision: uphold|dismiss, comment, version}
// with the case's version as listed (a case changed meanwhile is refused: 409 stale). The status
// and page are in the address (?status=upheld&page=2; 全部: status=all).
import { me } from "./shell.js";
import { api } from "./api.js";
import { $, h, askText, dateTime, dialog, loadFailed, notice, table } from "./ui.js";

const PAGE_SIZE = 20;
const EXCERPT = 60;             // 异议理由 longer than this: 展开 / 收起
const STATUSES = ["pending", "dismissed", "upheld", "closed", "all"];
const EMPTY = { pending: "暂无待处理的异议", dismissed: "暂无异议不成立的记录", upheld: "暂无异议成立的记录",
                closed: "暂无已结案的异议", all: "暂无异议" };
const state = { status: "pending", page: 1 };
let seq = 0;
let busy = false;

const chars = (text) => [...(text || "")];

// -- the address ------------------------------------------------------------------------------------
function readUrl() {
  const p = new URLSearchParams(location.search);
  state.status = STATUSES.includes(p.get("status")) ? p.get("status") : "pending";
  state.page = Math.max(1, parseInt(p.get("page"), 10) || 1);
}

function writeUrl(push) {
  const p = new URLSearchParams();
  if (state.status !== "pending") p.set("status", state.status);
  if (state.page > 1) p.set("page", String(state.page));
  const url = location.pathname + (p.toString() ? "?" + p : "");
  if (url === location.pathname + location.search) return;
  if (push) history.pushState(null, "", url); else history.replaceState(null, "", url);
}

// -- the cells --------------------------------------------------------------------------------------
function reasonsCell(o) {
  const all = chars(o.reasons);
  if (all.length <= EXCERPT) return h("div", { class: "objection-reasons" }, o.reasons);
  const short = all.slice(0, EXCERPT).join("") + "……";
  const text = h("span", { id: `reasons-${o.objection_id}` }, short);
  const toggle = h("button", { type: "button", class: "link", "aria-expanded": "false",
                               "aria-controls": `reasons-${o.objection_id}`, onclick: () => {
    const open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    text.textContent = open ? o.reasons : short;
    toggle.textContent = open ? "收起" : "展开全文";
  } }, "展开全文");
  return h("div", { class: "objection-reasons" }, text, " ", toggle);
}

function contactCell(o) {
  const contact = o.contact || "";
  return /^[^\s@]+@[^\s@]+$/.test(contact) ? h("a", { href: "mailto:" + contact }, contact) : contact;
}

function statusCell(o) {
  const kind = { pending: "pending", upheld: "refused", dismissed: "approved", closed: "closed" }[o.status] || o.status;
  return h("div", { class: "objection-status" },
    h("span", { class: "status-" + kind }, o.status_label),
    o.status !== "pending" && o.resolution ? h("div", { class: "objection-resolution" }, "处理意见：", o.resolution) : null,
    o.resolved_at ? h("div", { class: "hint" }, "处理时间：", dateTime(o.resolved_at)) : null);
}

function titleCell(o) {
  return h("div", {}, o.title || "（未填写成果名称）",
    o.case_status_label ? h("div", { class: "hint" }, "成果状态：", o.case_status_label) : null);
}

function actionsCell(o, rows) {
  if (o.status !== "pending") return "";
  return h("span", { class: "ops" },
    h("button", { type: "button", class: "small danger", "aria-label": `异议成立：${o.title}（异议人${o.name}）`,
                  onclick: (e) => resolve(o, "uphold", rows, e.currentTarget) }, "异议成立"),
    h("button", { type: "button", class: "small secondary", "aria-label": `异议不成立：${o.title}（异议人${o.name}）`,
                  onclick: (e) => resolve(o, "dismiss", rows, e.currentTarget) }, "异议不成立"));
}

// -- the list ---------------------------------------------------------------------------------------
async function pendingCount() {
  const result = await api("GET", "/objections?status=pending&page_size=1");
  const button = document.querySelector('#filter [data-status="pending"]');
  let badge = button.querySelector(".count");
  if (!result.ok || !result.data.total) { if (badge) badge.remove(); return; }
  if (!badge) { badge = h("span", { class: "count" }); button.append(badge); }
  badge.textContent = String(result.data.total);
  badge.setAttribute("aria-label", `${result.data.total} 条`);
}

async function load() {
  const mine = ++seq;
  document.querySelectorAll("#filter .filter-btn").forEach((b) =>
    b.setAttribute("aria-pressed", String((b.dataset.status || "all") === state.status)));
  const params = new URLSearchParams({ page: String(state.page), page_size: String(PAGE_SIZE) });
  if (state.status !== "all") params.set("status", state.status);
  $("summary").textContent = "正在加载…";
  pendingCount();
  const result = await api("GET", "/objections?" + params);
  if (mine !== seq) return;
  const box = $("list");
  const pager = $("pager");
  box.textContent = "";
  pager.textContent = "";
  if (!result.ok) { $("summary").textContent = ""; box.append(loadFailed("异议列表", result.error)); return; }
  const { items, total, page, page_size: size } = result.data;
  const label = document.querySelector(`#filter [data-status="${state.status === "all" ? "" : state.status}"]`);
  $("summary").textContent = total ? `${label ? label.firstChild.textContent : ""}：共 ${total} 条` : "";
  box.append(table([
    { label: "公示编号", cell: (o) => h("a", { href: `/review/${o.case_id}`, "aria-label": `公示编号 ${o.case_id}，查看成果` }, String(o.case_id)) },
    { label: "成果名称", cell: titleCell },
    { label: "异议人", cell: (o) => o.name },
    { label: "联系方式", cell: contactCell },
    { label: "异议理由", cell: reasonsCell },
    { label: "提交时间", cell: (o) => dateTime(o.filed_at) },
    { label: "公示截止", cell: (o) => o.publicity_ends_on || "—" },
    { label: "状态", cell: statusCell },
    { label: "操作", cell: (o) => actionsCell(o, items) },
  ], items, EMPTY[state.status]));
  const pages = Math.max(1, Math.ceil(total / size));
  if (pages > 1 || page > 1) {
    const go = (n) => { state.page = n; writeUrl(true); load(); };
    pager.append(
      h("button", { type: "button", class: "small secondary", disabled: page <= 1, onclick: () => go(page - 1) }, "上一页"),
      h("span", { class: "pager-state" }, `第 ${page} / ${pages} 页，共 ${total} 条`),
      h("button", { type: "button", class: "small secondary", disabled: page >= pages, onclick: () => go(page + 1) }, "下一页"));
  }
}

// -- resolving --------------------------------------------------------------------------------------
async function confirmUphold(o, comment, rows) {
  const others = rows.filter((r) => r.case_id === o.case_id && r.status === "pending" && r.objection_id !== o.objection_id).length;
  const choice = await dialog({
    title: "确认异议成立",
    body: [
      h("p", {}, `异议成立后，“${o.title}”（公示编号 ${o.case_id}）将`, h("strong", {}, "不予登记"),
        "（理由：存在争议），公示随即结束，并通知登记人。此操作不能撤销。"),
      others ? h("p", {}, `该成果另有 ${others} 条待处理的异议，将一并结案。`) : null,
      h("p", { class: "hint" }, "处理意见：" + comment)],
    buttons: [{ label: "确定异议成立，不予登记", value: "ok", primary: true }, { label: "取消", value: null }] });
  return choice === "ok";
}

function resolvedText(o, decision, c) {
  if (decision === "uphold") return `已处理：异议成立。“${o.title}”（公示编号 ${o.case_id}）不予登记（存在争议），公示已结束。`;
  if (c && c.status === "approved" && c.registration_number) {
    return `已处理：异议不成立。“${o.title}”公示期已满且没有其他待处理异议，已予以登记，登记号：${c.registration_number}。`;
  }
  return `已处理：异议不成立。“${o.title}”（公示编号 ${o.case_id}）继续公示` +
    (o.publicity_ends_on ? `至 ${o.publicity_ends_on}` : "") + "，公示期满且没有其他待处理异议的，系统自动予以登记。";
}

function failedText(error) {
  if (error.code === "stale") return `${error.message}（列表已刷新，请核对后重新处理）`;
  if (error.code === "objection_resolved") return "该异议已经处理过（可能已由其他人员处理），列表已刷新。";
  const fields = Object.values(error.fields || {}).join("；");
  return error.message + (fields ? `：${fields}` : "") + (error.code ? `（错误代码：${error.code}）` : "");
}

async function resolve(o, decision, rows, button) {
  if (busy) return;
  const uphold = decision === "uphold";
  const comment = await askText(uphold ? `异议成立：${o.title}` : `异议不成立：${o.title}`, "处理意见：",
                                uphold ? "下一步" : "确定异议不成立");
  if (comment === null) return;
  if (uphold && !(await confirmUphold(o, comment, rows))) return;
  busy = true;
  button.disabled = true;
  const result = await api("POST", `/objections/${o.objection_id}/resolve`,
                           { decision, comment, version: o.case_version });
  busy = false;
  notice($("notice"), result.ok ? resolvedText(o, decision, result.data) : failedText(result.error),
         result.ok ? "good" : "bad");
  await load();
  $("notice").scrollIntoView({ block: "nearest" });
}

me.then(() => {
  readUrl();
  writeUrl(false);
  document.querySelectorAll("#filter .filter-btn").forEach((b) => b.addEventListener("click", () => {
    state.status = b.dataset.status || "all";
    state.page = 1;
    notice($("notice"), "");
    writeUrl(true);
    load();
  }));
  window.addEventListener("popstate", () => { readUrl(); load(); });
  load();
});
