// 填写科技成果登记表 (manual §2.2.1 ②–④): the form drawn from its definition, section tabs,
// 保存 (and autosave), 下载PDF, 提交, 返回, 填写检查, 附件清单; no lost work: a 409 version
// conflict is never overwritten silently, leaving the page with unsaved changes warns.
import { me } from "./shell.js";
import { api } from "./api.js";
import { $, dateTime, h, dialog, notice, param, table } from "./ui.js";
import { drawSection, errorSlot, loadCodeTables } from "./fields.js";
import { drawAttachments } from "./attachments.js";

const AUTOSAVE_MS = 2000;
const LEVELS = { unit: "单位管理员", recommender: "推荐单位", office: "登记机构" };
const draftId = Number(location.pathname.split("/").pop());
const draftApi = (method, path, body) => api(method, `/achievements/${draftId}${path}`, body);

const state = {
  form: null, draft: null, version: null, views: {}, tabs: {}, dirty: new Set(),
  timer: null, saving: null, conflicted: false, readOnly: false, attachments: null,
};

function uuid() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  return [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
}

function now() {
  const d = new Date(), p = (n) => String(n).padStart(2, "0");
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

function setState(text, kind) {
  const box = $("save-state");
  box.textContent = text;
  box.className = "save-state " + (kind || "");
}

// -- tabs ---------------------------------------------------------------------------------
function openTab(key, focusTab) {
  for (const [k, tab] of Object.entries(state.tabs)) {
    const on = k === key;
    tab.setAttribute("aria-selected", String(on));
    tab.tabIndex = on ? 0 : -1;
    $("panel-" + k).hidden = !on;
  }
  if (focusTab) state.tabs[key].focus();
}

function drawTabs(sections) {
  const bar = $("tabs");
  const keys = sections.map((s) => s.key);
  for (const s of sections) {
    const tab = h("button", { type: "button", role: "tab", id: "tab-" + s.key, "aria-controls": "panel-" + s.key,
                              onclick: () => openTab(s.key) }, h("span", {}, s.label));
    tab.addEventListener("keydown", (e) => {
      const i = keys.indexOf(s.key);
      const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: keys.length - 1 }[e.key];
      if (to === undefined) return;
      e.preventDefault();
      openTab(keys[(to + keys.length) % keys.length], true);
    });
    state.tabs[s.key] = tab;
    bar.append(tab);
  }
}

function markTab(key, count, title) {
  const tab = state.tabs[key];
  if (!tab) return;
  tab.querySelector(".count")?.remove();
  if (count) tab.append(h("span", { class: "count", title }, String(count)));
}

// -- panels -------------------------------------------------------------------------------
function drawPanels(form, tables) {
  const panels = $("panels");
  for (const s of form.sections) {
    const heading = h("h2", { class: "section-title" }, s.label,
      s.warning ? h("span", { class: "warning" }, ` (${s.warning})`) : null);
    const panel = h("section", { class: "panel section", id: "panel-" + s.key, role: "tabpanel",
                                 "aria-labelledby": "tab-" + s.key, tabindex: "-1", hidden: true,
                                 dataset: { section: s.key } }, heading);
    const comment = state.draft.review_comments?.sections?.[s.key];
    if (comment) {
      panel.append(h("div", { class: "notice bad review-comment" }, h("strong", {}, "审核意见："), comment));
      markTab(s.key, "!", "有审核意见");
    }
    if (s.text) panel.append(h("div", { class: "section-text" }, s.text.trim().split("\n").map((line) => h("p", {}, line))));
    panel.append(h("div", { class: "error section-error", id: "err-" + s.key, role: "alert" }));
    panels.append(panel);
    if (s.fields && s.fields.length) {
      state.views[s.key] = drawSection(s, panel, tables, changed);
      state.views[s.key].set(state.draft.content[s.key]);
    }
    if (s.attachment_kinds) {
      state.attachments = drawAttachments(panel, s, draftId, state.draft.attachments, () => state.readOnly);
    }
  }
  panels.addEventListener("input", (e) => changedFrom(e.target));
  panels.addEventListener("change", (e) => changedFrom(e.target));
}

function changedFrom(target) {
  if (target.type === "file") return;
  const panel = target.closest("[data-section]");
  if (panel && state.views[panel.dataset.section]) changed(panel.dataset.section);
}

// -- save ---------------------------------------------------------------------------------
function changed(section) {
  if (state.readOnly || state.conflicted) return;
  state.dirty.add(section);
  setState("有未保存的修改", "pending");
  clearTimeout(state.timer);
  state.timer = setTimeout(() => save("auto"), AUTOSAVE_MS);
}

