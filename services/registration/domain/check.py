"""The strict check (填写检查): every problem of a document, by section and field.

    problems = check_document(form, document, attachments=["evaluation_proof", "research_report"],
                              today=date.today(), is_duplicate=registry_lookup)
    verdict(problems)   # "所有检查全部合格" for an empty list, otherwise "检查未通过"

The check re-reads the document as save does (so a stored draft and a raw one are judged alike),
turns what save tolerated (too long, too many) into errors, then adds: required fields (marked *),
cross-field and date rules, 成果密级, required materials, the registration window (a warning)
and duplicates (through the injected `is_duplicate(title, project_number, ip_numbers)`).
"""
from __future__ import annotations

import datetime as dt
from typing import Callable, Iterable

from . import rules
from .content import clean_document
from .problems import Place, Problem

ASKED_BY_CHOICE = frozenset({"choice", "multichoice", "code", "boolean"})


def groups(definition, document):
    """(fields, values, place) for every section and every table row of a document."""
    for section in definition.sections:
        values = document.get(section.key) or {}
        yield section.fields, values, Place(section.key)
        for table in (f for f in section.fields if f.type == "table"):
            for index, row in enumerate(values.get(table.key) or ()):
                yield table.columns, row, Place.row_of(section.key, table, index)


def _required(definition, document, reported) -> list[Problem]:
    found = []
    for fields, values, place in groups(definition, document):
        for f in fields:
            at = place.cell(f.key)
            if at.key in reported:
                continue
            needed = f.required or bool(f.required_when and f.required_when.holds(values))
            value = values.get(f.key)
            if f.type == "table":
                least = max(f.min_rows, 1 if needed else 0)
                count = len(value or ())
                if count == 0 and least:
                    found.append(at.problem("required", f"请至少填写{least}行{f.label}"))
                elif count < least:
                    found.append(at.problem("too_few", f"{f.label}至少填写{least}行（现有{count}行）"))
            elif needed and value is None:
                verb = "请选择" if f.type in ASKED_BY_CHOICE else "请填写"
                found.append(at.problem("required", f"{verb}{f.label}"))
    return found


def check_document(definition, document, *, attachments: Iterable, today: dt.date,
                   window_months: int | None = 6,
                   is_duplicate: Callable[[str, str | None, tuple], str | None] | None = None,
                   tables=None) -> list[Problem]:
    """Every problem of `document`; an empty list means 所有检查全部合格.

    `attachments` lists the kinds of the files uploaded (e.g. ["evaluation_proof", ...]).
    `window_months` None or 0 turns the registration-window warning off."""
    doc, cleaned = clean_document(definition, document or {}, today=today, tables=tables)
    problems = [p.as_error() for p in cleaned if not p.code.startswith("unknown_")]
    reported = {(p.section, p.field, p.row, p.column) for p in problems}
    problems += _required(definition, doc, reported)
    for fields, values, place in groups(definition, doc):
        problems += rules.future_dates(fields, values, place, today)
        problems += rules.id_consistency(fields, values, place)
        problems += rules.unique_rows(fields, values, place)
    problems += rules.date_order(definition, doc)
    problems += rules.secrecy(definition, doc)
    problems += rules.materials(definition, attachments)
    problems += rules.window(definition, doc, today, window_months)
    problems += rules.duplicate(definition, doc, is_duplicate)
    order = {s.key: i for i, s in enumerate(definition.sections)}
    return sorted(problems, key=lambda p: order.get(p.section, -1))
