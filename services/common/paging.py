"""Page numbers of listings, read from untrusted input."""
from __future__ import annotations

from .errors import invalid

MAX_PAGE = 100_000  # far past any listing; bigger numbers overflow the databases' offsets
MAX_PAGE_SIZE = 100


def read_page(page, page_size) -> tuple[int, int]:
    try:
        page, page_size = int(page), int(page_size)
    except (TypeError, ValueError):
        raise invalid({"page": "页码应为正整数"}) from None
    if not 1 <= page <= MAX_PAGE or not 1 <= page_size <= MAX_PAGE_SIZE:
        raise invalid({"page": f"页码应为1-{MAX_PAGE}的整数，每页1-{MAX_PAGE_SIZE}条"})
    return page, page_size


def offset(page: int, page_size: int) -> int:
    return (page - 1) * page_size
