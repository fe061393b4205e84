"""What the office may ask of a list of registrations (the figures behind a count, an export):
the statistics' filters, words to search for, and a page."""
from __future__ import annotations

from dataclasses import dataclass, field

from services.common.errors import InvalidInput, invalid
from services.common.paging import read_page
from services.common.text_rules import text_problem

from .statistics_query import read_query

MAX_WORDS_LENGTH = 100
NOT_FILTERS = ("q", "page", "page_size")


@dataclass(frozen=True)
class ListQuery:
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    words: str | None = None
    page: int = 1
    page_size: int = 20


def read_list_query(params) -> ListQuery:
    params = params if isinstance(params, dict) else {}
    errors: dict[str, str] = {}
    filters = {}
    try:
        filters = read_query({k: v for k, v in params.items() if k not in NOT_FILTERS}).filters
    except InvalidInput as exc:
        errors.update({k: v for k, v in exc.fields.items() if k != "by"})
    words = params.get("q")
    if words is not None and (not isinstance(words, str) or len(words) > MAX_WORDS_LENGTH
                              or text_problem(words) or any(c in words for c in "\t\r\n")):
        errors["q"] = f"检索词应为{MAX_WORDS_LENGTH}字以内的文字"
    page = (1, 20)
    try:
        page = read_page(params.get("page", 1), params.get("page_size", 20))
    except InvalidInput as exc:
        errors.update(exc.fields)
    if errors:
        raise invalid(errors)
    return ListQuery(filters=filters, words=(words or "").strip() or None, page=page[0],
                     page_size=page[1])
