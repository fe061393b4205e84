// 登记机构 → 单位审核: GET /api/v1/units?status=pending, 通过 / 不通过 (with a reason).
import { me } from "./shell.js";
import { api } from "./api.js";
import { $, h, askText, dateTime, loadFailed, notice, pager, table } from "./ui.js";

const PAGE_SIZE = 20;
let status = "pending";
let current = 1;

async function load(page = current) {
  current = page;
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
    { label: status === "rejected" ? "不通过理由" : "状态", cell: (u) => status === "rejected" ? (u.reason || "") : u.status_label },
    { label: "操作", cell: (u) => u.status !== "pending" ? "" : h("span", { class: "ops" },
        h("button", { type: "button", class: "small", "aria-label": `审核通过${u.name}`, onclick: () => approve(u) }, "通过"),
        h("button", { type: "button", class: "small secondary", "aria-label": `${u.name}不通过`, onclick: () => reject(u) }, "不通过")) },
  ], result.data.items, status === "pending" ? "暂无待审核的单位" : "暂无记录"),
  pager("单位列表", { page, total: result.data.total, pageSize: PAGE_SIZE }, load));
}

async function approve(unit) {
  const result = await api("POST", `/units/${unit.id}/approve`);
  notice($("notice"), result.ok ? `“${unit.name}”已审核通过，激活邮件已发送到 ${unit.admin_email}。` : result.error.message, result.ok ? "good" : "bad");
  load();
}

async function reject(unit) {
  const reason = await askText(`“${unit.name}”不通过`, "不通过理由：", "确定不通过");
  if (reason === null) return;
  const result = await api("POST", `/units/${unit.id}/reject`, { reason });
  notice($("notice"), result.ok ? `“${unit.name}”未通过审核，已通知单位管理员。` : result.error.message, result.ok ? "good" : "bad");
  load();
}

me.then(() => {
  document.querySelectorAll(".filter-btn").forEach((b) => b.addEventListener("click", () => {
    status = b.dataset.status;
    document.querySelectorAll(".filter-btn").forEach((x) => x.setAttribute("aria-pressed", String(x === b)));
    load(1);
  }));
  $("search").addEventListener("submit", (e) => { e.preventDefault(); load(1); });
  load(1);
});