function allSections() {
  return Object.fromEntries(Object.entries(state.views).map(([k, v]) => [k, v.values()]));
}

/** Save the changed sections (all of them when `kind` is "manual"); true when saved. */
async function save(kind) {
  clearTimeout(state.timer);
  while (state.saving) await state.saving;
  if (state.readOnly || state.conflicted) return false;
  const keys = kind === "manual" ? Object.keys(state.views) : [...state.dirty];
  if (!keys.length) return true;
  const sections = Object.fromEntries(keys.map((k) => [k, state.views[k].values()]));
  state.dirty.clear();
  setState("正在保存……", "pending");
  state.saving = draftApi("PUT", "", { version: state.version, sections });
  const result = await state.saving;
  state.saving = null;
  if (result.ok) {
    state.version = result.data.version;
    $("version").textContent = state.version;
    showSaveProblems(keys, result.data.problems);
    setState(`已${kind === "auto" ? "自动" : ""}保存 ${now()}`, "good");
    return true;
  }
  keys.forEach((k) => state.dirty.add(k));
  if (result.status === 409 && result.error.code === "version_conflict") {
    await conflict(result.error.details || {});
    return false;
  }
  setState("保存失败：" + result.error.message, "bad");
  if (kind === "auto" && (result.status === 0 || result.status >= 500)) {
    state.timer = setTimeout(() => save("auto"), 10000);
  }
  return false;
}

function showSaveProblems(keys, problems) {
  for (const k of keys) $("panel-" + k).querySelectorAll(".error").forEach((e) => { e.textContent = ""; });
  const list = $("save-problem-list");
  list.textContent = "";
  for (const p of problems) {
    const slot = errorSlot(p);
    if (slot) slot.textContent = p.message;
    const section = state.form.sections.find((s) => s.key === p.section);
    list.append(h("li", {}, problemLink(p, `${section ? section.label : p.section}：${p.message}` +
      (p.level === "warning" ? "（已保存，填写检查时将不能通过）" : "（未保存）"))));
  }
  $("save-problems").hidden = !problems.length;
}

// -- conflict -----------------------------------------------------------------------------
async function conflict(details) {
  state.conflicted = true;
  clearTimeout(state.timer);
  setState("保存冲突：未保存", "bad");
  const choice = await dialog({
    title: "该成果已在其他页面保存过",
    closable: false,
    body: [
      h("p", {}, `该成果已在其他页面或由其他人保存过（最新版本号: ${details.current_version}，本页版本号: ${state.version}）。为避免互相覆盖，本页的修改尚未保存，请选择：`),
      h("ul", {},
        h("li", {}, h("strong", {}, "载入最新内容"), "：放弃本页未保存的修改，显示最新保存的内容。"),
        h("li", {}, h("strong", {}, "另存为新成果"), "：把本页的内容保存为一项新的科技成果（附件不会复制），原成果保持最新保存的内容。")),
    ],
    buttons: [{ label: "载入最新内容", value: "reload", primary: true }, { label: "另存为新成果", value: "copy" }],
  });
  if (choice === "reload") {
    for (const [k, view] of Object.entries(state.views)) view.set((details.content || {})[k]);
    state.version = details.current_version;
    $("version").textContent = state.version;
    state.dirty.clear();
    state.conflicted = false;
    setState("已载入最新内容", "good");
    return;
  }
  const mine = allSections();
  setState("正在另存为新成果……", "pending");
  const copy = await draftApi("POST", "/copy");
  if (!copy.ok) { setState("另存失败：" + copy.error.message, "bad"); return conflict(details); }
  const saved = await api("PUT", `/achievements/${copy.data.id}`, { version: copy.data.version, sections: mine });
  if (!saved.ok) { setState("另存失败：" + saved.error.message, "bad"); return conflict(details); }
  state.dirty.clear();
  location.href = `/achievements/${copy.data.id}?copied=${draftId}`;
}

// -- 填写检查 ------------------------------------------------------------------------------
function problemLink(p, text) {
  const id = `f-${p.section}-${p.field}`;
  return h("a", { href: "#" + id, onclick: (e) => { e.preventDefault(); focusProblem(p); } }, text);
}

function focusProblem(p) {
  openTab(p.section);
  const view = state.views[p.section];
  let target = view && p.field ? view.target(p.field, p.row, p.column) : null;
  if (!target && p.section === "attachments") target = $("panel-attachments").querySelector("input[type=file]");
  target = target || $("panel-" + p.section);
  target.scrollIntoView({ block: "center" });
  target.focus();
}

