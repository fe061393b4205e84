// The registration form drawn from its definition (GET /api/v1/forms/<id>): one control per
// field type, values read back per section, problems shown beside their fields.
// Nothing here knows a particular field: everything comes from the definition.
import { api } from "./api.js";
import { $, h } from "./ui.js";

const CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩";
const INPUT_TYPES = { email: "email", mobile: "tel", phone: "tel", date: "date", year_month: "month",
                      integer: "number" };
const SHORT = new Set(["date", "year_month", "year", "integer", "money", "mobile", "phone", "postcode",
                       "email", "credit_code", "id_number", "code", "boolean"]);
const RADIO_LIMIT = 12;

export const fieldId = (...parts) => "f-" + parts.join("-");
const errorId = (...parts) => "err-" + parts.join("-");
const empty = (v) => v === null || v === undefined || v === "" || (Array.isArray(v) && !v.length);

/** A single-value input (text, dates, numbers, code, select in a table). */
function scalar(f, id, tables, inTable) {
  let input;
  if (f.type === "textarea") {
    input = h("textarea", { id, rows: inTable ? 2 : (f.max_length >= 1000 ? 8 : 4) });
  } else if (f.type === "code" || (f.type === "choice" && inTable) || f.type === "boolean" && inTable) {
    input = h("select", { id }, h("option", { value: "" }, "请选择"));
    if (f.type === "code") {
      const table = tables[f.table] || { entries: [] };
      const parents = new Set(table.entries.map((e) => e.parent).filter(Boolean));
      for (const e of table.entries) {
        const indent = e.parent ? "\u3000" : "";
        input.append(new Option(`${indent}${e.code} ${e.label}`, e.code));
        if (parents.has(e.code)) input.lastChild.className = "parent";
      }
    } else if (f.type === "boolean") {
      input.append(new Option("是", "true"), new Option("否", "false"));
    } else {
      for (const o of f.options) input.append(new Option(o, o));
    }
  } else {
    input = h("input", { id, type: INPUT_TYPES[f.type] || "text", autocomplete: "off" });
    if (f.type === "text" && f.max_length) input.maxLength = f.max_length;
    if (f.type === "integer") { input.min = "0"; input.step = "1"; input.inputMode = "numeric"; }
    if (f.type === "year") { input.inputMode = "numeric"; input.maxLength = 4; input.placeholder = "YYYY"; }
    if (f.type === "year_month") input.placeholder = "YYYY-MM";
    if (f.type === "money") { input.inputMode = "decimal"; input.placeholder = "0.00"; }
    if (f.type === "postcode") { input.inputMode = "numeric"; input.maxLength = 6; }
    if (f.type === "credit_code" || f.type === "id_number") input.maxLength = 18;
    if (f.type === "mobile") { input.inputMode = "numeric"; input.maxLength = 11; }
  }
  const control = {
    focus: () => input,
    get() {
      const v = input.value.trim();
      if (f.type === "boolean") return v === "" ? null : v === "true";
      return v === "" ? null : v;
    },
    set(v) { input.value = empty(v) ? "" : String(v); if (counter) counter.update(); },
    nodes: [input],
  };
  let counter = null;
  if (f.type === "textarea" && f.max_length) {
    const out = h("div", { class: "counter", id: id + "-count" });
    counter = { update() {
      const n = input.value.length;
      out.textContent = `已输入 ${n} / ${f.max_length} 字`;
      out.classList.toggle("over", n > f.max_length);
    } };
    input.addEventListener("input", counter.update);
    counter.update();
    control.nodes.push(out);
  }
  if (f.type === "money") control.nodes.push(h("span", { class: "unit" }, f.unit || "万元"));
  if (f.type === "date") {
    // A value saved while the field took a month ("2019-06") does not show in a date picker;
    // say what it was, so the registrant picks the day rather than losing the month.
    const earlier = h("div", { class: "hint", id: id + "-earlier", hidden: true });
    const plainSet = control.set;
    control.set = (v) => {
      plainSet(v);
      const partial = typeof v === "string" && v !== "" && !/^\d{4}-\d{2}-\d{2}$/.test(v);
      earlier.hidden = !partial;
      earlier.textContent = partial ? `此前填写为“${v}”，请选择具体日期（年-月-日）` : "";
    };
    control.nodes.push(earlier);
  }
  return control;
}

/** Radios (choice, boolean) or checkboxes (multichoice) in a group. */
function choices(f, id, multiple) {
  const options = f.type === "boolean" ? [["true", "是"], ["false", "否"]] : f.options.map((o) => [o, o]);
  const boxes = options.map(([value, text], i) => {
    const box = h("input", { type: multiple ? "checkbox" : "radio", name: id, value, id: i ? `${id}-${i}` : id });
    return { box, label: h("label", { class: "choice" }, box, " " + text) };
  });
  return {
    focus: () => boxes[0].box,
    get() {
      const chosen = boxes.filter((b) => b.box.checked).map((b) => b.box.value);
      if (multiple) return chosen.length ? chosen : null;
      if (!chosen.length) return null;
      return f.type === "boolean" ? chosen[0] === "true" : chosen[0];
    },
    set(v) {
      const wanted = (Array.isArray(v) ? v : [v]).map((x) => String(x));
      boxes.forEach((b) => { b.box.checked = !empty(v) && wanted.includes(b.box.value); });
    },
    nodes: [h("div", { class: "choices" }, boxes.map((b) => b.label))],
    group: true,
  };
}

