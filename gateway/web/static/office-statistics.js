// 登记机构 → 登记统计: counts by one dimension (a list) or two (a cross table) through
// GET /api/v1/statistics, drawn by ECharts with the table under it (the chart's text equivalent);
// every figure opens the registrations behind it (GET /api/v1/statistics/registrations),
// 办理用时 (GET /api/v1/statistics/decision-times) and .xlsx exports (POST /api/v1/exports,
// polled each second). The whole state is in the address (?by=…&status=…&list=1&at.category=…),
// so a figure's list can be linked to and the browser's back button goes back.
import { me } from "./shell.js";
import { api } from "./api.js";
import { $, h, dateTime, loadFailed, notice, table } from "./ui.js";
import { startJob } from "./export-jobs.js";
import * as echarts from "./vendor/echarts/echarts.esm.min.js";

const FILTERS = ["statistics_year", "registration_year", "status", "category"];
const YEARS = ["statistics_year", "registration_year"];
const NONE = "_none";            // the filter value that asks for "not filled in"
const MAX_FILTER_LENGTH = 100;   // what the API accepts as a filter value
const LIST_PAGE_SIZE = 20;
const MAX_BARS = 20;             // the chart shows the largest; the table shows every row
const MAX_SERIES = 10;
const COLORS = ["#1f6fc0", "#f0a020", "#2a8a2a", "#c0392b", "#6f4fa8", "#1a9aa0", "#b7791f",
                "#d0568c", "#5b7a99", "#8aa83b", "#a0522d"];
const FONT = '"Microsoft YaHei", "PingFang SC", "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif';

const state = { rows: "category", cols: "", filters: {}, chart: "bar", drill: null };
const labels = {};               // dimension key → label
let answer = null;               // the last statistics answer shown
let chart = null;
let chartMap = null;             // what the chart's items stand for: (series, index) → values
const seq = { stats: 0, drill: 0, times: 0 };

// -- the address ---------------------------------------------------------------------------------
function readUrl() {
  const p = new URLSearchParams(location.search);
  const by = (p.get("by") || "category").split(",").map((s) => s.trim()).filter(Boolean);
  state.rows = labels[by[0]] ? by[0] : "category";
  state.cols = by[1] && labels[by[1]] && by[1] !== state.rows ? by[1] : "";
  for (const f of FILTERS) state.filters[f] = p.has(f) ? p.get(f) : (f === "status" ? "registered" : "");
  state.chart = p.get("chart") === "pie" && !state.cols ? "pie" : "bar";
  state.drill = null;
  if (p.get("list") === "1") {
    const at = {};
    for (const [key, value] of p) if (key.startsWith("at.") && labels[key.slice(3)]) at[key.slice(3)] = value;
    state.drill = { at, page: Math.max(1, parseInt(p.get("page"), 10) || 1), q: p.get("q") || "" };
  }
}

function writeUrl(push) {
  const p = new URLSearchParams();
  p.set("by", [state.rows, state.cols].filter(Boolean).join(","));
  for (const f of FILTERS) if (state.filters[f] || f === "status") p.set(f, state.filters[f] || "");
  if (state.chart === "pie") p.set("chart", "pie");
  if (state.drill) {
    p.set("list", "1");
    for (const [key, value] of Object.entries(state.drill.at)) p.set("at." + key, value);
    if (state.drill.q) p.set("q", state.drill.q);
    if (state.drill.page > 1) p.set("page", String(state.drill.page));
  }
  const url = location.pathname + "?" + p;
  if (url === location.pathname + location.search) return;
  if (push) history.pushState(null, "", url); else history.replaceState(null, "", url);
}

// -- what the API is asked -----------------------------------------------------------------------
function filterParams(extra, skip) {
  const out = {};
  for (const f of FILTERS) if (state.filters[f] && f !== skip) out[f] = state.filters[f];
  return { ...out, ...(extra || {}) };
}

function statsQuery() {
  return { by: [state.rows, state.cols].filter(Boolean).join(","), ...filterParams() };
}

function listQuery(drill) {
  const out = filterParams(drill.at);
  if (drill.q) out.q = drill.q;
  return out;
}

const qs = (params) => new URLSearchParams(params).toString();

/** The filter value for a figure's value (null: 未填写), or null when the API cannot filter by it. */
function filterValue(dim, value) {
  if (value === null || value === undefined) return YEARS.includes(dim) || dim === "status" ? null : NONE;
  const text = String(value);
  return text.length > MAX_FILTER_LENGTH ? null : text;
}

