// 已审核成果 of every reviewing level (单位管理员, 推荐单位, 登记机构): GET /api/v1/review/history
// — the decisions of the level the page belongs to (/unit/history, /recommender/history,
// /office/history), by title and decision, paged; each opens the case (content, history).
import { me } from "./shell.js";
import { api } from "./api.js";
import { $, h, dateTime, loadFailed, notice, pager, table } from "./ui.js";
import { CATEGORY, PAGE_SIZE } from "./review-list.js";

const LEVEL = { "/unit/history": "unit", "/recommender/history": "recommender", "/office/history": "office" }[location.pathname];

function decisionTable(items) {
  return table([
    { label: "成果名称", cell: (d) => h("a", { href: d.link }, d.title || "（未填写成果名称）") },
    { label: "类别", cell: (d) => CATEGORY[d.category] || d.category },
    { label: "审核结论", cell: (d) => h("span", { class: `decision decision-${d.decision}` }, d.decision_label) },
    { label: "审核时间", cell: (d) => dateTime(d.at) },
    { label: "审核意见", cell: (d) => [d.reason_label ? `${d.reason_label}。` : "", d.comment || ""].join("") },
    { label: "当前状态", cell: (d) => d.status_label },
    { label: "登记号", cell: (d) => d.registration_number || "" },
    { label: "操作", cell: (d) => h("a", { class: "button small", href: d.link }, "查看") },
  ], items, "没有符合条件的已审核成果");
}

async function load(page = 1) {
  const query = new URLSearchParams({ page: String(page), page_size: String(PAGE_SIZE) });
  if (LEVEL) query.set("level", LEVEL);
  for (const name of ["q", "decision"]) if ($(name).value.trim()) query.set(name, $(name).value.trim());
  const result = await api("GET", `/review/history?${query}`);
  $("list").textContent = "";
  if (!result.ok) { $("list").append(loadFailed("已审核成果", result.error)); return; }
  notice($("notice"), `共 ${result.data.total} 项`, "");
  $("list").append(decisionTable(result.data.items),
                   pager("已审核成果", { page, total: result.data.total, pageSize: PAGE_SIZE }, load));
}

me.then(() => {
  $("search").addEventListener("submit", (e) => { e.preventDefault(); load(); });
  load();
});
