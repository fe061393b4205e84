"""What anyone may ask of the public register (no login), read from untrusted parameters:
words, 成果类别, a field (学科分类, 高新技术领域 or 国民经济行业), 行政区划, year, and a page."""
from __future__ import annotations

from dataclasses import dataclass, field

from services.common.categories import CATEGORIES
from services.common.errors import invalid
from services.common.text_rules import text_problem

MAX_WORDS_LENGTH = 60
MAX_PAGE = 500
MAX_PAGE_SIZE = 50
CODE_FILTERS = {"discipline": "学科分类", "hightech_field": "高新技术领域", "industry": "国民经济行业",
                "region": "行政区划"}


@dataclass(frozen=True)
class RegisterQuery:
    words: str | None = None
    filters: dict[str, str] = field(default_factory=dict)   # column → one value
    year: int | None = None
    page: int = 1
    page_size: int = 20


def _number(raw, low: int, high: int) -> int | None:
    try:
        value = int(str(raw).strip())
    except (TypeError, ValueError):
        return None
    return value if low <= value <= high else None


def read_register_query(params) -> RegisterQuery:
    params = params if isinstance(params, dict) else {}
    errors: dict[str, str] = {}
    known = {"q", "category", "year", "page", "page_size", *CODE_FILTERS}
    for key in params:
        if key not in known:
            errors[str(key)[:40]] = "不支持的查询条件"
    words = params.get("q")
    if words is not None and (not isinstance(words, str) or len(words) > MAX_WORDS_LENGTH
                              or text_problem(words) or any(c in words for c in "\t\r\n")):
        errors["q"] = f"关键词应为{MAX_WORDS_LENGTH}字以内"
    filters: dict[str, str] = {}
    category = params.get("category")
    if category not in (None, ""):
        if category not in CATEGORIES:
            errors["category"] = "成果类别应为 applied、basic 或 soft"
        else:
            filters["category"] = category
    for key, label in CODE_FILTERS.items():
        value = params.get(key)
        if value in (None, ""):
            continue
        if not isinstance(value, str) or not value.isalnum() or len(value) > 12:
            errors[key] = f"{label}代码不正确"
        else:
            filters[key] = value
    year = None
    if params.get("year") not in (None, ""):
        year = _number(params.get("year"), 1900, 2999)
        if year is None:
            errors["year"] = "登记年度应为四位年份"
    page = _number(params.get("page", 1), 1, MAX_PAGE)
    page_size = _number(params.get("page_size", 20), 1, MAX_PAGE_SIZE)
    if page is None or page_size is None:
        errors["page"] = f"页码应为1-{MAX_PAGE}的整数，每页1-{MAX_PAGE_SIZE}条"
    if errors:
        raise invalid(errors)
    return RegisterQuery(words=(words or "").strip() or None, filters=filters, year=year,
                         page=page, page_size=page_size)