// -- labels for what is chosen ---------------------------------------------------------------------
function optionText(id, value) {
  const option = [...$(id).options].find((o) => o.value === value);
  return option ? option.textContent : value;
}

function valueLabel(dim, value) {
  if (FILTERS.includes(dim) && !YEARS.includes(dim) && $(dim)) return optionText(dim, value);
  if (value === NONE) return "（未填写）";
  if (YEARS.includes(dim)) return `${value}年`;
  const values = !answer ? [] : dim === answer.by[0] ? answer.rows : dim === answer.by[1] ? answer.columns : [];
  const found = values.find((r) => r.value !== null && String(r.value) === value);
  if (found) return found.label;
  return value;
}

function conditionsText(extra) {
  const parts = FILTERS.filter((f) => state.filters[f] && !(extra && f in extra))
    .map((f) => `${labels[f]}：${valueLabel(f, state.filters[f])}`);
  for (const [dim, value] of Object.entries(extra || {})) parts.push(`${labels[dim]}：${valueLabel(dim, value)}`);
  return parts.length ? parts.join("；") : "不限（全部状态、年度和类别）";
}

// -- the statistics -------------------------------------------------------------------------------
async function loadStats() {
  const mine = ++seq.stats;
  $("result-summary").textContent = "正在统计…";
  const result = await api("GET", "/statistics?" + qs(statsQuery()));
  if (mine !== seq.stats) return;
  $("table").textContent = "";
  if (!result.ok) {
    answer = null;
    showChart(false);
    $("result-summary").textContent = "";
    $("table").append(loadFailed("统计结果", result.error));
    return;
  }
  answer = result.data;
  const dims = answer.by.map((d) => answer.dimensions[d] || labels[d]);
  $("result-title").textContent = dims.length > 1 ? `按${dims[0]}与${dims[1]}交叉统计` : `按${dims[0]}统计`;
  $("result-summary").textContent = `统计条件：${conditionsText()}。共 ${answer.total} 项成果。`;
  $("table").append(answer.columns ? crossTable(answer) : listTable(answer));
  drawChart();
  if (state.drill) $("drill-where").textContent = drillWhere(state.drill);
}

/** A count as a button that opens the registrations behind it; `at`: the figure's values. */
function countCell(n, at, what) {
  if (!n) return h("span", { class: "zero" }, "0");
  if (at === null) return String(n);
  return h("button", { type: "button", class: "count", "aria-label": `${what}：${n} 项，查看成果清单`,
                       onclick: () => openDrill(at) }, String(n));
}

/** {dim: filter value} for a figure, or null when one of its values cannot be filtered by. */
function figure(pairs) {
  const at = {};
  for (const [dim, value] of pairs) {
    const v = filterValue(dim, value);
    if (v === null) return null;
    at[dim] = v;
  }
  return at;
}

const percent = (n, total) => (total ? (n * 100 / total).toFixed(1) + "%" : "—");

function listTable(data) {
  const dim = data.by[0];
  const name = data.dimensions[dim] || labels[dim];
  if (!data.rows.length) return emptyTable();
  const body = data.rows.map((r) => h("tr", {},
    h("th", { scope: "row" }, r.label),
    h("td", { class: "num" }, countCell(r.count, figure([[dim, r.value]]), `${name}“${r.label}”`)),
    h("td", { class: "num" }, percent(r.count, data.total))));
  return h("div", { class: "table-wrap" }, h("table", { class: "grid stats" },
    h("caption", { class: "sr-only" }, `按${name}统计的登记数（${conditionsText()}）`),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, name), h("th", { scope: "col", class: "num" }, "登记数"),
                                 h("th", { scope: "col", class: "num" }, "占比"))),
    h("tbody", {}, body),
    h("tfoot", {}, h("tr", {}, h("th", { scope: "row" }, "合计"),
      h("td", { class: "num" }, countCell(data.total, {}, "合计")), h("td", { class: "num" }, "100%")))));
}

