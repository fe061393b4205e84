// 通知公告 (public): GET /api/v1/public/notices?kind=notice&page=, pinned first, newest first.
import { api } from "./api.js";
import { $, dateTime, h, loadFailed, pager } from "./ui.js";

const PAGE_SIZE = 20;

async function load(page = 1) {
  const answer = await api("GET", `/public/notices?kind=notice&page=${page}&page_size=${PAGE_SIZE}`);
  $("list").textContent = "";
  $("pager-slot").textContent = "";
  if (!answer.ok) { $("list").append(loadFailed("通知公告", answer.error)); return; }
  if (!answer.data.items.length) $("list").append(h("li", { class: "empty" }, "暂无通知公告"));
  for (const n of answer.data.items) {
    $("list").append(h("li", {}, n.pinned ? h("span", { class: "pin" }, "置顶") : null,
      h("a", { href: `/notices/${n.id}` }, n.title), h("span", { class: "date" }, dateTime(n.published_at).slice(0, 10))));
  }
  $("pager-slot").append(pager("通知公告", { page, total: answer.data.total, pageSize: PAGE_SIZE }, load));
}

load();
