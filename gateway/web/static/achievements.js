// 申报管理 → 科技成果登记 → 填写科技成果 (manual §2.2.1 ①, ⑤): the list with its progress and
// 新增科技成果 by category, which adds a row to the list (marked, its 填写申请 focused) as the manual
// shows: the registrant sees where the new registration lives before filling it in.
import { me } from "./shell.js";
import { api } from "./api.js";
import { $, h, dialog, dateTime, loadFailed, notice, pager, table } from "./ui.js";

const PAGE_SIZE = 20;
let current = 1;

async function load(fresh = null, page = current) {
  current = page;
  const query = new URLSearchParams({ page: String(page), page_size: String(PAGE_SIZE) });
  if ($("q").value.trim()) query.set("q", $("q").value.trim());
  if ($("status").value) query.set("status", $("status").value);
  const result = await api("GET", `/achievements?${query}`);
  const box = $("list");
  box.textContent = "";
  if (!result.ok) { box.append(loadFailed("科技成果列表", result.error)); return; }
  box.append(table([
    { label: "成果名称", cell: (d) => h("a", { href: `/achievements/${d.id}` }, d.title) },
    { label: "类别", cell: (d) => d.category_label },
    { label: "状态", cell: (d) => h("span", { class: `status status-${d.status}` }, d.status_label) },
    { label: "当前环节", cell: (d) => d.stage },
    { label: "最后保存", cell: (d) => dateTime(d.updated_at) },
    { label: "版本号", cell: (d) => String(d.version) },
    { label: "操作", cell: (d) => h("span", { class: "ops" },
        h("a", { class: "button small", href: `/achievements/${d.id}` }, d.editable ? "填写申请" : "查看"),
        d.status === "approved" ? h("a", { class: "button small secondary", href: "/certificates" }, "打印科技成果登记证书") : null,
        d.status === "editing" && !d.submitted_at
          ? h("button", { type: "button", class: "link danger", "aria-label": `删除${d.title}`, onclick: () => remove(d) }, "删除") : null) },
  ], result.data.items, query.has("q") || query.has("status") ? "没有符合条件的科技成果" : "暂无科技成果，请点击“新增科技成果”。"),
  pager("科技成果列表", { page, total: result.data.total, pageSize: PAGE_SIZE }, (p) => load(null, p)));
  if (fresh != null) {
    const index = result.data.items.findIndex((d) => d.id === fresh);
    const row = index < 0 ? null : box.querySelectorAll("tbody tr")[index];
    if (row) {
      row.classList.add("new");
      row.querySelector("a.button").focus();
    }
  }
}

async function remove(d) {
  const ok = await dialog({ title: "删除科技成果", body: h("p", {}, `确定删除“${d.title}”吗？删除后不能恢复。`),
    buttons: [{ label: "删除", value: "ok", primary: true }, { label: "取消", value: null }] });
  if (ok !== "ok") return;
  const result = await api("DELETE", `/achievements/${d.id}`);
  notice($("notice"), result.ok ? "已删除。" : result.error.message, result.ok ? "good" : "bad");
  load();
}

async function create(person) {
  const forms = await api("GET", "/forms");
  if (!forms.ok) { notice($("notice"), "成果类别加载失败：" + forms.error.message, "bad"); return; }
  const latest = forms.data.items.filter((f) => f.latest);
  const radios = latest.map((f, i) => h("label", { class: "choice block" },
    h("input", { type: "radio", name: "category", value: f.category, checked: i === 0 }), " " + f.title));
  const units = [...new Set(person.grants.filter((g) => g.role === "registrant").map((g) => g.unit_id))];
  const body = [h("fieldset", { class: "plain" }, h("legend", {}, "请选择成果类别"), radios)];
  let unitSelect = null;
  if (units.length > 1) {
    const names = await Promise.all(units.map(async (u) => {
      if (u == null) return "无依托单位";
      const unit = await api("GET", `/units/${u}`);
      return unit.ok ? unit.data.name : `单位 ${u}`;
    }));
    unitSelect = h("select", { id: "new-unit" }, units.map((u, i) => new Option(names[i], u == null ? "" : String(u))));
    body.push(h("div", { class: "row" }, h("label", { for: "new-unit" }, "成果所属单位："), unitSelect));
  }
  const ok = await dialog({ title: "新增科技成果", body,
    buttons: [{ label: "确定", value: "ok", primary: true }, { label: "取消", value: null }] });
  if (ok !== "ok") return;
  const chosen = radios.map((r) => r.querySelector("input")).find((i) => i.checked);
  const data = { category: chosen.value };
  if (unitSelect && unitSelect.value) data.unit_id = Number(unitSelect.value);
  const made = await api("POST", "/achievements", data);
  if (!made.ok) { notice($("notice"), made.error.message, "bad"); return; }
  notice($("notice"), `已新增一项${made.data.category_label || ""}科技成果（列表中标出的一行），请点击“填写申请”进入科技成果登记表填写页面。`, "good");
  $("search").reset();
  load(made.data.id, 1);
}

me.then((person) => {
  $("search").addEventListener("submit", (e) => { e.preventDefault(); load(null, 1); });
  load();
  $("new").addEventListener("click", () => create(person));
});
