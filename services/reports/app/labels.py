"""The words a value is shown with: the code tables' labels (read once from the registration
service, which owns them) and the labels of the read model's own words."""
from __future__ import annotations

import threading
import time

from services.common.categories import CATEGORY_LABELS

from ..domain.progress import STATUS_LABELS
from ..domain.statistics_query import DIMENSIONS

KEEP_SECONDS = 3600
LEVEL_LABELS = {"unit": "单位管理员审核", "recommender": "推荐单位审核", "office": "登记机构审核"}


class CodeTables:
    """code table name → {code: label}, fetched through `fetch(name)` and kept for an hour (one
    cache per process; each worker fetches through its own RPC proxy: `using(fetch)`)."""

    def __init__(self):
        self._kept: dict[str, tuple[float, dict]] = {}
        self._lock = threading.Lock()

    def using(self, fetch) -> "BoundTables":
        return BoundTables(self, fetch)

    def labels(self, name: str, fetch) -> dict:
        now = time.monotonic()
        kept = self._kept.get(name)
        if kept is None or now - kept[0] > KEEP_SECONDS:
            table = fetch(name)
            kept = (now, {e["code"]: e["label"] for e in table.get("entries", [])})
            with self._lock:
                self._kept[name] = kept
        return kept[1]


class BoundTables:
    def __init__(self, tables: CodeTables, fetch):
        self._tables, self._fetch = tables, fetch

    def labels(self, name: str) -> dict:
        return self._tables.labels(name, self._fetch)


def labeller(tables: BoundTables, dimension: str):
    """value → label for one dimension of the statistics."""
    code_table = DIMENSIONS[dimension][1]
    if code_table:
        found = tables.labels(code_table)
        return lambda value: found.get(value, value)
    if dimension == "category":
        return lambda value: CATEGORY_LABELS.get(value, value)
    if dimension == "status":
        return lambda value: STATUS_LABELS.get(value, value)
    if dimension == "registration_year":
        return lambda value: f"{value}年"
    if dimension == "statistics_year":
        return lambda value: f"{value}统计年度"
    return lambda value: str(value)
