"""The rules of 填写检查 beyond required fields and formats (domain.md §1, §3).

Each function returns a list of Problems. The fields they read have stable keys that every form
definition carries (definitions.CORE_FIELDS): title, start_date, end_date, evaluation_date,
secrecy, and where present project_number and the IP table ip_rows (number, grant_date).
"""
from __future__ import annotations

import calendar
import datetime as dt

from services.common.idcodes import resident_id_birth_date, resident_id_gender

from .problems import WARNING, Place, Problem
from .values import RESIDENT_ID

PUBLIC = ("公开", "非密")
DATE_CHAIN = ("start_date", "end_date", "evaluation_date")
WINDOW_FROM = (("evaluation_date", None), ("ip_rows", "grant_date"))
_DATED = frozenset({"date", "year_month", "year"})


def value_of(definition, document, key):
    section = definition.section_of(key)
    return (document.get(section) or {}).get(key) if section else None


def _comparable(value, month_only: bool, kind: str):
    text = str(value)
    return text[:7] if month_only or kind == "year_month" else text


def future_dates(fields, values, place: Place, today: dt.date) -> list[Problem]:
    limits = {"date": today.isoformat(), "year_month": today.strftime("%Y-%m"), "year": today.year}
    return [place.cell(f.key).problem("future_date", f"{f.label}不能晚于今天")
            for f in fields if f.type in _DATED and values.get(f.key) is not None
            and values[f.key] > limits[f.type]]


def id_consistency(fields, values, place: Place) -> list[Problem]:
    """性别 and 出生年月 must agree with a 居民身份证号码 (GB 11643)."""
    found = []
    for f in (f for f in fields if f.type == "id_number" and values.get(f.key)):
        number = values[f.key]
        if f.id_type_field and values.get(f.id_type_field) != RESIDENT_ID or not (
                len(number) == 18 and number[:17].isdigit()):
            continue
        gender, birth = values.get(f.gender_field), values.get(f.birth_field)
        if gender and gender != resident_id_gender(number):
            found.append(place.cell(f.gender_field).problem(
                "id_mismatch", f"性别与{f.label}不一致"))
        if birth and str(birth)[:7] != resident_id_birth_date(number).strftime("%Y-%m"):
            found.append(place.cell(f.birth_field).problem(
                "id_mismatch", f"出生年月与{f.label}不一致"))
    return found


def unique_rows(fields, values, place: Place) -> list[Problem]:
    found = []
    for table in (f for f in fields if f.type == "table"):
        for column in (c for c in table.columns if c.unique):
            first = {}
            for index, row in enumerate(values.get(table.key) or ()):
                value = row.get(column.key)
                if value is None:
                    continue
                if value in first:
                    found.append(Place.row_of(place.section, table, index).cell(column.key).problem(
                        "duplicate_row", f"{column.label}与第{first[value] + 1}行重复"))
                first.setdefault(value, index)
    return found


def date_order(definition, document) -> list[Problem]:
    """研究起始 ≤ 研究终止 ≤ 评价日期, compared by month where a year_month is involved."""
    present = [(k, definition.field(k)) for k in DATE_CHAIN
               if definition.has_field(k) and value_of(definition, document, k)]
    found = []
    for (early_key, early), (late_key, late) in zip(present, present[1:]):
        month_only = "year_month" in (early.type, late.type)
        if (_comparable(value_of(definition, document, late_key), month_only, late.type)
                < _comparable(value_of(definition, document, early_key), month_only, early.type)):
            found.append(Place(definition.section_of(late_key), late_key).problem(
                "date_order", f"{late.label}不能早于{early.label}"))
    return found


def secrecy(definition, document) -> list[Problem]:
    level = value_of(definition, document, "secrecy")
    if level is None or level in PUBLIC:
        return []
    return [Place(definition.section_of("secrecy"), "secrecy").problem(
        "classified", f"涉密成果不予登记：成果密级为“{level}”，只有公开的成果可以登记")]


def materials(definition, attachments) -> list[Problem]:
    section = definition.attachments
    if section is None or not section.required_materials:
        return []
    present = {a.get("kind") if isinstance(a, dict) else a for a in attachments or ()}
    if any(set(group) <= present for group in section.required_materials):
        return []
    wanted = "；或".join("、".join(section.kind_label(k) for k in group)
                        for group in section.required_materials)
    return [Place(section.key).problem("materials_missing", f"缺少必需的附件材料，请上传：{wanted}")]


def add_months(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def window(definition, document, today: dt.date, months: int | None) -> list[Problem]:
    """Apply within `months` of the evaluation (or of the latest IP grant): a warning at check."""
    if not months:
        return []
    dates = []
    for key, column in WINDOW_FROM:
        value = value_of(definition, document, key)
        if column is None:
            dates.append(value)
        else:
            dates.extend(row.get(column) for row in value or ())
    dates = [dt.date.fromisoformat(d) for d in dates if isinstance(d, str) and len(d) == 10]
    if not dates:
        return []
    deadline = add_months(max(dates), months)
    if today <= deadline:
        return []
    return [Place(definition.section_of("evaluation_date"), "evaluation_date").problem(
        "out_of_window",
        f"已超过登记期限：应在评价（或知识产权授权）后{months}个月内、即{deadline.isoformat()}前申请登记，"
        "超期申请将不予受理", WARNING)]


def duplicate(definition, document, is_duplicate) -> list[Problem]:
    title = value_of(definition, document, "title")
    if is_duplicate is None or not title:
        return []
    ip_numbers = tuple(row["number"] for row in value_of(definition, document, "ip_rows") or ()
                       if row.get("number"))
    message = is_duplicate(title, value_of(definition, document, "project_number"), ip_numbers)
    if not message:
        return []
    return [Place(definition.section_of("title"), "title").problem("duplicate", message)]
