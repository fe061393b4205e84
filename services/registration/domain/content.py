"""Lenient save: keep what is well-formed, drop what is not, say why — never raise for input.

    kept, problems = clean_section(form, "overview", {"title": "测试测试", "start_date": "2019-6"})

A document is `{section_key: {field_key: value, table_key: [{column: value}, ...]}}`. Cleaning
normalises values (dates ISO, year_month YYYY-MM, money "12.30", upper-case codes) and leaves
out empty ones. Each Problem names its section, field, row and column: level "error" means the
value was dropped, "warning" means it was kept but breaks a limit the check will enforce.
Required fields are not asked for here; that is the check's job.
"""
from __future__ import annotations

from .codetables import default_tables
from .problems import WARNING, Place, Problem
from .values import STORE_MAX_ITEMS, Bad, is_empty, limits, read


def _read_group(fields, raw: dict, place: Place, ctx, problems) -> dict:
    """The fields of a section (or the columns of one row), read from a dict of raw values."""
    known = {f.key for f in fields}
    for key in raw:
        if key not in known:
            problems.append(place.cell(str(key)).problem(
                "unknown_field", f"表单中没有“{key}”这一项，未保存"))
    kept = {}
    # ID numbers last: how one is read depends on the clean 证件类型 beside it
    for f in sorted(fields, key=lambda f: f.type == "id_number"):
        if f.key not in raw or is_empty(raw[f.key]):
            continue
        at = place.cell(f.key)
        try:
            if f.type == "table":
                value = _read_table(f, raw[f.key], at, ctx, problems)
            else:
                value = read(f, raw[f.key], siblings=kept, **ctx)
        except Bad as bad:
            problems.append(at.problem(bad.code, bad.message))
            continue
        if value is None:
            continue
        kept[f.key] = value
        problems.extend(at.problem(code, message, WARNING) for code, message in limits(f, value))
    return {f.key: kept[f.key] for f in fields if f.key in kept}


def _read_table(table, raw, place: Place, ctx, problems) -> list | None:
    if not isinstance(raw, (list, tuple)):
        raise Bad("invalid_format", f"{table.label}应为若干行的列表")
    if len(raw) > STORE_MAX_ITEMS:
        raise Bad("too_many", f"{table.label}行数过多（超过{STORE_MAX_ITEMS}行），未能保存")
    rows = []
    for index, raw_row in enumerate(raw):
        at = Place.row_of(place.section, table, index)
        if not isinstance(raw_row, dict):
            problems.append(at.problem("invalid_format", "格式不正确，未保存"))
            continue
        row = _read_group(table.columns, raw_row, at, ctx, problems)
        if row:
            rows.append(row)
    return rows or None


def clean_section(definition, section_key, raw_values, *, today=None, tables=None):
    """-> (kept_values, problems) for one section of a form."""
    try:
        section = definition.section(section_key)
    except KeyError:
        return {}, [Problem(str(section_key), None, None, "unknown_section",
                            f"表单中没有“{section_key}”栏目，未保存")]
    if raw_values is None:
        return {}, []
    if not isinstance(raw_values, dict):
        return {}, [Problem(section.key, None, None, "invalid_format",
                            f"{section.label}的内容格式不正确，未保存")]
    problems = []
    ctx = {"today": today, "tables": tables or default_tables()}
    kept = _read_group(section.fields, raw_values, Place(section.key), ctx, problems)
    return kept, problems


def clean_document(definition, raw_sections, *, today=None, tables=None):
    """-> (document, problems) for a whole document; sections keep the form's order."""
    if not isinstance(raw_sections, dict):
        return {}, [Problem("", None, None, "invalid_format", "登记表内容格式不正确，未保存")]
    document, problems = {}, []
    known = [s.key for s in definition.sections]
    for key in [k for k in known if k in raw_sections] + [k for k in raw_sections if k not in known]:
        kept, found = clean_section(definition, key, raw_sections[key], today=today, tables=tables)
        problems.extend(found)
        if key in known and (kept or raw_sections[key] is not None):
            document[key] = kept
    return document, problems
