// 登记机构 → 通知公告管理: GET /api/v1/notices (drafts too), POST /api/v1/notices,
// PUT /api/v1/notices/<id> (change, 发布 or 撤下), DELETE /api/v1/notices/<id>.
import { me } from "./shell.js";
import { api } from "./api.js";
import { $, dateTime, dialog, h, loadFailed, notice, pager, table } from "./ui.js";
import { clearErrors, showErrors } from "./forms.js";

const PAGE_SIZE = 20;
let kind = "";
let current = 1;

function body(overrides = {}) {
  return { kind: $("kind").value, title: $("title").value.trim(), body: $("body").value,
           pinned: $("pinned").checked, published: $("published").checked, ...overrides };
}

function edit(t) {
  $("text-id").value = t ? String(t.id) : "";
  $("edit-title").textContent = t ? `修改：${t.title}` : "撰写";
  $("kind").value = t ? t.kind : "notice";
  $("title").value = t ? t.title : "";
  $("body").value = t ? t.body : "";
  $("pinned").checked = t ? t.pinned : false;
  $("published").checked = t ? t.published : false;
  $("cancel").hidden = !t;
  clearErrors($("edit")); notice($("edit"), "");
  if (t) $("title").focus();
}

async function load(page = current) {
  current = page;
  const query = new URLSearchParams({ page: String(page), page_size: String(PAGE_SIZE) });
  if (kind) query.set("kind", kind);
  const answer = await api("GET", "/notices?" + query);
  $("list").textContent = "";
  if (!answer.ok) { $("list").append(loadFailed("通知公告", answer.error)); return; }
  $("list").append(table([
    { label: "类别", cell: (t) => t.kind_label },
    { label: "标题", cell: (t) => t.published && t.kind === "notice" ? h("a", { href: `/notices/${t.id}` }, t.title) : t.title },
    { label: "状态", cell: (t) => (t.published ? `已发布（${dateTime(t.published_at)}）` : "草稿") + (t.pinned ? "，置顶" : "") },
    { label: "最后修改", cell: (t) => dateTime(t.updated_at) },
    { label: "操作", cell: (t) => h("span", { class: "ops" },
        h("button", { type: "button", class: "small secondary", onclick: () => edit(t) }, "修改"),
        h("button", { type: "button", class: "small", onclick: () => toggle(t) }, t.published ? "撤下" : "发布"),
        h("button", { type: "button", class: "small danger", onclick: () => remove(t) }, "删除")) },
  ], answer.data.items, "暂无通知公告或常见问题"),
  pager("通知公告", { page, total: answer.data.total, pageSize: PAGE_SIZE }, load));
}

async function toggle(t) {
  const result = await api("PUT", `/notices/${t.id}`, { kind: t.kind, title: t.title, body: t.body,
                                                      pinned: t.pinned, published: !t.published });
  notice($("notice"), result.ok ? `已${t.published ? "撤下" : "发布"}“${t.title}”。` : result.error.message, result.ok ? "good" : "bad");
  load();
}

async function remove(t) {
  const ok = await dialog({ title: "删除", body: h("p", {}, `确定删除“${t.title}”吗？删除后不能恢复。`),
    buttons: [{ label: "删除", value: "ok", primary: true }, { label: "取消", value: null }] });
  if (ok !== "ok") return;
  const result = await api("DELETE", `/notices/${t.id}`);
  notice($("notice"), result.ok ? `已删除“${t.title}”。` : result.error.message, result.ok ? "good" : "bad");
  load();
}

me.then(() => {
  $("edit").addEventListener("submit", async (event) => {
    event.preventDefault();
    const id = $("text-id").value;
    const result = await api(id ? "PUT" : "POST", id ? `/notices/${id}` : "/notices", body());
    if (!result.ok) { showErrors($("edit"), result.error); return; }
    notice($("notice"), `已保存“${result.data.title}”${result.data.published ? "并发布" : "（草稿）"}。`, "good");
    edit(null);
    load(1);
  });
  $("cancel").addEventListener("click", () => edit(null));
  document.querySelectorAll(".filter-btn").forEach((b) => b.addEventListener("click", () => {
    kind = b.dataset.kind;
    document.querySelectorAll(".filter-btn").forEach((x) => x.setAttribute("aria-pressed", String(x === b)));
    load(1);
  }));
  load(1);
});