function showCheck(result) {
  const box = $("check-result");
  const list = $("check-list");
  list.textContent = "";
  $("check-title").textContent = result.verdict;
  box.className = "check-result " + (result.problems.length ? "bad" : "good");
  const bySection = {};
  for (const p of result.problems) {
    const section = state.form.sections.find((s) => s.key === p.section);
    const text = `${section ? section.label : ""}：${p.level === "warning" ? "（提示）" : ""}${p.message}`;
    list.append(h("li", { class: p.level }, problemLink(p, text)));
    const slot = errorSlot(p);
    if (slot) slot.textContent = p.message;
    bySection[p.section] = (bySection[p.section] || 0) + 1;
  }
  if (!result.problems.length) list.append(h("li", {}, "所有检查全部合格"));
  for (const s of state.form.sections) {
    if (!state.draft.review_comments?.sections?.[s.key]) markTab(s.key, bySection[s.key], `${bySection[s.key]}个问题`);
  }
  box.hidden = false;
  box.focus();
}

async function check() {
  if (state.dirty.size && !(await save("auto"))) return null;
  for (const panel of document.querySelectorAll("#panels .error")) panel.textContent = "";
  const result = await draftApi("POST", "/check");
  if (!result.ok) { notice($("page-notice"), result.error.message, "bad"); return null; }
  showCheck(result.data);
  return result.data;
}

// -- 提交 / 撤回 ---------------------------------------------------------------------------
async function submit() {
  if (!(await save("auto"))) return;
  const result = await check();
  if (!result) return;
  if (!result.can_submit) { notice($("page-notice"), "检查未通过，请按检查结果修改后再提交。", "bad"); return; }
  const to = $("submit").textContent.replace("提交到", "");
  const ok = await dialog({ title: $("submit").textContent,
    body: h("p", {}, `确定将该成果提交到${to}吗？提交后，在审核完成或退回前不能修改。`),
    buttons: [{ label: "确定提交", value: "ok", primary: true }, { label: "取消", value: null }] });
  if (ok !== "ok") return;
  const submitted = await draftApi("POST", "/submit", { request_id: uuid() });
  if (!submitted.ok) {
    if (submitted.error.details?.problems) showCheck({ verdict: "检查未通过", problems: submitted.error.details.problems });
    notice($("page-notice"), submitted.error.message, "bad");
    return;
  }
  await reload(`已提交到${to}，当前状态：${submitted.data.status_label}。`);
}

async function withdraw() {
  const ok = await dialog({ title: "撤回", body: h("p", {}, "确定撤回该成果吗？撤回后可以修改并重新提交。"),
    buttons: [{ label: "确定撤回", value: "ok", primary: true }, { label: "取消", value: null }] });
  if (ok !== "ok") return;
  const result = await draftApi("POST", "/withdraw", {});
  if (!result.ok) { notice($("page-notice"), result.error.message, "bad"); return; }
  await reload("已撤回，可以修改后重新提交。");
}

async function reload(message) {
  const fresh = await draftApi("GET", "");
  if (!fresh.ok) return;
  state.draft = fresh.data;
  state.version = fresh.data.version;
  $("version").textContent = state.version;
  showStatus();
  for (const [k, view] of Object.entries(state.views)) view.set(fresh.data.content[k]);
  setReadOnly(!fresh.data.editable);
  notice($("page-notice"), message, "good");
}

// -- page ---------------------------------------------------------------------------------
function showStatus() {
  const d = state.draft;
  $("status-line").textContent = `类别：${d.category_label}　状态：${d.status_label}　当前环节：${d.stage}` +
    (d.registration_number ? `　登记号：${d.registration_number}` : "");
  $("withdraw").hidden = !["unit_review", "recommender_review", "office_review"].includes(d.status);
  const comments = d.review_comments;
  const box = $("review-comments");
  box.hidden = !(comments && comments.comment && d.editable);
  if (!box.hidden) {
    box.textContent = "";
    box.append(h("strong", {}, `退回修改意见（${LEVELS[comments.by_level] || "审核人"}）：`), comments.comment);
  }
  showProgress();
}

/** 登记进度 (manual §2.2.1 ⑤): every step of every submission, when, at which level, with the
 * comment; a 不予登记's reason stands above it. Nothing to show before the first submission.
 * Who reviewed by name (处理人) only where the policy allows it (`reviewer_names`, a setting of
 * the review service); otherwise the level (单位管理员, 推荐单位, 登记机构) alone. */
