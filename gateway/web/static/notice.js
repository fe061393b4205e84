// One 通知公告 (public): GET /api/v1/public/notices/<id>. The body is plain text, shown as
// paragraphs (never as HTML).
import { api } from "./api.js";
import { $, dateTime, notice, paragraphs } from "./ui.js";

async function load() {
  const id = Number(location.pathname.split("/").pop());
  const answer = await api("GET", `/public/notices/${id}`);
  if (!answer.ok) { notice($("problem"), answer.error.message, "bad"); return; }
  $("title").textContent = answer.data.title;
  document.title = `${answer.data.title} - 甘肃省科技管理信息系统`;
  $("meta").textContent = `发布时间：${dateTime(answer.data.published_at)}`;
  $("body").append(...paragraphs(answer.data.body));
  $("article").hidden = false;
}

load();
