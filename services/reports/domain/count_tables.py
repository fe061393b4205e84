"""Counts shaped as the office reads them: a list with its total, or a cross table with row and
column totals, every value with its label (the code table's, or the word itself)."""
from __future__ import annotations

from typing import Callable

NONE_LABEL = "（未填写）"
Label = Callable[[str], str]


def _label(value, label: Label) -> str:
    return NONE_LABEL if value is None else (label(value) or str(value))


def count_list(counts: list[tuple[object, int]], label: Label) -> dict:
    """[(value, n)] → {"rows": [{"value", "label", "count"}], "total"}, largest first."""
    rows = [{"value": value, "label": _label(value, label), "count": n}
            for value, n in sorted(counts, key=lambda c: (-c[1], str(c[0])))]
    return {"rows": rows, "total": sum(r["count"] for r in rows)}


def cross_table(counts: list[tuple[object, object, int]], row_label: Label, column_label: Label) -> dict:
    """[(row value, column value, n)] → rows × columns with totals; absent cells are 0."""
    row_totals: dict = {}
    column_totals: dict = {}
    cells: dict = {}
    for row, column, n in counts:
        cells[(row, column)] = cells.get((row, column), 0) + n
        row_totals[row] = row_totals.get(row, 0) + n
        column_totals[column] = column_totals.get(column, 0) + n
    columns = sorted(column_totals, key=lambda c: (-column_totals[c], str(c)))
    rows = sorted(row_totals, key=lambda r: (-row_totals[r], str(r)))
    return {"columns": [{"value": c, "label": _label(c, column_label), "total": column_totals[c]}
                        for c in columns],
            "rows": [{"value": r, "label": _label(r, row_label), "total": row_totals[r],
                      "cells": [cells.get((r, c), 0) for c in columns]} for r in rows],
            "total": sum(row_totals.values())}