/** 关键词: ① ② ③ inputs. */
function keywords(f, id) {
  const wrap = h("div", { class: "keywords" });
  let inputs = [];
  const draw = (count) => {
    wrap.textContent = "";
    inputs = [];
    for (let i = 0; i < count; i++) {
      const input = h("input", { type: "text", id: i ? `${id}-${i}` : id, autocomplete: "off" });
      if (f.max_length) input.maxLength = f.max_length;
      inputs.push(input);
      wrap.append(h("span", { class: "keyword" }, h("label", { for: input.id, title: `${f.label}${i + 1}` }, CIRCLED[i] || `${i + 1}.`), input));
    }
  };
  draw(f.max_items || 3);
  return {
    focus: () => inputs[0],
    get() { const words = inputs.map((i) => i.value.trim()).filter(Boolean); return words.length ? words : null; },
    set(v) {
      const words = Array.isArray(v) ? v : [];
      if (words.length > inputs.length) draw(words.length);
      inputs.forEach((input, i) => { input.value = words[i] || ""; });
    },
    nodes: [wrap],
    group: true,
  };
}

/** A repeatable table: each row a card of its columns, with 上移 / 下移 / 删除 and 添加一行. */
function rows(f, id, tables, changed) {
  const list = h("div", { class: "rows" });
  const add = h("button", { type: "button", class: "secondary small", id: id + "-add" }, `添加一行${f.label}`);
  let cells = []; // per row: {key: control}
  let readOnly = false;
  const read = () => cells.map((row) => {
    const out = {};
    for (const [key, control] of Object.entries(row)) { const v = control.get(); if (!empty(v)) out[key] = v; }
    return out;
  });
  const draw = (values) => {
    list.textContent = "";
    cells = values.map((value, index) => {
      const row = {};
      const grid = h("div", { class: "row-fields" });
      for (const col of f.columns) {
        const cid = fieldId(id.slice(2), index, col.key);
        const control = col.type === "multichoice" ? choices(col, cid, true)
          : col.type === "keywords" ? keywords(col, cid) : scalar(col, cid, tables, true);
        control.set(value[col.key]);
        row[col.key] = control;
        const label = control.group
          ? h("span", { class: "label" + (col.required ? " req" : ""), id: cid + "-label" }, col.label)
          : h("label", { for: cid, class: col.required ? "req" : "" }, col.label);
        const cell = h("div", { class: "cell" + (col.type === "textarea" ? " wide" : ""), dataset: { column: col.key } },
          label, ...control.nodes,
          col.help ? h("div", { class: "hint" }, col.help) : null,
          h("div", { class: "error", id: errorId(id.slice(2), index, col.key) }));
        if (control.group) { cell.setAttribute("role", "group"); cell.setAttribute("aria-labelledby", cid + "-label"); }
        grid.append(cell);
      }
      const n = index + 1;
      const move = (delta) => () => {
        const all = read();
        const [item] = all.splice(index, 1);
        all.splice(index + delta, 0, item);
        draw(all); changed();
        const target = list.querySelectorAll(".row-card")[index + delta];
        target.querySelector(delta < 0 ? ".up" : ".down")?.focus();
      };
      const actions = h("div", { class: "row-actions" },
        h("button", { type: "button", class: "link up", disabled: index === 0 || readOnly, "aria-label": `第${n}行上移`, onclick: move(-1) }, "上移"),
        h("button", { type: "button", class: "link down", disabled: index === values.length - 1 || readOnly, "aria-label": `第${n}行下移`, onclick: move(1) }, "下移"),
        h("button", { type: "button", class: "link danger", disabled: readOnly, "aria-label": `删除第${n}行`, onclick: () => {
          const all = read(); all.splice(index, 1); draw(all); changed(); add.focus();
        } }, "删除"));
      list.append(h("div", { class: "row-card", role: "group", "aria-label": `${f.label}第${n}行`, dataset: { row: index } },
        h("div", { class: "row-head" }, h("strong", {}, `${f.ordered ? "第" + n + "位" : "第" + n + "行"}`), actions),
        grid, h("div", { class: "error", id: errorId(id.slice(2), index) })));
      return row;
    });
    add.disabled = readOnly || (f.max_rows != null && values.length >= f.max_rows);
    if (!values.length) list.append(h("p", { class: "hint empty-rows" }, `尚未填写${f.label}，请点击“添加一行${f.label}”。`));
  };
  add.addEventListener("click", () => {
    const all = read(); all.push({}); draw(all); changed();
    const cards = list.querySelectorAll(".row-card");
    cards[cards.length - 1].querySelector("input, select, textarea").focus();
  });
  draw([]);
  return {
    focus: () => list.querySelector("input, select, textarea") || add,
    focusAt(row, column) {
      const card = list.querySelectorAll(".row-card")[row];
      if (!card) return add;
      const cell = column && card.querySelector(`[data-column="${column}"]`);
      return (cell || card).querySelector("input, select, textarea");
    },
    get() { const all = read().filter((r) => Object.keys(r).length); return all.length ? all : null; },
    set(v) { draw(Array.isArray(v) ? v : []); },
    setReadOnly(flag) { readOnly = flag; draw(read()); },
    nodes: [list, add],
    group: true,
    table: true,
  };
}

