// 科技成果公开目录 (public, no login): GET /api/v1/public/achievements?q=&category=&discipline=
// &region=&year=&page=, each result linked to its server-rendered page /register/<登记号>. The
// search is in the address, so a search can be linked to and the back button goes back.
import { api } from "./api.js";
import { pageLink as sharedPageLink, searchFailed, showResults } from "./public-results.js";
import { $, h } from "./ui.js";

const FIELDS = ["q", "category", "discipline", "region", "year"];
const PAGE_SIZE = 20;
const GANSU = "620000";
const FIRST_YEAR = 2000;
let seq = 0;

function fromUrl() {
  const p = new URLSearchParams(location.search);
  const query = {};
  for (const f of FIELDS) query[f] = (p.get(f) || "").trim();
  query.page = Math.max(1, parseInt(p.get("page"), 10) || 1);
  return query;
}

function toUrl(query) {
  const p = new URLSearchParams();
  for (const f of FIELDS) if (query[f]) p.set(f, query[f]);
  if (query.page > 1) p.set("page", String(query.page));
  const text = p.toString();
  return location.pathname + (text ? "?" + text : "");
}

function fillForm(query) {
  for (const f of FIELDS) {
    const field = $(f);
    if (field.tagName === "SELECT" && query[f] && ![...field.options].some((o) => o.value === query[f])) {
      field.append(h("option", { value: query[f] }, query[f]));   // a code the menus do not list
    }
    field.value = query[f] || "";
  }
}

function readForm() {
  const query = { page: 1 };
  for (const f of FIELDS) query[f] = $(f).value.trim();
  return query;
}

function go(query) {
  history.pushState(null, "", toUrl(query));
  search(query);
}

// -- the menus -------------------------------------------------------------------------------------
async function codeTable(name) {
  const result = await api("GET", "/codetables/" + name);
  return result.ok ? result.data.entries : null;
}

function fillDisciplines(entries) {
  for (const e of entries.filter((x) => !x.parent)) {
    $("discipline").append(h("option", { value: e.code }, `${e.code} ${e.label}`));
  }
}

function fillRegions(entries) {
  const gansu = entries.filter((e) => e.code === GANSU || e.parent === GANSU);
  const others = entries.filter((e) => e.code !== GANSU && e.parent !== GANSU && !e.parent);
  if (gansu.length) {
    $("region").append(h("optgroup", { label: "甘肃省" },
      gansu.map((e) => h("option", { value: e.code }, e.code === GANSU ? "甘肃省（省级）" : e.label))));
  }
  if (others.length) {
    $("region").append(h("optgroup", { label: "其他省、自治区、直辖市" },
      others.map((e) => h("option", { value: e.code }, e.label))));
  }
}

function fillYears() {
  for (let y = new Date().getFullYear(); y >= FIRST_YEAR; y--) {
    $("year").append(h("option", { value: String(y) }, `${y}年`));
  }
}

async function menus() {
  fillYears();
  const [disciplines, regions] = await Promise.all([codeTable("disciplines"), codeTable("regions")]);
  if (disciplines) fillDisciplines(disciplines);
  if (regions) fillRegions(regions);
  const missing = [!disciplines && "学科分类", !regions && "所在地区"].filter(Boolean);
  if (missing.length) {
    $("tables-note").hidden = false;
    $("tables-note").textContent = `${missing.join("、")}的选项暂时无法加载，可先按关键词、成果类别和登记年度检索。`;
    if (!disciplines) $("discipline").disabled = true;
    if (!regions) $("region").disabled = true;
  }
}

// -- the results -----------------------------------------------------------------------------------
const joined = (names) => (names || []).filter(Boolean).join("、");

function item(a) {
  const href = "/register/" + encodeURIComponent(a.registration_number);
  const excerpt = a.summary_excerpt ? a.summary_excerpt + (a.summary_excerpt.length >= 120 ? "……" : "") : "";
  return h("li", { class: "register-card" },
    h("article", { "aria-labelledby": `t-${a.registration_number}` },
      h("h2", { id: `t-${a.registration_number}` }, h("a", { href }, a.title || a.registration_number),
        a.has_demand ? h("span", { class: "badge demand" }, "有转化需求") : null),
      h("dl", { class: "register-meta" },
        h("div", {}, h("dt", {}, "登记号"), h("dd", {}, a.registration_number)),
        h("div", {}, h("dt", {}, "类别"), h("dd", {}, a.category_label || "")),
        h("div", {}, h("dt", {}, "登记日期"), h("dd", {}, a.registered_on || "")),
        a.discipline ? h("div", {}, h("dt", {}, "学科分类"), h("dd", {}, a.discipline.label)) : null,
        a.region ? h("div", {}, h("dt", {}, "所在地区"), h("dd", {}, a.region.label)) : null,
        h("div", { class: "wide" }, h("dt", {}, "完成单位"), h("dd", {}, joined(a.units) || "—")),
        h("div", { class: "wide" }, h("dt", {}, "完成人"), h("dd", {}, joined(a.completers) || "—"))),
      excerpt ? h("p", { class: "excerpt" }, excerpt) : null,
      h("p", { class: "more" }, h("a", { href, "aria-label": `查看“${a.title}”的详细信息` }, "查看详细信息 ›"))));
}

function pageLink(query, page, label, enabled) {
  const target = { ...query, page };
  return sharedPageLink(toUrl(target), () => go(target), label, enabled);
}

function described(query) {
  const parts = [];
  if (query.q) parts.push(`关键词“${query.q}”`);
  for (const f of ["category", "discipline", "region", "year"]) {
    if (!query[f]) continue;
    const option = [...$(f).options].find((o) => o.value === query[f]);
    parts.push(option ? option.textContent : query[f]);
  }
  return parts.join("、");
}

async function search(query) {
  const mine = ++seq;
  fillForm(query);
  const params = new URLSearchParams({ page: String(query.page), page_size: String(PAGE_SIZE) });
  for (const f of FIELDS) if (query[f]) params.set(f, query[f]);
  $("summary").textContent = "正在检索…";
  const result = await api("GET", "/public/achievements?" + params);
  if (mine !== seq) return;
  const box = $("results");
  const pager = $("pager");
  box.textContent = "";
  pager.textContent = "";
  if (!result.ok) {
    $("summary").textContent = "";
    box.append(searchFailed(result, "检索结果"));
    return;
  }
  const { items, total, page, page_size: size } = result.data;
  const what = described(query);
  if (!total) {
    $("summary").textContent = what ? `没有找到符合条件（${what}）的科技成果。` : "目录中暂无公开的科技成果。";
    box.append(h("div", { class: "register-empty" },
      h("p", {}, "请减少检索条件，或换用更短的关键词（如成果名称中的词语、完成单位名称）再试。"),
      what ? h("p", {}, h("a", { href: "/register" }, "清除检索条件，查看全部公开的科技成果")) : null));
    return;
  }
  const pages = Math.max(1, Math.ceil(total / size));
  const first = (page - 1) * size + 1;
  $("summary").textContent = `${what ? `按${what}检索，` : ""}共找到 ${total} 项科技成果，当前显示第 ${first}–${first + items.length - 1} 项。`;
  showResults(box, pager, { items, page, pages, first }, item,
              (to, label, enabled) => pageLink(query, to, label, enabled));
}

async function start() {
  $("search").addEventListener("submit", (e) => { e.preventDefault(); go(readForm()); });
  $("reset").addEventListener("click", () => { $("search").reset(); go({ page: 1 }); });
  window.addEventListener("popstate", () => search(fromUrl()));
  await menus();
  search(fromUrl());
}

start();
