"""工作提醒: what waits for a person, as a list of items from the cases the adapter loaded; the
counts are counted from that list, so a count and its list always agree.

- 待审核 (`to_review`): every case pending at a level where the caller acts (a unit admin: their
  units' cases at the unit level; a recommender: at its level; the office: at the office level).
- 退回修改 (`returned`): the caller's own returned cases not resubmitted yet.
- 不予登记 (`refused`): the caller's own cases refused in the last REFUSED_DAYS days, so the
  registrant reads the reason on the page, not only in an email.

Only the latest case of each draft counts, so passing a draft's whole history is fine. The
office's pending objections (公示异议) are counted by the adapter from its own table.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Iterable

from services.common.clock import as_utc
from services.common.identity import Caller

from .access import can_act
from .case import REFUSED, RETURNED, ReviewCase

TO_REVIEW, RETURNED_KIND, REFUSED_KIND, OBJECTIONS = "to_review", "returned", "refused", "objections"
KIND_LABELS = {TO_REVIEW: "待审核", RETURNED_KIND: "被退回，待修改", REFUSED_KIND: "不予登记",
               OBJECTIONS: "公示异议待处理"}
REFUSED_DAYS = 30


@dataclass(frozen=True)
class Reminder:
    kind: str
    case: ReviewCase


@dataclass(frozen=True)
class Reminders:
    to_review: int = 0      # 待审核
    returned: int = 0       # 被退回，待修改
    refused: int = 0        # 不予登记 (in the last REFUSED_DAYS days)
    objections: int = 0     # 公示异议，待处理 (the office)

    @property
    def total(self) -> int:
        return self.to_review + self.returned + self.refused + self.objections


def reminder_list(cases: Iterable[ReviewCase], caller: Caller, now: dt.datetime) -> list[Reminder]:
    """Every reminder of the caller's from these cases, the most recent change first."""
    if not caller.authenticated:
        return []
    since = as_utc(now) - dt.timedelta(days=REFUSED_DAYS)
    found = []
    for case in latest_per_draft(cases):
        own = case.owner_id == caller.user_id
        if can_act(case, caller):
            found.append(Reminder(TO_REVIEW, case))
        elif own and case.status == RETURNED:
            found.append(Reminder(RETURNED_KIND, case))
        elif own and case.status == REFUSED and case.updated_at and as_utc(case.updated_at) >= since:
            found.append(Reminder(REFUSED_KIND, case))
    return sorted(found, key=lambda r: (_moment(r.case.updated_at), r.case.case_id or 0), reverse=True)


def reminders(cases: Iterable[ReviewCase], caller: Caller, now: dt.datetime) -> Reminders:
    counts = Counter(r.kind for r in reminder_list(cases, caller, now))
    return Reminders(to_review=counts[TO_REVIEW], returned=counts[RETURNED_KIND],
                     refused=counts[REFUSED_KIND])


def reminder_count(cases: Iterable[ReviewCase], caller: Caller, now: dt.datetime) -> int:
    return len(reminder_list(cases, caller, now))


def latest_per_draft(cases: Iterable[ReviewCase]) -> list[ReviewCase]:
    """The newest case of each draft (by opening time, then case id)."""
    newest: dict[int, ReviewCase] = {}
    for case in cases:
        held = newest.get(case.draft_id)
        if held is None or _order(case) > _order(held):
            newest[case.draft_id] = case
    return list(newest.values())


def _moment(at: dt.datetime | None) -> float:
    return as_utc(at).timestamp() if at else 0.0


def _order(case: ReviewCase):
    return (_moment(case.opened_at), case.case_id or 0)
