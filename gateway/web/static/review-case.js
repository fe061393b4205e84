// 成果审核: the submitted (frozen) registration, read-only, with its attachments and history;
// 审核通过 / 退回修改 (with per-section comments) / 不予登记 (office).
import { me } from "./shell.js";
import { api } from "./api.js";
import { $, h, dialog, dateTime, notice, size, table } from "./ui.js";
import { clearErrors, showErrors } from "./forms.js";
import { drawSection, loadCodeTables } from "./fields.js";
import { ROLE_LABELS } from "./roles.js";
const caseId = Number(location.pathname.split("/").pop());
let current = null;

function canAct(c, grants) {
  if (typeof c.can_act === "boolean") return c.can_act;   // the service's answer (推荐单位: 推荐范围 or the form's)
  if (c.status !== "pending") return false;
  if (c.level === "unit") return grants.some((g) => g.role === "unit_admin" && g.unit_id === c.unit_id);
  if (c.level === "recommender") return grants.some((g) => g.role === "recommender" && g.unit_id === c.unit_id);
  return grants.some((g) => g.role === c.level);
}

/** 推荐单位: which one the case goes to and why (the form names a 推荐单位 of the system, or the
 * unit is in a 推荐单位's 推荐范围). Nothing when the case does not pass the recommender level. */
function showRecommender(route) {
  const line = $("recommender-line");
  line.hidden = !route;
  if (!route) return;
  line.textContent = route.basis === "form"
    ? `推荐单位：${route.name}（依据：表单所填推荐单位）`
    : `推荐单位：${route.names && route.names.length ? route.names.join("、") : "推荐范围含本单位的推荐单位（暂无）"}（依据：推荐范围）` +
      (route.form_recommender ? `；表单所填推荐单位“${route.form_recommender}”未对应到系统中的推荐单位账号` : "");
}

async function draw(person) {
  const found = await api("GET", `/review/cases/${caseId}`);
  if (!found.ok) { notice($("page-error"), found.error.message, "bad"); return; }
  const c = current = found.data;
  const snapshot = c.snapshot;
  const form = await api("GET", `/forms/${encodeURIComponent(snapshot.form_id)}`);
  if (!form.ok) { notice($("page-error"), form.error.message, "bad"); return; }
  $("title").textContent = `${form.data.category_label}科技成果登记表-科技成果 (${form.data.year}年)`;
  $("status-line").textContent = `成果名称：${c.title}　状态：${c.status_label}` + (c.registration_number ? `　登记号：${c.registration_number}` : "");
  showRecommender(c.recommender_route);
  $("history").textContent = "";
  $("history").append(table([
    { label: "时间", cell: (t) => dateTime(t.at) },
    { label: "处理人角色", cell: (t) => ROLE_LABELS[t.by_role] || t.by_role },
    { label: "操作", cell: (t) => t.action_label },
    { label: "意见", cell: (t) => t.comment || "" },
  ], c.history || [], "暂无记录"));
  const tables = await loadCodeTables(form.data);
  if (!tables.ok) { notice($("page-error"), "代码表加载失败：" + tables.error.message, "bad"); return; }
  const content = $("case-content");
  content.textContent = "";
  const commentFields = $("section-comment-fields");
  commentFields.textContent = "";
  for (const s of form.data.sections) {
    if (!(s.fields && s.fields.length) && !s.attachment_kinds) continue;
    const panel = h("section", { class: "panel section", "aria-labelledby": `h-${s.key}` }, h("h2", { class: "section-title", id: `h-${s.key}` }, s.label));
    content.append(panel);
    if (s.fields && s.fields.length) {
      const view = drawSection(s, panel, tables.data, () => {});
      view.set(snapshot.content[s.key]);
      view.setReadOnly(true);
    } else {
      const files = snapshot.attachments || [];
      const labels = Object.fromEntries(s.attachment_kinds.map((k) => [k.code, k.label]));
      panel.append(table([
        { label: "附件类别", cell: (a) => labels[a.kind] || a.kind },
        { label: "文件", cell: (a) => h("a", { href: `/api/v1/review/cases/${caseId}/attachments/${a.id}`, download: a.filename }, a.filename) },
        { label: "大小", cell: (a) => size(a.size) },
      ], files, "未上传附件"));
    }
    const id = `sc-${s.key}`;
    commentFields.append(h("div", { class: "row" }, h("label", { for: id }, s.label + "："), h("textarea", { id, rows: 2, dataset: { section: s.key } })));
  }
  const isOffice = person.grants.some((g) => g.role === "office");
  $("form-pdf").href = `/api/v1/review/cases/${caseId}/pdf`;
  $("certificate-item").hidden = !(isOffice && c.registration_number && ["approved", "revoked"].includes(c.status));
  $("certificate-pdf").href = `/api/v1/review/cases/${caseId}/certificate.pdf`;
  $("certificate-pdf").textContent = c.status === "revoked" ? "下载科技成果登记证书（已注销）" : "下载科技成果登记证书";
  $("revoke-panel").hidden = !(isOffice && c.status === "approved");
  if (isOffice) showDuplicates();
  const section = { unit: ["单位管理", "/unit/review"], recommender: ["推荐单位", "/recommender/review"],
                    office: ["登记机构", "/office/review"] }[c.level] || ["登记机构", "/office/review"];
  const mine = { unit_admin: "unit", recommender: "recommender", office: "office" };
  const [label, back] = person.grants.some((g) => mine[g.role] === c.level) ? section
    : isOffice ? ["登记机构", "/office/review"] : section;
  // opened from 已审核成果 (/unit/history, /recommender/history, /office/history): back there
  const from = document.referrer ? new URL(document.referrer) : null;
  const fromHistory = from && from.origin === location.origin && /^\/(unit|recommender|office)\/history$/.test(from.pathname);
  $("crumbs").textContent = `${label}/${fromHistory ? "已审核成果" : "待审核成果"}/成果审核`;
  $("back").href = fromHistory ? from.pathname : back;
  const acting = canAct(c, person.grants);
  $("decision").hidden = !acting;
  const office = c.level === "office";
  $("approve").textContent = office ? "审核通过，予以登记" : "审核通过，报送上级";
  $("refuse").hidden = !office;
  $("reason-row").hidden = !office;
}