function crossTable(data) {
  const [rowDim, colDim] = data.by;
  const rowName = data.dimensions[rowDim] || labels[rowDim];
  const colName = data.dimensions[colDim] || labels[colDim];
  if (!data.rows.length) return emptyTable();
  const head = h("tr", {}, h("th", { scope: "col", class: "corner" }, `${rowName} \\ ${colName}`),
    data.columns.map((c) => h("th", { scope: "col", class: "num" }, c.label)),
    h("th", { scope: "col", class: "num" }, "合计"));
  const body = data.rows.map((r) => h("tr", {},
    h("th", { scope: "row" }, r.label),
    r.cells.map((n, j) => h("td", { class: "num" }, countCell(n, figure([[rowDim, r.value], [colDim, data.columns[j].value]]),
      `${rowName}“${r.label}”、${colName}“${data.columns[j].label}”`))),
    h("td", { class: "num total" }, countCell(r.total, figure([[rowDim, r.value]]), `${rowName}“${r.label}”合计`))));
  const foot = h("tr", {}, h("th", { scope: "row" }, "合计"),
    data.columns.map((c) => h("td", { class: "num total" }, countCell(c.total, figure([[colDim, c.value]]), `${colName}“${c.label}”合计`))),
    h("td", { class: "num total" }, countCell(data.total, {}, "总计")));
  return h("div", { class: "table-wrap" }, h("table", { class: "grid stats cross" },
    h("caption", { class: "sr-only" }, `按${rowName}（行）与${colName}（列）交叉统计的登记数（${conditionsText()}）`),
    h("thead", {}, head), h("tbody", {}, body), h("tfoot", {}, foot)));
}

function emptyTable() {
  return h("div", { class: "table-wrap" }, h("table", { class: "grid stats" },
    h("tbody", {}, h("tr", {}, h("td", { class: "empty" }, "没有符合条件的登记数据，请调整统计条件")))));
}

// -- the chart ------------------------------------------------------------------------------------
function showChart(visible) {
  $("chart").parentElement.hidden = !visible;
  $("chart-kind").hidden = !visible;
  if (!visible && chart) chart.clear();
}

function drawChart() {
  if (!answer || !answer.rows.length) { showChart(false); return; }
  showChart(true);
  const box = $("chart");
  const cross = Boolean(answer.columns);
  const rows = answer.rows.slice(0, MAX_BARS);
  const pie = state.chart === "pie" && !cross;
  const height = pie ? 320 : Math.min(480, Math.max(cross ? 200 : 170, rows.length * 32 + (cross ? 96 : 64)));
  box.style.height = height + "px";   // CSSOM, which the CSP allows (no style attribute in HTML)
  if (!chart) {
    chart = echarts.init(box, null, { renderer: "canvas" });
    chart.on("click", onChartClick);
  }
  const dims = answer.by.map((d) => answer.dimensions[d] || labels[d]);
  const option = pie ? pieOption(rows) : cross ? stackedOption(rows) : barOption(rows);
  chart.setOption({ color: COLORS, textStyle: { fontFamily: FONT }, animationDuration: 400, ...option }, true);
  chart.resize();
  const kind = pie ? "饼图" : cross ? "堆积柱状图" : "柱状图";
  box.setAttribute("aria-label", `${kind}：按${dims.join("与")}统计的登记数，共 ${answer.total} 项。数据见下方统计表，表中数字可打开成果清单。`);
  const more = [];
  if (answer.rows.length > rows.length) more.push(`图中显示登记数最多的 ${rows.length} 项${dims[0]}（共 ${answer.rows.length} 项）`);
  if (cross && answer.columns.length > MAX_SERIES) more.push(`${dims[1]}只显示最多的 ${MAX_SERIES} 项，其余合为“其他”`);
  $("chart-note").textContent = (more.length ? more.join("；") + "，完整数据见统计表。" : "") + "点击图中的柱形或扇区查看成果清单。";
  document.querySelectorAll("#chart-kind button").forEach((b) => {
    b.setAttribute("aria-pressed", String(b.dataset.kind === (pie ? "pie" : "bar")));
    b.disabled = cross && b.dataset.kind === "pie";
  });
}

const tooltip = (formatter) => ({ trigger: "item", renderMode: "richText", confine: true, formatter });
const valueAxis = { type: "value", minInterval: 1, name: "登记数（项）", nameLocation: "middle", nameGap: 26,
                    nameTextStyle: { color: "#555" }, splitLine: { lineStyle: { color: "#e3e9f1" } } };
const labelAxis = { type: "category", inverse: true, axisTick: { show: false },
                    axisLabel: { width: 190, overflow: "truncate", color: "#333" } };

