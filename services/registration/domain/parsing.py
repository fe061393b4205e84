"""Reading one form definition (parsed YAML) into immutable objects, refusing what is malformed.

`parse_definition(data, source, tables)` checks every attribute (unknown ones too, to catch
typos), the field types, options, code-table references, references between fields, the
required-materials rule and the keys other services rely on (CORE_FIELDS). A problem raises
DefinitionError naming the file and the place: "applied-2021.yaml: sections[1].fields[0] (title): …".
"""
from __future__ import annotations

import re

from services.common.categories import CATEGORY_LABELS

from .codetables import CodeTables
from .formdef import AttachmentKind, Condition, FieldDef, FormDefinition, SectionDef

KEY = re.compile(r"^[a-z][a-z0-9_]*$")
TYPES = frozenset({"text", "textarea", "date", "year_month", "year", "integer", "money",
                   "choice", "multichoice", "code", "email", "mobile", "phone", "postcode",
                   "credit_code", "id_number", "keywords", "boolean", "table"})
DEFAULT_MAX_LENGTH = {"text": 100, "textarea": 2000, "keywords": 20}
# Keys later services rely on (certificate, review, duplicates): every form must have them.
CORE_FIELDS = ("title", "start_date", "end_date", "keywords", "secrecy", "evaluation_method",
               "evaluation_unit", "evaluation_date", "units", "completers")
_FORM_KEYS = {"id", "category", "category_label", "title", "year", "sections"}
_SECTION_KEYS = {"key", "label", "text", "warning", "fields", "attachment_kinds",
                 "required_materials"}
_FIELD_KEYS = {"key", "label", "type", "required", "help", "max_length", "options", "table",
               "unit", "max_items", "columns", "min_rows", "max_rows", "ordered", "unique",
               "required_when", "id_type_field", "gender_field", "birth_field"}


class DefinitionError(ValueError):
    """A form definition that cannot be used; the message names the file and the place."""


def _fail(where: str, message: str):
    raise DefinitionError(f"{where}: {message}")


def _mapping(data, allowed, where):
    if not isinstance(data, dict):
        _fail(where, "应为映射")
    unknown = set(data) - allowed
    if unknown:
        _fail(where, f"未知属性 {sorted(map(str, unknown))}")
    return data


def _key(data, where):
    key = data.get("key")
    if not isinstance(key, str) or not KEY.match(key):
        _fail(where, f"key 应为小写 ASCII snake_case，而不是 {key!r}")
    if not isinstance(data.get("label"), str) or not data["label"].strip():
        _fail(where, "缺少 label")
    return key


def _field(data, where, tables, in_table=False) -> FieldDef:
    _mapping(data, _FIELD_KEYS, where)
    key = _key(data, where)
    where = f"{where} ({key})"
    kind = data.get("type")
    if not isinstance(kind, str) or kind not in TYPES or (in_table and kind == "table"):
        _fail(where, f"未知或不允许的类型 {kind!r}")
    for ref in ("id_type_field", "gender_field", "birth_field", "table", "unit", "help"):
        if data.get(ref) is not None and not isinstance(data[ref], str):
            _fail(where, f"{ref} 应为文本")
    for flag in ("required", "ordered", "unique"):
        if not isinstance(data.get(flag, False), bool):
            _fail(where, f"{flag} 应为 true 或 false")
    for num in ("max_length", "max_items", "min_rows", "max_rows"):
        if data.get(num) is not None and (type(data[num]) is not int or data[num] < 0):
            _fail(where, f"{num} 应为非负整数")
    if data.get("max_rows") is not None and (data.get("min_rows") or 0) > data["max_rows"]:
        _fail(where, "min_rows 不能大于 max_rows")
    options = data.get("options", [])
    if kind in ("choice", "multichoice"):
        if (not isinstance(options, list) or not options
                or not all(isinstance(o, str) and o for o in options)
                or len(set(options)) != len(options)):
            _fail(where, "options 应为不重复的非空文本列表")
    elif options:
        _fail(where, "只有 choice 和 multichoice 有 options")
    if kind == "code" and (not isinstance(data.get("table"), str)
                           or (tables is not None and data["table"] not in tables)):
        _fail(where, f"代码表 {data.get('table')!r} 不存在")
    columns = ()
    if kind == "table":
        raw = data.get("columns")
        if not isinstance(raw, list) or not raw:
            _fail(where, "table 需要 columns")
        columns = tuple(_field(c, f"{where}.columns[{i}]", tables, True) for i, c in enumerate(raw))
        _unique([c.key for c in columns], where)
        _siblings(columns, where)
    elif "columns" in data:
        _fail(where, "只有 table 有 columns")
    defaults = {"max_length": DEFAULT_MAX_LENGTH.get(kind),
                "max_items": 3 if kind == "keywords" else None,
                "unit": "万元" if kind == "money" else None}
    values = {k: data.get(k, defaults.get(k)) for k in ("max_length", "max_items", "unit")}
    when = data.get("required_when")
    if when is not None:
        _mapping(when, {"field", "in"}, f"{where}.required_when")
        if not isinstance(when.get("field"), str) or not isinstance(when.get("in"), list) or not all(
                isinstance(v, (str, bool, int)) for v in when["in"]):
            _fail(where, "required_when 需要 field 与 in（取值列表）")
        when = Condition(when["field"], tuple(when["in"]))
    return FieldDef(
        key=key, label=data["label"], type=kind, required=data.get("required", False),
        help=str(data.get("help", "")).strip(), options=tuple(options), table=data.get("table"),
        columns=columns, min_rows=data.get("min_rows") or 0, max_rows=data.get("max_rows"),
        ordered=data.get("ordered", False), unique=data.get("unique", False),
        required_when=when, id_type_field=data.get("id_type_field"),
        gender_field=data.get("gender_field"), birth_field=data.get("birth_field"), **values)


