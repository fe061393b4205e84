// Small DOM helpers shared by the pages: $, h, notices, dialogs, tables, dates and sizes.
// (api.js makes the API calls; forms.js handles the plain forms.)

/** $("list") → the element with that id. */
export const $ = (id) => document.getElementById(id);

/** A query parameter of the page's address (?token=…), or null. */
export function param(name) { return new URLSearchParams(location.search).get(name); }

/** h("button", {type: "button", onclick: fn}, "保存") → an element. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (key === "class") el.className = value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key === "value") el.value = value;
    else if (key in el && typeof value !== "string") el[key] = value;
    else el.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

export function dateTime(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  if (isNaN(d)) return iso;
  const p = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function size(bytes) {
  if (bytes == null) return "";
  if (bytes < 1024) return bytes + " B";
  if (bytes < 1024 * 1024) return (bytes / 1024).toFixed(1) + " KB";
  return (bytes / 1024 / 1024).toFixed(1) + " MB";
}

/**
 * Show a message in a `.notice` box (kind: "", "good", "bad"); an empty message hides it.
 * `where` is the box itself or an element (a form) holding one.
 */
export function notice(where, message, kind) {
  const box = where.classList.contains("notice") ? where : where.querySelector(".notice");
  if (!box) return;
  box.textContent = message || "";
  box.className = "notice " + (kind || "");
  box.hidden = !message;
}

/** What a list (or anything a page loads) shows when its request failed: the reason, never "暂无". */
export function loadFailed(what, error) {
  const code = error.code ? `（错误代码：${error.code}）` : "";
  return h("div", { class: "notice bad load-failed", role: "alert" }, `${what}加载失败：${error.message}${code}`);
}

/**
 * A modal dialog (<dialog>, focus kept inside), resolved with the value of the button pressed.
 * buttons: [{label, value, primary}]; `closable` false: Esc does not close it.
 */
export function dialog({ title, body, buttons, closable = true }) {
  return new Promise((resolve) => {
    const box = h("dialog", { class: "dialog", "aria-labelledby": "dialog-title" });
    const heading = h("h2", { id: "dialog-title" }, title);
    const actions = h("div", { class: "dialog-actions" });
    const close = (value) => { box.close(); box.remove(); resolve(value); };
    for (const b of buttons) {
      actions.append(h("button", { type: "button", class: b.primary ? "" : "secondary",
                                   onclick: () => close(b.value) }, b.label));
    }
    box.append(heading, ...(Array.isArray(body) ? body : [body]), actions);
    box.addEventListener("cancel", (e) => { e.preventDefault(); if (closable) close(null); });
    document.body.append(box);
    box.showModal();
    const first = box.querySelector("input, select, textarea, button");
    if (first) first.focus();
  });
}

/** Ask for a reason (退回/不通过). Resolves with the text, or null when cancelled. */
export async function askText(title, label, okLabel) {
  const area = h("textarea", { id: "dialog-text", rows: 4 });
  const error = h("div", { class: "error", role: "alert" });
  while (true) {
    const choice = await dialog({ title, body: [h("label", { for: "dialog-text" }, label), area, error],
      buttons: [{ label: okLabel || "确定", value: "ok", primary: true }, { label: "取消", value: null }] });
    if (choice !== "ok") return null;
    if (area.value.trim()) return area.value.trim();
    error.textContent = "请填写" + label.replace(/[：:]$/, "");
  }
}

/** A table of rows: columns [{label, cell(row) → node|string}]; an empty text when no rows. */
export function table(columns, rows, empty) {
  const head = h("tr", {}, columns.map((c) => h("th", { scope: "col" }, c.label)));
  const body = rows.length ? rows.map((r) => h("tr", {}, columns.map((c) => h("td", { "data-label": c.label }, c.cell(r)))))
    : [h("tr", {}, h("td", { colspan: columns.length, class: "empty" }, empty || "暂无数据"))];
  return h("div", { class: "table-wrap" }, h("table", { class: "grid" }, h("thead", {}, head), h("tbody", {}, body)));
}

/** 上一页 / 第 p / n 页，共 N 条 / 下一页 for a paged list; `go(page)` shows another page. Empty
 * (hidden by CSS) when everything fits on one page. */
export function pager(label, { page, total, pageSize }, go) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const nav = h("nav", { class: "pager", "aria-label": `${label}分页` });
  if (pages <= 1) return nav;
  nav.append(
    h("button", { type: "button", class: "secondary small", disabled: page <= 1, onclick: () => go(page - 1) }, "上一页"),
    h("span", { class: "pager-state" }, `第 ${page} / ${pages} 页，共 ${total} 条`),
    h("button", { type: "button", class: "secondary small", disabled: page >= pages, onclick: () => go(page + 1) }, "下一页"));
  return nav;
}

/** Plain text as paragraphs (a blank line between them, a line break within): never as HTML. */
export function paragraphs(text) {
  return String(text || "").split(/\n\s*\n/)
    .map((p) => h("p", {}, ...p.split("\n").flatMap((line, i) => (i ? [h("br", {}), line] : [line]))));
}
