// 常见问题 (public): GET /api/v1/public/notices?kind=faq — each question with its answer.
import { api } from "./api.js";
import { $, h, loadFailed, pager, paragraphs } from "./ui.js";

const PAGE_SIZE = 50;

async function load(page = 1) {
  const answer = await api("GET", `/public/notices?kind=faq&page=${page}&page_size=${PAGE_SIZE}`);
  $("list").textContent = "";
  if (!answer.ok) { $("list").append(loadFailed("常见问题", answer.error)); return; }
  if (!answer.data.items.length) $("list").append(h("p", { class: "empty" }, "暂无常见问题"));
  for (const q of answer.data.items) {
    $("list").append(h("details", { class: "panel" }, h("summary", {}, q.title), ...paragraphs(q.body)));
  }
  $("list").append(pager("常见问题", { page, total: answer.data.total, pageSize: PAGE_SIZE }, load));
}

load();