def _unique(keys, where):
    seen = set()
    for key in keys:
        if key in seen:
            _fail(where, f"key {key!r} 重复")
        seen.add(key)


def _siblings(fields, where):
    """References between fields of one section (or one table row) must resolve."""
    by_key = {f.key: f for f in fields}
    for f in fields:
        refs = [f.id_type_field, f.gender_field, f.birth_field]
        if f.required_when:
            refs.append(f.required_when.field)
            target = by_key.get(f.required_when.field)
            if target and target.options and not set(f.required_when.values) <= set(target.options):
                _fail(f"{where} ({f.key})", "required_when 的取值不在选项中")
        for ref in filter(None, refs):
            if ref not in by_key or ref == f.key:
                _fail(f"{where} ({f.key})", f"引用的字段 {ref!r} 不存在")


def _section(data, where, tables) -> SectionDef:
    _mapping(data, _SECTION_KEYS, where)
    key = _key(data, where)
    where = f"{where} ({key})"
    raw_fields = data.get("fields", [])
    if not isinstance(raw_fields, list):
        _fail(where, "fields 应为列表")
    fields = tuple(_field(f, f"{where}.fields[{i}]", tables) for i, f in enumerate(raw_fields))
    _unique([f.key for f in fields], where)
    _siblings(fields, where)
    for attribute in ("text", "warning"):
        if data.get(attribute) is not None and not isinstance(data[attribute], str):
            _fail(where, f"{attribute} 应为文本")
    if not isinstance(data.get("attachment_kinds", []), list):
        _fail(where, "attachment_kinds 应为列表")
    kinds = []
    for i, k in enumerate(data.get("attachment_kinds", [])):
        _mapping(k, {"code", "label", "help"}, f"{where}.attachment_kinds[{i}]")
        if (not isinstance(k.get("code"), str) or not KEY.match(k["code"])
                or not isinstance(k.get("label"), str) or not k["label"]):
            _fail(f"{where}.attachment_kinds[{i}]", "需要 code（snake_case）与 label")
        kinds.append(AttachmentKind(k["code"], k["label"], str(k.get("help", "")).strip()))
    _unique([k.code for k in kinds], where)
    groups = _materials(data.get("required_materials"), {k.code for k in kinds}, where)
    return SectionDef(key, data["label"], fields, data.get("text"), data.get("warning"),
                      tuple(kinds), groups)


def _materials(rule, kinds, where):
    """`{any_of: [[a, b], [c, d]]}` (any one group, all of it) or `{all_of: [a, b, c]}`."""
    if rule is None:
        return ()
    _mapping(rule, {"any_of", "all_of"}, f"{where}.required_materials")
    if len(rule) != 1:
        _fail(where, "required_materials 应只有 any_of 或 all_of 之一")
    groups = rule["any_of"] if "any_of" in rule else [rule["all_of"]]
    if not isinstance(groups, list) or not groups or not all(
            isinstance(g, list) and g for g in groups):
        _fail(where, "required_materials 的分组应为非空列表")
    for group in groups:
        for code in group:
            if not isinstance(code, str) or code not in kinds:
                _fail(where, f"required_materials 引用了未定义的附件类型 {code!r}")
    return tuple(tuple(g) for g in groups)


def parse_definition(data, source: str = "<memory>", tables: CodeTables | None = None):
    """Validate one definition (the parsed YAML) and build its immutable FormDefinition."""
    _mapping(data, _FORM_KEYS, source)
    for key in ("id", "category", "category_label", "title"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            _fail(source, f"缺少 {key}")
    category, year = data["category"], data.get("year")
    if CATEGORY_LABELS.get(category) != data["category_label"]:
        _fail(source, f"成果类别 {category!r}/{data['category_label']!r} 不是已知类别")
    if type(year) is not int or data["id"] != f"{category}-{year}":
        _fail(source, "year 应为整数，id 应为 <category>-<year>")
    if not isinstance(data.get("sections"), list) or not data["sections"]:
        _fail(source, "sections 应为非空列表")
    sections = tuple(_section(s, f"{source}: sections[{i}]", tables)
                     for i, s in enumerate(data["sections"]))
    _unique([s.key for s in sections], source)
    _unique([f.key for s in sections for f in s.fields], f"{source}: 字段")
    form = FormDefinition(data["id"], category, data["category_label"], data["title"], year,
                          sections)
    missing = [k for k in CORE_FIELDS if not form.has_field(k)]
    if missing:
        _fail(source, f"缺少必备字段 {missing}")
    if sum(1 for s in sections if s.attachment_kinds) != 1:
        _fail(source, "应有且只有一个附件清单栏目（attachment_kinds）")
    return form