function control(f, id, tables, changed) {
  if (f.type === "table") return rows(f, id, tables, changed);
  if (f.type === "keywords") return keywords(f, id);
  if (f.type === "multichoice") return choices(f, id, true);
  if (f.type === "boolean") return choices(f, id, false);
  if (f.type === "choice" && f.options.length <= RADIO_LIMIT) return choices(f, id, false);
  return scalar(f, id, tables, false);
}

/** Code tables the form's fields (and table columns) use. */
function codeTablesOf(form) {
  const names = new Set();
  const visit = (f) => { if (f.type === "code") names.add(f.table); (f.columns || []).forEach(visit); };
  form.sections.forEach((s) => (s.fields || []).forEach(visit));
  return [...names];
}

/** Every code table the form uses: {ok: true, data: {name: table}}, or the first failure. */
export async function loadCodeTables(form) {
  const names = codeTablesOf(form);
  const answers = await Promise.all(names.map((name) => api("GET", `/codetables/${encodeURIComponent(name)}`)));
  const failed = answers.find((a) => !a.ok);
  if (failed) return failed;
  return { ok: true, data: Object.fromEntries(names.map((name, i) => [name, answers[i].data])) };
}

/** The fields of one section, drawn into `panel`; returns {values(), set(), controls}. */
export function drawSection(section, panel, tables, changed) {
  const controls = {};
  const grid = h("div", { class: "fields" });
  for (const f of section.fields || []) {
    const id = fieldId(section.key, f.key);
    const c = control(f, id, tables, () => changed(section.key));
    controls[f.key] = c;
    const required = f.required || f.type === "table" && f.min_rows > 0;
    const helpId = f.help ? id + "-help" : null;
    const label = c.group
      ? h("span", { class: "label" + (required ? " req" : ""), id: id + "-label" }, f.label + "：")
      : h("label", { for: id, class: required ? "req" : "" }, f.label + "：");
    if (f.required_when) label.classList.add("cond");
    const box = h("div", { class: "field" + (SHORT.has(f.type) ? " short" : "") + (c.table ? " table-field" : ""), id: "fld-" + id.slice(2) },
      label,
      h("div", { class: "control" }, ...c.nodes,
        f.help ? h("div", { class: "hint", id: helpId }, f.help) : null,
        h("div", { class: "error", id: errorId(section.key, f.key) })));
    if (c.group) { box.setAttribute("role", "group"); box.setAttribute("aria-labelledby", id + "-label"); }
    else {
      const input = c.focus();
      const notes = c.nodes.filter((n) => n !== input && n.id).map((n) => n.id);  // counter, earlier value
      input.setAttribute("aria-describedby", [helpId, errorId(section.key, f.key), ...notes].filter(Boolean).join(" "));
    }
    grid.append(box);
  }
  panel.append(grid);
  return {
    controls,
    values() {
      const out = {};
      for (const [key, c] of Object.entries(controls)) { const v = c.get(); if (!empty(v)) out[key] = v; }
      return out;
    },
    set(values) {
      for (const [key, c] of Object.entries(controls)) c.set((values || {})[key]);
    },
    setReadOnly(flag) {
      panel.querySelectorAll("input, select, textarea").forEach((el) => { el.disabled = flag; });
      Object.values(controls).forEach((c) => c.setReadOnly && c.setReadOnly(flag));
      if (flag) panel.querySelectorAll(".fields button").forEach((b) => { b.disabled = true; });
    },
    /** The element to focus for a problem at (field, row, column). */
    target(field, row, column) {
      const c = controls[field];
      if (!c) return null;
      if (row !== null && row !== undefined && c.focusAt) return c.focusAt(row, column);
      return c.focus();
    },
  };
}

/** Where a problem's message goes: the cell, the row, the field, or the section. */
export function errorSlot(p) {
  const parts = [p.section, p.field, p.row, p.column].filter((x) => x !== null && x !== undefined && x !== "");
  for (let n = parts.length; n >= 2; n--) {
    const slot = $(errorId(...parts.slice(0, n)));
    if (slot) return slot;
  }
  return $("err-" + p.section);
}