function barOption(rows) {
  const dim = answer.by[0];
  chartMap = (series, index) => (rows[index] ? figure([[dim, rows[index].value]]) : null);
  return {
    tooltip: tooltip((p) => `${p.name}：${p.value} 项`),
    grid: { left: 12, right: 40, top: 12, bottom: 36, containLabel: true },
    xAxis: valueAxis,
    yAxis: { ...labelAxis, data: rows.map((r) => r.label) },
    series: [{ type: "bar", name: "登记数", data: rows.map((r) => r.count), barMaxWidth: 26, cursor: "pointer",
               label: { show: true, position: "right", color: "#222" },
               emphasis: { itemStyle: { color: "#15528f" } } }],
  };
}

function pieOption(rows) {
  const dim = answer.by[0];
  const shown = rows.slice(0, 11);
  const rest = answer.rows.slice(shown.length).reduce((n, r) => n + r.count, 0);
  const data = shown.map((r) => ({ name: r.label, value: r.count }));
  if (rest) data.push({ name: "其他", value: rest, itemStyle: { color: "#b9c6d6" } });
  chartMap = (series, index) => (shown[index] ? figure([[dim, shown[index].value]]) : null);
  return {
    tooltip: tooltip((p) => `${p.name}：${p.value} 项（${p.percent}%）`),
    legend: { type: "scroll", orient: "vertical", right: 8, top: "middle", textStyle: { color: "#333" } },
    series: [{ type: "pie", radius: ["32%", "62%"], center: ["42%", "52%"], data, cursor: "pointer",
               label: { formatter: "{b}：{c}（{d}%）", color: "#333" }, minAngle: 3 }],
  };
}

function stackedOption(rows) {
  const [rowDim, colDim] = answer.by;
  const columns = answer.columns.slice(0, MAX_SERIES);
  const series = columns.map((c, j) => ({
    type: "bar", name: c.label, stack: "total", barMaxWidth: 26, cursor: "pointer",
    emphasis: { focus: "series" }, data: rows.map((r) => r.cells[j] || 0) }));
  if (answer.columns.length > columns.length) {
    series.push({ type: "bar", name: "其他", stack: "total", barMaxWidth: 26, itemStyle: { color: "#b9c6d6" },
                  data: rows.map((r) => r.cells.slice(columns.length).reduce((a, b) => a + b, 0)) });
  }
  chartMap = (s, index) => (columns[s] && rows[index]
    ? figure([[rowDim, rows[index].value], [colDim, columns[s].value]]) : null);
  return {
    tooltip: tooltip((p) => `${p.name} · ${p.seriesName}：${p.value} 项`),
    legend: { type: "scroll", top: 0, left: 0, right: 0, textStyle: { color: "#333" } },
    grid: { left: 12, right: 24, top: 40, bottom: 36, containLabel: true },
    xAxis: valueAxis,
    yAxis: { ...labelAxis, data: rows.map((r) => r.label) },
    series,
  };
}

function onChartClick(params) {
  if (!chartMap || !params || params.componentType !== "series" || !params.value) return;
  const at = chartMap(params.seriesIndex, params.dataIndex);
  if (at) openDrill(at);
}

// -- the registrations behind a figure --------------------------------------------------------------
function openDrill(at) {
  state.drill = { at, page: 1, q: "" };
  writeUrl(true);
  $("drill-q").value = "";
  loadDrill(true);
}

function drillWhere(drill) {
  return "统计条件：" + conditionsText(drill.at) + (drill.q ? `；检索词：${drill.q}` : "");
}

async function loadDrill(focus) {
  const drill = state.drill;
  const section = $("drill");
  if (!drill) { section.hidden = true; return; }
  section.hidden = false;
  $("drill-q").value = drill.q;
  $("drill-where").textContent = drillWhere(drill);
  const mine = ++seq.drill;
  const params = { ...listQuery(drill), page: String(drill.page), page_size: String(LIST_PAGE_SIZE) };
  const result = await api("GET", "/statistics/registrations?" + qs(params));
  if (mine !== seq.drill) return;
  const list = $("drill-list");
  const pager = $("drill-pager");
  list.textContent = "";
  pager.textContent = "";
  if (focus) { section.scrollIntoView({ block: "start" }); $("drill-title").focus({ preventScroll: true }); }
  if (!result.ok) { list.append(loadFailed("成果清单", result.error)); return; }
  const { items, total, page, page_size: pageSize } = result.data;
  $("drill-title").textContent = `成果清单（共 ${total} 项）`;
  list.append(table([
    { label: "登记号", cell: (r) => r.registration_number || "—" },
    { label: "成果名称", cell: titleCell },
    { label: "类别", cell: (r) => r.category_label || "" },
    { label: "第一完成单位", cell: (r) => r.first_unit || "" },
    { label: "状态", cell: (r) => h("span", { class: "status-" + (r.status === "registered" ? "approved" : r.status) },
        r.status_label + (r.status === "pending" && r.level_label ? `（${r.level_label}）` : "")) },
    { label: "提交时间", cell: (r) => dateTime(r.submitted_at) },
    { label: "登记日期", cell: (r) => r.registered_on || "" },
    { label: "办理用时", cell: (r) => (r.decision_working_days == null ? "" : `${r.decision_working_days} 个工作日`) },
  ], items, "没有符合条件的成果"));
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const go = (n) => { state.drill = { ...drill, page: n }; writeUrl(true); loadDrill(true); };
  pager.append(
    h("button", { type: "button", class: "small secondary", disabled: page <= 1, onclick: () => go(page - 1) }, "上一页"),
    h("span", { class: "pager-state" }, `第 ${page} / ${pages} 页，共 ${total} 项`),
    h("button", { type: "button", class: "small secondary", disabled: page >= pages, onclick: () => go(page + 1) }, "下一页"));
}

