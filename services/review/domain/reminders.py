"""工作提醒: what waits for a person, counted from the cases the adapter loaded.

A reviewer is reminded of every case pending at a level where they act (a unit admin: their
units' cases at the unit level; a recommender: at its level; the office: at the office level).
A registrant is reminded of their own returned cases that have not been resubmitted yet: only
the latest case of each draft counts, so passing a draft's whole history is fine.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from services.common.clock import as_utc
from services.common.identity import Caller

from .access import can_act
from .case import RETURNED, ReviewCase


@dataclass(frozen=True)
class Reminders:
    to_review: int = 0      # 待审核
    returned: int = 0       # 被退回，待修改
    objections: int = 0     # 公示异议，待处理 (the office)

    @property
    def total(self) -> int:
        return self.to_review + self.returned + self.objections


def reminders(cases: Iterable[ReviewCase], caller: Caller) -> Reminders:
    if not caller.authenticated:
        return Reminders()
    latest = latest_per_draft(cases)
    return Reminders(
        to_review=sum(1 for case in latest if can_act(case, caller)),
        returned=sum(1 for case in latest
                     if case.owner_id == caller.user_id and case.status == RETURNED),
    )


def reminder_count(cases: Iterable[ReviewCase], caller: Caller) -> int:
    return reminders(cases, caller).total


def latest_per_draft(cases: Iterable[ReviewCase]) -> list[ReviewCase]:
    """The newest case of each draft (by opening time, then case id)."""
    newest: dict[int, ReviewCase] = {}
    for case in cases:
        held = newest.get(case.draft_id)
        if held is None or _order(case) > _order(held):
            newest[case.draft_id] = case
    return list(newest.values())


def _order(case: ReviewCase):
    opened = case.opened_at
    return (as_utc(opened).timestamp() if opened else 0.0, case.case_id or 0)
