"""What an .xlsx export of registrations holds: its columns, Chinese headers and the value of
each cell (code-table labels, never raw keys)."""
from __future__ import annotations

import datetime as dt
from typing import Callable

from services.common.categories import CATEGORY_LABELS
from services.common.clock import CHINA
from services.common.errors import invalid

from .progress import STATUS_LABELS

KINDS = {"registrations": "登记成果清单", "statistics": "统计表", "package": "上报数据包"}
EXPORT_KINDS = {k: KINDS[k] for k in ("registrations", "statistics")}   # .xlsx
CONTENT_TYPES = {"registrations": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 "statistics": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 "package": "application/zip"}

# (header, width, cell(row, labels)); `labels(table, code)` gives a code table's label
Column = tuple[str, int, Callable]


def _day(value) -> str | None:
    if isinstance(value, dt.datetime):
        return value.astimezone(CHINA).date().isoformat()
    return value.isoformat() if isinstance(value, dt.date) else None


def _coded(table: str, key: str):
    return lambda row, labels: labels(table, getattr(row, key)) if getattr(row, key) else None


REGISTRATION_COLUMNS: tuple[Column, ...] = (
    ("登记号", 16, lambda r, _: r.registration_number),
    ("成果名称", 40, lambda r, _: r.title),
    ("成果类别", 12, lambda r, _: CATEGORY_LABELS.get(r.category, r.category)),
    ("第一完成单位", 30, lambda r, _: r.first_unit),
    ("完成单位", 40, lambda r, _: "；".join(r.units or [])),
    ("行政区划", 12, _coded("regions", "region")),
    ("学科分类", 20, _coded("disciplines", "discipline")),
    ("国民经济行业", 24, _coded("industries", "industry")),
    ("高新技术领域", 20, _coded("hightech_fields", "hightech_field")),
    ("成果水平", 10, lambda r, _: r.achievement_level),
    ("评价方式", 10, lambda r, _: r.evaluation_method),
    ("成果所处阶段", 12, lambda r, _: r.achievement_stage),
    ("项目编号", 16, lambda r, _: r.project_number),
    ("状态", 10, lambda r, _: STATUS_LABELS.get(r.status, r.status)),
    ("首次提交日期", 12, lambda r, _: _day(r.first_submitted_at)),
    ("到达登记机构日期", 12, lambda r, _: _day(r.office_arrived_at)),
    ("办理用时（工作日）", 10, lambda r, _: r.decision_working_days),
    ("登记日期", 12, lambda r, _: _day(r.registered_on)),
    ("登记年度", 8, lambda r, _: r.registration_year),
    ("统计年度", 8, lambda r, _: r.statistics_year),
    ("不予登记原因", 16, lambda r, _: r.refusal_reason_label),
    ("注销日期", 12, lambda r, _: _day(r.revoked_at)),
)


def registration_cells(row, labels) -> list:
    return [cell(row, labels) for _, _, cell in REGISTRATION_COLUMNS]


def statistics_rows(table: dict, dimensions: dict) -> list[list]:
    """A statistics answer (count_tables) as rows of cells, the header first."""
    names = list(dimensions.values())
    if "columns" in table:
        header = [f"{names[0]} \\ {names[1]}", *(c["label"] for c in table["columns"]), "合计"]
        body = [[r["label"], *r["cells"], r["total"]] for r in table["rows"]]
        footer = ["合计", *(c["total"] for c in table["columns"]), table["total"]]
    else:
        header = [names[0], "登记数"]
        body = [[r["label"], r["count"]] for r in table["rows"]]
        footer = ["合计", table["total"]]
    return [header, *body, footer]


def read_export_request(body) -> tuple[str, dict]:
    """(kind, the list's or the statistics' query) from an .xlsx export request's body."""
    body = body if isinstance(body, dict) else {}
    errors = {}
    kind = body.get("kind")
    if kind not in EXPORT_KINDS:
        errors["kind"] = "导出类型应为：" + "、".join(f"{k}（{v}）" for k, v in EXPORT_KINDS.items())
    params = body.get("params", {})
    if not isinstance(params, dict):
        errors["params"] = "导出条件应为对象（与统计或清单的查询条件相同）"
    if errors:
        raise invalid(errors)
    return kind, {k: v for k, v in params.items() if k not in ("page", "page_size")}


def read_package_request(body) -> int:
    """The statistics year of a national reporting package request."""
    year = (body if isinstance(body, dict) else {}).get("statistics_year")
    if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2999:
        raise invalid({"statistics_year": "请选择上报数据包的统计年度（四位年份）"})
    return year