/** A registration's title linked to its case page (/review/<case_id>), and 公开目录 when it is
 * registered and its registrant agreed to publication (/register/<登记号>). */
function titleCell(r) {
  const title = r.title || "（未填写）";
  const listed = r.public && r.status === "registered" && r.registration_number;
  return h("span", { class: "title-cell" },
    r.case_id ? h("a", { href: `/review/${r.case_id}` }, title) : title,
    listed ? h("a", { class: "public-link", href: "/register/" + encodeURIComponent(r.registration_number),
                      "aria-label": `在科技成果公开目录中查看“${title}”` }, "公开目录") : null);
}

// -- 办理用时 ------------------------------------------------------------------------------------------
async function loadTimes() {
  const mine = ++seq.times;
  const result = await api("GET", "/statistics/decision-times?" + qs(filterParams({}, "status")));
  if (mine !== seq.times) return;
  const facts = $("time-facts");
  facts.textContent = "";
  $("waiting").textContent = "";
  $("late").textContent = "";
  if (!result.ok) { facts.append(loadFailed("办理用时", result.error)); return; }
  const t = result.data;
  $("limit").textContent = String(t.limit_working_days);
  const days = (n) => (n == null ? "—" : `${Number.isInteger(n) ? n : Number(n).toFixed(1)} 个工作日`);
  const card = (label, value, note, kind) => h("div", { class: "stat-card " + (kind || "") },
    h("dt", {}, label), h("dd", {}, value, note ? h("small", {}, note) : null));
  const decided = t.decided || 0;
  facts.append(h("dl", { class: "stat-cards" },
    card("已作出决定", `${decided} 件`),
    card("用时中位数", days(t.median)),
    card("用时90百分位", days(t.p90)),
    card(`${t.limit_working_days}个工作日内`, `${t.within_limit} 件`, decided ? `占 ${percent(t.within_limit, decided)}` : "", "good"),
    card(`超过${t.limit_working_days}个工作日`, `${t.over_limit} 件`, decided ? `占 ${percent(t.over_limit, decided)}` : "", t.over_limit ? "bad" : ""),
    card("等待中已超时限", `${t.waiting_over_limit.length} 件`, "", t.waiting_over_limit.length ? "bad" : "")));
  $("waiting").append(table([
    { label: "成果名称", cell: titleCell },
    { label: "类别", cell: (r) => r.category_label || "" },
    { label: "第一完成单位", cell: (r) => r.first_unit || "" },
    { label: "到达登记机构", cell: (r) => dateTime(r.office_arrived_at) },
    { label: "已等待", cell: (r) => h("strong", { class: "overdue" }, `${r.waiting_working_days} 个工作日`) },
  ], t.waiting_over_limit, "没有等待超过时限的成果"));
  $("late").append(table([
    { label: "登记号", cell: (r) => r.registration_number || "—" },
    { label: "成果名称", cell: titleCell },
    { label: "第一完成单位", cell: (r) => r.first_unit || "" },
    { label: "决定", cell: (r) => r.status_label },
    { label: "到达登记机构", cell: (r) => dateTime(r.office_arrived_at) },
    { label: "作出决定", cell: (r) => dateTime(r.decided_at) },
    { label: "办理用时", cell: (r) => h("strong", { class: "overdue" }, `${r.decision_working_days} 个工作日`) },
  ], t.decided_over_limit, "没有超过时限作出决定的成果"));
}

