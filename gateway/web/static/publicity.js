// 科技成果登记公示 (public, no login): GET /api/v1/public/publicity?q=&page= lists what is in
// 公示 (its case_id is the 公示编号); 提出异议 opens a dialog posting POST /api/v1/public/objections
// with a captcha (POST /api/v1/captchas, used up by every attempt, so a new one after a failure).
// The search is in the address, like the 公开目录 (register.js).
import { api } from "./api.js";
import { pageLink as sharedPageLink, searchFailed, showResults } from "./public-results.js";
import { $, h, dateTime, notice } from "./ui.js";
import { captcha, clearErrors, formValues, showErrors } from "./forms.js";

const PAGE_SIZE = 20;
const MAX_REASONS = 2000;
const EXCERPT = 150;            // the summary shown before 展开全文
let seq = 0;
let current = null;             // the item the objection dialog is about
let refreshCaptcha = null;      // set when the dialog first opens

const joined = (names) => (names || []).filter(Boolean).join("、");
const chars = (text) => [...text].length;   // what the API counts (not UTF-16 units)

// -- the address ------------------------------------------------------------------------------------
function fromUrl() {
  const p = new URLSearchParams(location.search);
  return { q: (p.get("q") || "").trim(), page: Math.max(1, parseInt(p.get("page"), 10) || 1) };
}

function toUrl(query) {
  const p = new URLSearchParams();
  if (query.q) p.set("q", query.q);
  if (query.page > 1) p.set("page", String(query.page));
  const text = p.toString();
  return location.pathname + (text ? "?" + text : "");
}

function go(query) {
  history.pushState(null, "", toUrl(query));
  search(query);
}

// -- the list ---------------------------------------------------------------------------------------
function today() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

function deadline(ends) {
  if (!ends) return "—";
  return ends === today() ? h("span", {}, ends, h("strong", { class: "publicity-last-day" }, "（今日截止）")) : ends;
}

function summaryBlock(text) {
  if (!text) return null;
  if (chars(text) <= EXCERPT) return h("p", { class: "excerpt publicity-summary" }, h("span", { class: "label" }, "成果简介："), text);
  const short = [...text].slice(0, EXCERPT).join("") + "……";
  const body = h("span", {}, short);
  const toggle = h("button", { type: "button", class: "link", "aria-expanded": "false", onclick: () => {
    const open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    body.textContent = open ? text : short;
    toggle.textContent = open ? "收起" : "展开全文";
  } }, "展开全文");
  return h("p", { class: "excerpt publicity-summary" }, h("span", { class: "label" }, "成果简介："), body, " ", toggle);
}

function item(a) {
  const id = `t-${a.case_id}`;
  return h("li", { class: "register-card publicity-card" },
    h("article", { "aria-labelledby": id },
      h("div", { class: "publicity-head" },
        h("h2", { id }, a.title || "（未填写成果名称）"),
        h("button", { type: "button", class: "small objection-open", "aria-label": `对“${a.title}”提出异议`,
                      onclick: () => openObjection(a) }, "提出异议")),
      h("dl", { class: "register-meta" },
        h("div", {}, h("dt", {}, "公示编号"), h("dd", {}, String(a.case_id))),
        h("div", {}, h("dt", {}, "类别"), h("dd", {}, a.category_label || "")),
        a.region ? h("div", {}, h("dt", {}, "地区"), h("dd", {}, a.region.label)) : null,
        h("div", {}, h("dt", {}, "公示截止日期"), h("dd", { class: "publicity-ends" }, deadline(a.publicity_ends_on))),
        h("div", { class: "wide" }, h("dt", {}, "完成单位"), h("dd", {}, joined(a.units) || "—")),
        h("div", { class: "wide" }, h("dt", {}, "完成人"), h("dd", {}, joined(a.completers) || "—"))),
      summaryBlock(a.summary)));
}

function pageLink(query, page, label, enabled) {
  const target = { ...query, page };
  return sharedPageLink(toUrl(target), () => go(target), label, enabled);
}

async function search(query) {
  const mine = ++seq;
  $("q").value = query.q;
  $("summary").textContent = "正在检索…";
  const params = new URLSearchParams({ page: String(query.page), page_size: String(PAGE_SIZE) });
  if (query.q) params.set("q", query.q);
  const result = await api("GET", "/public/publicity?" + params);
  if (mine !== seq) return;
  const box = $("results");
  const pager = $("pager");
  box.textContent = "";
  pager.textContent = "";
  if (!result.ok) {
    $("summary").textContent = "";
    box.append(searchFailed(result, "公示成果"));
    return;
  }
  const { items, total, page, page_size: size } = result.data;
  if (!total) {
    $("summary").textContent = query.q ? `没有找到符合条件（关键词“${query.q}”）的公示成果。` : "目前没有正在公示的科技成果。";
    if (query.q) {
      box.append(h("div", { class: "register-empty" },
        h("p", {}, "请换用更短的关键词（如成果名称中的词语、完成单位名称）再试。"),
        h("p", {}, h("a", { href: "/publicity" }, "清除检索条件，查看全部公示成果"))));
    }
    return;
  }
  const pages = Math.max(1, Math.ceil(total / size));
  const first = (page - 1) * size + 1;
  $("summary").textContent = `${query.q ? `按关键词“${query.q}”检索，` : ""}共有 ${total} 项科技成果正在公示，当前显示第 ${first}–${first + items.length - 1} 项。`;
  showResults(box, pager, { items, page, pages, first }, item,
              (to, label, enabled) => pageLink(query, to, label, enabled));
}

