"""Time to decision at the registration office, against the rule that it decides within
5 working days of receiving a complete application (domain.md, "The office's year")."""
from __future__ import annotations

import math
import statistics
from dataclasses import dataclass

DECISION_LIMIT_WORKING_DAYS = 5


@dataclass(frozen=True)
class DecisionTimes:
    decided: int                 # cases decided in the period
    median: float | None         # working days, None when nothing was decided
    p90: int | None              # nearest-rank 90th percentile
    within_limit: int            # decided within the limit
    over_limit: int              # decided after it


def percentile(sorted_values: list[int], share: float) -> int | None:
    """Nearest-rank percentile of an ascending list (the value at rank ceil(share × n))."""
    if not sorted_values:
        return None
    rank = max(1, math.ceil(share * len(sorted_values)))
    return sorted_values[rank - 1]


def summarize(days: list[int], limit: int = DECISION_LIMIT_WORKING_DAYS) -> DecisionTimes:
    ordered = sorted(days)
    within = sum(1 for d in ordered if d <= limit)
    return DecisionTimes(decided=len(ordered),
                         median=statistics.median(ordered) if ordered else None,
                         p90=percentile(ordered, 0.9), within_limit=within,
                         over_limit=len(ordered) - within)


def overdue(waiting_days: int, limit: int = DECISION_LIMIT_WORKING_DAYS) -> bool:
    """A case at the office still undecided after more than `limit` working days."""
    return waiting_days > limit