async function showProgress() {
  const box = $("progress");
  const found = await draftApi("GET", "/timeline");
  if (!found.ok) { box.hidden = found.status === 404; return; }
  const steps = found.data.steps;
  const refusal = [...steps].reverse().find((s) => s.action === "refuse");
  $("refusal").hidden = !(refusal && state.draft.status === "refused");
  if (refusal) {
    $("refusal").textContent = "";
    $("refusal").append(h("strong", {}, "不予登记理由："),
      `${refusal.details?.reason_label || ""}。${refusal.comment || ""}`);
  }
  $("progress-steps").textContent = "";
  const reviewer = (s) => s.action === "submit" || s.by_role === "registrant" ? "" : (s.by_name || "");
  $("progress-steps").append(table([
    { label: "时间", cell: (s) => dateTime(s.at) },
    { label: "环节", cell: (s) => s.action === "submit" ? "成果登记人" : (LEVELS[s.from_level] || "登记机构") },
    ...(found.data.reviewer_names ? [{ label: "处理人", cell: reviewer }] : []),
    { label: "操作", cell: (s) => s.action_label },
    { label: "结果", cell: (s) => STEP_RESULT[s.to_status] ? STEP_RESULT[s.to_status](s) : "" },
    { label: "意见", cell: (s) => s.comment || "" },
  ], steps, "暂无记录"));
  box.hidden = false;
}

const STEP_RESULT = {
  pending: (s) => `待${LEVELS[s.to_level] || ""}审核`, returned: () => "退回修改", withdrawn: () => "已撤回",
  refused: () => "不予登记", approved: (s) => `已登记${s.details?.registration_number ? "，登记号 " + s.details.registration_number : ""}`,
  revoked: () => "已注销", publicity: () => "公示中",
};

function setReadOnly(flag) {
  state.readOnly = flag;
  for (const view of Object.values(state.views)) view.setReadOnly(flag);
  for (const id of ["save", "submit", "check"]) $(id).hidden = flag;
  if (state.attachments) state.attachments.refresh();
  if (flag) setState("");
}

async function start() {
  const person = await me;
  const found = await draftApi("GET", "");
  if (!found.ok) { notice($("page-error"), found.error.message, "bad"); return; }
  state.draft = found.data;
  const formResult = await api("GET", `/forms/${encodeURIComponent(found.data.form_id)}`);
  if (!formResult.ok) { notice($("page-error"), formResult.error.message, "bad"); return; }
  const form = state.form = formResult.data;
  // Without a code table its fields would show empty, and saving would clear them: stop instead.
  const tables = await loadCodeTables(form);
  if (!tables.ok) { notice($("page-error"), "代码表加载失败：" + tables.error.message, "bad"); return; }
  $("form-title").textContent = `${form.category_label}科技成果登记表-科技成果 (${form.year}年)`;
  document.title = `${form.category_label}科技成果登记表 - 甘肃省科技管理信息系统`;
  state.version = found.data.version;
  $("version").textContent = state.version;
  $("submit").textContent = found.data.unit_id == null ? "提交到登记机构" : "提交到单位管理员";
  $("pdf").href = `/api/v1/achievements/${draftId}/pdf`;
  // 填报说明 item 6 names where this draft goes: a registrant without a unit submits to the office
  if (found.data.unit_id == null) {
    for (const s of form.sections) if (s.text) s.text = s.text.replaceAll("提交到单位管理员", "提交到登记机构");
  }
  drawTabs(form.sections);
  drawPanels(form, tables.data);
  const first = form.sections.find((s) => s.fields && s.fields.length) || form.sections[0];
  openTab(state.tabs[param("section")] ? param("section") : first.key);
  showStatus();
  setReadOnly(!found.data.editable);
  if (param("copied")) notice($("page-notice"), "已把您的内容另存为这项新的科技成果（附件未复制）。", "good");

  $("save").addEventListener("click", () => save("manual"));
  $("check").addEventListener("click", check);
  $("submit").addEventListener("click", submit);
  $("withdraw").addEventListener("click", withdraw);
  $("check-close").addEventListener("click", () => { $("check-result").hidden = true; });
  $("pdf").addEventListener("click", async (e) => {
    if (!state.dirty.size || state.readOnly) return;
    e.preventDefault();
    if (await save("auto")) $("pdf").click();
  });
  $("back").addEventListener("click", async (e) => {
    if (!state.dirty.size || state.readOnly) return;
    e.preventDefault();
    if (await save("auto")) location.href = $("back").href;
  });
  window.addEventListener("beforeunload", (e) => {
    if (state.dirty.size || state.saving) { e.preventDefault(); e.returnValue = ""; }
  });
  document.body.dataset.ready = "true";
}

start();