// -- the objection dialog -----------------------------------------------------------------------------
function countReasons() {
  const n = chars($("objection-reasons").value);
  const counter = $("objection-reasons-count");
  counter.textContent = `${n} / ${MAX_REASONS} 字`;
  counter.classList.toggle("over", n > MAX_REASONS);
}

/** Typing in a field takes its error away (and the form's message with the last one). */
function fieldEdited(event) {
  const form = $("objection-form");
  const name = event.target.name;
  if (!name) return;
  const slot = form.querySelector(`.error[data-for="${name}"]`);
  if (!slot || !slot.textContent) return;
  slot.textContent = "";
  event.target.removeAttribute("aria-invalid");
  if (![...form.querySelectorAll(".error[data-for]")].some((e) => e.textContent)) notice(form, "");
}

function showStep(done) {
  $("objection-form").hidden = done;
  $("objection-done").hidden = !done;
}

async function openObjection(a) {
  current = a;
  const form = $("objection-form");
  const target = $("objection-target");
  target.textContent = "";
  target.append(
    h("div", {}, h("dt", {}, "公示编号"), h("dd", {}, String(a.case_id))),
    h("div", {}, h("dt", {}, "成果名称"), h("dd", {}, a.title || "")),
    h("div", {}, h("dt", {}, "公示截止日期"), h("dd", {}, a.publicity_ends_on || "—")));
  form.reset();
  clearErrors(form);
  notice(form, "");
  countReasons();
  showStep(false);
  $("objection-submit").disabled = false;
  $("objection").showModal();
  $("objection-name").focus();
  if (refreshCaptcha) await refreshCaptcha();
  else refreshCaptcha = await captcha(form);
}

function closeObjection() {
  $("objection").close();
}

/** What is wrong before asking the API (a request would use the captcha up). */
function problems(values) {
  const fields = {};
  if (!values.name) fields.name = "请填写姓名或单位名称";
  if (!values.contact) fields.contact = "请填写联系方式（电话或电子邮箱）";
  else if (!/\d/.test(values.contact) && !values.contact.includes("@")) fields.contact = "联系方式应为电话号码或电子邮箱";
  if (!values.reasons) fields.reasons = "请填写异议理由";
  else if (chars(values.reasons) > MAX_REASONS) fields.reasons = `异议理由不能超过${MAX_REASONS}字`;
  if (!values.captcha_answer) fields.captcha_answer = "请输入验证码";
  return fields;
}

function refusal(result) {
  const e = result.error;
  if (result.status === 409 && e.code === "not_in_publicity") {
    return "该成果已不在公示期内（公示已结束或登记机构已作出决定），不能再提出异议。";
  }
  if (result.status === 409 && e.code === "too_many_objections") {
    return "该成果的待处理异议已达上限，请等待登记机构处理后再提出。";
  }
  if (result.status === 429) {
    const seconds = Number((e.details || {}).retry_after) || 0;
    const wait = seconds >= 60 ? `${Math.ceil(seconds / 60)} 分钟` : seconds ? `${seconds} 秒` : "稍候";
    return e.message || `提交过于频繁，请${wait}后再试。`;
  }
  if (result.status === 404) return "没有找到该公示成果，可能已结束公示，请刷新页面后重试。";
  return e.message + (e.code && result.status !== 400 ? `（错误代码：${e.code}）` : "");
}

async function submitObjection(event) {
  event.preventDefault();
  const form = $("objection-form");
  const values = formValues(form);
  const early = problems(values);
  if (Object.keys(early).length) {
    showErrors(form, { message: "请检查填写的内容", fields: early });
    return;
  }
  const button = $("objection-submit");
  button.disabled = true;
  notice(form, "正在提交…", "");
  const result = await api("POST", "/public/objections", { ...values, case_id: current.case_id });
  button.disabled = false;
  if (result.ok) {
    clearErrors(form);
    notice(form, "");
    const d = result.data;
    const text = `异议已提交，登记机构将核实处理。公示编号：${d.case_id}（${current.title}），` +
      `提交时间：${dateTime(d.filed_at)}，处理状态：${d.status_label}。`;
    $("objection-done-text").textContent = text;
    showStep(true);
    $("objection-done-text").focus();
    notice($("notice"), text, "good");
    return;
  }
  if (result.status === 400 && result.error.fields) showErrors(form, result.error);
  else { clearErrors(form); notice(form, refusal(result), "bad"); }
  if (result.status === 409 && result.error.code === "not_in_publicity") search(fromUrl());
  await refreshCaptcha();   // the captcha is used up by every attempt
  if (result.status !== 400) $("objection-submit").focus();
}

function start() {
  $("search").addEventListener("submit", (e) => { e.preventDefault(); go({ q: $("q").value.trim(), page: 1 }); });
  $("reset").addEventListener("click", () => { $("search").reset(); go({ q: "", page: 1 }); });
  window.addEventListener("popstate", () => search(fromUrl()));
  $("objection-form").addEventListener("submit", submitObjection);
  $("objection-reasons").addEventListener("input", countReasons);
  $("objection-form").addEventListener("input", fieldEdited);
  $("objection-cancel").addEventListener("click", closeObjection);
  $("objection-close").addEventListener("click", closeObjection);
  search(fromUrl());
}

start();