async function decide(action, person) {
  const form = $("decide");
  const body = { version: current.version, comment: $("comment").value.trim() };
  if (action === "return") {
    const sections = {};
    document.querySelectorAll("#section-comment-fields textarea").forEach((t) => { if (t.value.trim()) sections[t.dataset.section] = t.value.trim(); });
    body.section_comments = sections;
  }
  if (action === "refuse") body.reason = $("reason").value;
  const labels = { approve: $("approve").textContent, return: "退回修改", refuse: "不予登记" };
  const ok = await dialog({ title: labels[action], body: h("p", {}, `确定对“${current.title}”${labels[action]}吗？`),
    buttons: [{ label: "确定", value: "ok", primary: true }, { label: "取消", value: null }] });
  if (ok !== "ok") return;
  const result = await api("POST", `/review/cases/${caseId}/${action}`, body);
  if (!result.ok) { showErrors(form, result.error); return; }
  clearErrors(form); notice(form, "");
  const done = result.data.status === "publicity"
    ? `已审核通过，进入公示，公示期至 ${result.data.publicity_ends_on}；期满无异议后予以登记。`
    : result.data.registration_number ? `已${labels[action]}，登记号 ${result.data.registration_number}。`
    : `已${labels[action]}。`;
  notice($("notice"), done, "good");
  await draw(person);
}

/** 疑似重复登记 (office): each with why it looks alike and a link to its case. */
async function showDuplicates() {
  const found = await api("GET", `/review/cases/${caseId}/duplicates`);
  const box = $("duplicates");
  box.textContent = "";
  $("duplicates-panel").hidden = false;
  if (!found.ok) { box.append(h("p", { class: "hint" }, "疑似重复登记暂时无法查询：" + found.error.message)); return; }
  box.append(table([
    { label: "成果名称", cell: (d) => d.link ? h("a", { href: d.link }, d.title || "（未填写成果名称）") : d.title },
    { label: "状态", cell: (d) => d.status_label },
    { label: "登记号", cell: (d) => d.registration_number || "" },
    { label: "相似之处", cell: (d) => d.reasons.join("；") },
  ], found.data.items, "未发现疑似重复的登记"));
}

/** 注销登记 (office, a registered achievement): a reason, then a confirmation naming what follows. */
async function revoke(person) {
  const form = $("revoke-form");
  const reason = $("revoke-reason").value.trim();
  if (!reason) { showErrors(form, { message: "请填写注销理由", fields: { reason: "请填写注销理由" } }); return; }
  clearErrors(form); notice(form, "");
  const ok = await dialog({ title: "注销登记", body: [
      h("p", {}, `确定注销“${current.title}”（登记号 ${current.registration_number}）的登记吗？`),
      h("p", {}, "注销后登记证书作废、从公开目录中撤下，且不能撤销。"),
      h("p", {}, `注销理由：${reason}`)],
    buttons: [{ label: "确定注销", value: "ok", primary: true }, { label: "取消", value: null }] });
  if (ok !== "ok") return;
  const result = await api("POST", `/review/cases/${caseId}/revoke`, { version: current.version, reason });
  if (!result.ok) { showErrors(form, result.error); return; }
  $("revoke-reason").value = "";
  notice($("notice"), `已注销登记（登记号 ${current.registration_number}）。`, "good");
  await draw(person);
}

me.then(async (person) => {
  await draw(person);
  for (const action of ["approve", "return", "refuse"]) $(action).addEventListener("click", () => decide(action, person));
  $("revoke").addEventListener("click", () => revoke(person));
});
