// 待审核成果 (unit admin, office): GET /api/v1/review/tasks.
import { me } from "./shell.js";
import { api } from "./api.js";
import { $, h, dateTime, loadFailed, pager, table } from "./ui.js";

export const PAGE_SIZE = 20;

export const CATEGORY = { applied: "应用技术类", basic: "基础理论类", soft: "软科学类" };

export function caseTable(items, empty) {
  return table([
    { label: "成果名称", cell: (c) => h("a", { href: `/review/${c.case_id}` }, c.title || "（未填写成果名称）") },
    { label: "类别", cell: (c) => CATEGORY[c.category] || c.category },
    { label: "状态", cell: (c) => c.status_label },
    { label: "登记号", cell: (c) => c.registration_number || "" },
    { label: "提交时间", cell: (c) => dateTime(c.opened_at) },
    { label: "最后处理", cell: (c) => dateTime(c.updated_at) },
    { label: "操作", cell: (c) => h("a", { class: "button small", href: `/review/${c.case_id}` }, c.status === "pending" ? "审核" : "查看") },
  ], items, empty);
}

/** A paged list of cases from `path` with the search form's fields `names`, into #list. */
export function pagedCases(path, names, what, empty, after) {
  const load = async (page = 1) => {
    const query = new URLSearchParams({ page: String(page), page_size: String(PAGE_SIZE) });
    for (const name of names) if ($(name).value.trim()) query.set(name, $(name).value.trim());
    const result = await api("GET", `${path}?${query}`);
    $("list").textContent = "";
    if (!result.ok) { $("list").append(loadFailed(what, result.error)); return; }
    $("list").append(caseTable(result.data.items, empty),
                     pager(what, { page, total: result.data.total, pageSize: PAGE_SIZE }, load));
    if (after) after(result.data);
  };
  return load;
}

export function reviewList() {
  const load = pagedCases("/review/tasks", ["q", "category"], "待审核成果列表", "暂无待审核的科技成果");
  me.then(() => {
    $("search").addEventListener("submit", (e) => { e.preventDefault(); load(); });
    load();
  });
}
