// 工作提醒: GET /api/v1/reminders (the kinds and their counts, the same answer as the header's
// count) and, for each kind, GET /api/v1/reminders/<kind>?page= (its items, each with a link to
// act on it), a page at a time.
import { me } from "./shell.js";
import { api } from "./api.js";
import { $, dateTime, h, loadFailed, pager, table } from "./ui.js";

const PAGE_SIZE = 20;

async function showKind(kind, page, where) {
  const params = new URLSearchParams({ page: String(page), page_size: String(PAGE_SIZE) });
  const answer = await api("GET", `/reminders/${encodeURIComponent(kind.kind)}?${params}`);
  where.textContent = "";
  if (!answer.ok) { where.append(loadFailed(kind.label, answer.error)); return; }
  const { items, total } = answer.data;
  where.append(table([
    { label: "事项", cell: (r) => r.title },
    { label: "状态", cell: (r) => r.status_label },
    { label: "时间", cell: (r) => dateTime(r.at) },
    { label: "操作", cell: (r) => h("a", { href: r.link }, "去处理") },
  ], items, "暂无"));
  where.append(pager(kind.label, { page, total, pageSize: PAGE_SIZE }, (p) => showKind(kind, p, where)));
}

async function load() {
  const answer = await api("GET", "/reminders");
  if (!answer.ok) { $("kinds").append(loadFailed("工作提醒", answer.error)); return; }
  const { total, kinds } = answer.data;
  $("summary").textContent = total ? `当前共有 ${total} 条工作提醒。` : "当前没有需要您处理的事项。";
  for (const kind of kinds) {
    const id = `kind-${kind.kind}`;
    const body = h("div", { id: `${id}-items` });
    $("kinds").append(h("section", { class: "panel", "aria-labelledby": id },
      h("h2", { id }, `${kind.label}（${kind.count}）`), body));
    showKind(kind, 1, body);
  }
}

me.then(load);