// -- exports ----------------------------------------------------------------------------------------
// The statistics years that have registered achievements, newest first, for the package.
async function packageYears() {
  const result = await api("GET", "/statistics?by=statistics_year&status=registered");
  const select = $("package-year");
  const years = result.ok ? result.data.rows.map((r) => r.value).filter((v) => v != null).sort((a, b) => b - a) : [];
  select.textContent = "";
  for (const year of years) select.append(h("option", { value: String(year) }, `${year}统计年度`));
  if (!years.length) select.append(h("option", { value: "" }, "（暂无已登记成果）"));
  $("package-start").disabled = !years.length;
}

function startExport(kind, params, title, button) {
  return startJob($("exports"), "/exports", { kind, params }, title, button);
}

// -- the form -------------------------------------------------------------------------------------
function fillForm() {
  $("by").value = state.rows;
  $("cross").value = state.cols;
  for (const f of FILTERS) {
    const select = $(f);
    if (state.filters[f] && ![...select.options].some((o) => o.value === state.filters[f])) {
      select.append(h("option", { value: state.filters[f] }, state.filters[f]));
    }
    select.value = state.filters[f] || "";
  }
  syncCross();
}

function syncCross() {
  for (const option of $("cross").options) option.disabled = option.value !== "" && option.value === $("by").value;
  if ($("cross").value === $("by").value) $("cross").value = "";
}

function readForm() {
  state.rows = $("by").value;
  state.cols = $("cross").value !== state.rows ? $("cross").value : "";
  for (const f of FILTERS) state.filters[f] = $(f).value;
  if (state.cols) state.chart = "bar";
  state.drill = null;
}

function run() {
  notice($("notice"), "");
  $("drill").hidden = !state.drill;
  loadStats();
  loadTimes();
  if (state.drill) loadDrill(false);
}

async function years(dim) {
  const result = await api("GET", "/statistics?" + qs({ by: dim }));
  if (!result.ok) return [];
  return result.data.rows.map((r) => r.value).filter((v) => v !== null).map(String).sort().reverse();
}

async function start() {
  const [dims, statYears, regYears] = await Promise.all([
    api("GET", "/statistics/dimensions"), years("statistics_year"), years("registration_year")]);
  if (!dims.ok) {
    $("result").hidden = true;
    $("times").hidden = true;
    $("query").after(loadFailed("统计维度", dims.error));
    return;
  }
  for (const d of dims.data.dimensions) {
    labels[d.key] = d.label;
    $("by").append(h("option", { value: d.key }, d.label));
    $("cross").append(h("option", { value: d.key }, d.label));
  }
  for (const y of statYears) $("statistics_year").append(h("option", { value: y }, `${y}年`));
  for (const y of regYears) $("registration_year").append(h("option", { value: y }, `${y}年`));
  readUrl();
  fillForm();
  writeUrl(false);

  $("by").addEventListener("change", syncCross);
  $("query").addEventListener("submit", (e) => { e.preventDefault(); readForm(); writeUrl(true); run(); });
  document.querySelectorAll("#chart-kind button").forEach((b) => b.addEventListener("click", () => {
    state.chart = b.dataset.kind;
    writeUrl(false);
    drawChart();
  }));
  $("drill-close").addEventListener("click", () => { state.drill = null; writeUrl(true); $("drill").hidden = true; });
  $("drill-search").addEventListener("submit", (e) => {
    e.preventDefault();
    state.drill = { ...state.drill, q: $("drill-q").value.trim(), page: 1 };
    writeUrl(true);
    loadDrill(false);
  });
  $("export-statistics").addEventListener("click", (e) =>
    startExport("statistics", statsQuery(), "导出统计表", e.currentTarget));
  $("export-registrations").addEventListener("click", (e) =>
    startExport("registrations", filterParams(), "导出成果清单", e.currentTarget));
  $("export-drill").addEventListener("click", (e) =>
    startExport("registrations", listQuery(state.drill), "导出此清单", e.currentTarget));
  packageYears();
  $("package-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const year = Number($("package-year").value);
    startJob($("package-jobs"), "/packages", { statistics_year: year }, `${year}统计年度上报数据包`, $("package-start"));
  });
  window.addEventListener("popstate", () => { readUrl(); fillForm(); run(); });
  window.addEventListener("resize", () => chart && chart.resize());
  if (window.ResizeObserver) new ResizeObserver(() => chart && chart.resize()).observe($("chart").parentElement);
  run();
}

me.then(start);
