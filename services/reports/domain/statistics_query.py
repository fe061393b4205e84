"""What the office may ask of the statistics, read from untrusted query parameters.

A query counts registrations grouped by one dimension (a list) or two (a cross table), with a
filter on any dimension. Dimensions are named by key; each is a column of the read model.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from services.common.errors import invalid

from .progress import STATUS_LABELS

# key → (label, code table whose labels name the values, or None when values are words)
DIMENSIONS: dict[str, tuple[str, str | None]] = {
    "category": ("成果类别", None),
    "registration_year": ("登记年度", None),
    "statistics_year": ("统计年度", None),
    "region": ("行政区划", "regions"),
    "discipline": ("学科分类", "disciplines"),
    "industry": ("国民经济行业", "industries"),
    "hightech_field": ("高新技术领域", "hightech_fields"),
    "achievement_level": ("成果水平", None),
    "evaluation_method": ("评价方式", None),
    "achievement_stage": ("成果所处阶段", None),
    "unit": ("第一完成单位", None),
    "status": ("状态", None),
    "refusal_reason": ("不予登记原因", None),
}
YEAR_DIMENSIONS = ("registration_year", "statistics_year")
NOT_FILLED = "_none"   # a filter value that asks for the registrations where the field is empty
MAX_FILTER_LENGTH = 100
MAX_VALUES_PER_FILTER = 50


@dataclass(frozen=True)
class StatisticsQuery:
    rows: str
    columns: str | None = None
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)


def _values(raw) -> list:
    return raw if isinstance(raw, list) else [raw]


def read_query(params) -> StatisticsQuery:
    """`params`: {"by": "discipline" or "discipline,region", "<dimension>": value or [values]}."""
    params = params if isinstance(params, dict) else {}
    errors: dict[str, str] = {}
    by = params.get("by", "category")
    names = [n.strip() for n in by.split(",")] if isinstance(by, str) else []
    if not 1 <= len(names) <= 2 or any(n not in DIMENSIONS for n in names) or len(set(names)) != len(names):
        errors["by"] = "统计维度应为一个或两个（以逗号分隔）：" + "、".join(DIMENSIONS)
    filters: dict[str, tuple[str, ...]] = {}
    for key, raw in params.items():
        if key == "by":
            continue
        if key not in DIMENSIONS:
            errors[key] = "不支持的筛选条件"
            continue
        values = _values(raw)
        if not values:
            errors[key] = f"请选择{DIMENSIONS[key][0]}"
            continue
        if len(values) > MAX_VALUES_PER_FILTER:
            errors[key] = f"{DIMENSIONS[key][0]}最多选择{MAX_VALUES_PER_FILTER}项"
            continue
        if not all(isinstance(v, str) and 0 < len(v.strip()) <= MAX_FILTER_LENGTH for v in values):
            errors[key] = f"{DIMENSIONS[key][0]}的取值不正确"
            continue
        values = [v.strip() for v in values]
        if key in YEAR_DIMENSIONS + ("status",) and NOT_FILLED in values:
            errors[key] = f"{DIMENSIONS[key][0]}不能为空"
            continue
        if key in YEAR_DIMENSIONS and not all(v.isdigit() and 1900 <= int(v) <= 2999 for v in values):
            errors[key] = f"{DIMENSIONS[key][0]}应为四位年份"
            continue
        if key == "status" and not all(v in STATUS_LABELS for v in values):
            errors[key] = "状态应为：" + "、".join(f"{k}（{v}）" for k, v in STATUS_LABELS.items())
            continue
        filters[key] = tuple(dict.fromkeys(values))
    if errors:
        raise invalid(errors)
    return StatisticsQuery(rows=names[0], columns=names[1] if len(names) == 2 else None,
                           filters=filters)
