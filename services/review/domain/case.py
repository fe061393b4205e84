"""A review case (the aggregate: one per submitted snapshot) and what a decision produces.

States: `pending` at a level (unit, recommender, office), `returned` (退回修改), `withdrawn`
(撤回), `refused` (不予登记), `publicity` (公示中: approved by the office in principle, when 公示
is on; domain/publicity.py), `approved` (审核通过/已登记), `revoked` (已注销). Only `pending` and
`publicity` move on; `approved` can still be revoked. A decision never changes a case in place: it returns an
Outcome (the case at version + 1, the Transition to record, the events to emit), which the
repository stores compare-and-set on the loaded version (docs/architecture.md, "Review").
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from services.common.clock import as_utc

from .levels import level

PENDING = "pending"
RETURNED = "returned"
WITHDRAWN = "withdrawn"
REFUSED = "refused"
APPROVED = "approved"
REVOKED = "revoked"
PUBLICITY = "publicity"
DECIDED = (RETURNED, REFUSED, APPROVED, REVOKED)   # ended by a reviewer, not by the registrant

STATUS_LABELS = {
    RETURNED: "退回修改", WITHDRAWN: "已撤回", REFUSED: "不予登记",
    APPROVED: "已登记", REVOKED: "已注销", PUBLICITY: "公示中",
}

# Transition actions; the event of each decision is named after its outcome.
SUBMIT, FORWARD, RETURN, WITHDRAW, REFUSE, APPROVE, REVOKE = (
    "submit", "forward", "return", "withdraw", "refuse", "approve", "revoke")
PUBLICIZE, OBJECT, DISMISS, UPHOLD, CONCLUDE = "publicize", "object", "dismiss", "uphold", "conclude"
ACTION_LABELS = {
    SUBMIT: "提交", FORWARD: "审核通过，报送上级", RETURN: "退回修改", WITHDRAW: "撤回",
    REFUSE: "不予登记", APPROVE: "审核通过，予以登记", REVOKE: "注销登记",
    PUBLICIZE: "审核通过，进入公示", OBJECT: "收到异议", DISMISS: "异议不成立",
    UPHOLD: "异议成立，不予登记", CONCLUDE: "公示期满，予以登记",
}
EVENT_OF = {FORWARD: "forwarded", RETURN: "returned", WITHDRAW: "withdrawn",
            REFUSE: "refused", APPROVE: "approved", REVOKE: "revoked",
            PUBLICIZE: "publicity_started", OBJECT: "objected", DISMISS: "objection_dismissed",
            UPHOLD: "refused", CONCLUDE: "approved"}
SYSTEM_USER, SYSTEM_ROLE, PUBLIC_ROLE = 0, "system", "public"   # who acts without a login


@dataclass(frozen=True)
class ReviewCase:
    case_id: int | None          # assigned by the adapter when the case is first stored
    draft_id: int
    snapshot_id: int
    owner_id: int
    unit_id: int | None          # None: a registrant without a unit (无依托单位)
    category: str                # applied / basic / soft
    title: str
    path: tuple[str, ...]        # the levels this case passes through, fixed when opened
    level: str                   # where it waits (pending) or where it was last decided
    status: str = PENDING
    version: int = 1
    opened_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    recommender_id: int | None = None      # the 推荐单位 account the form names: it alone reviews at that level
    registration_number: str | None = None
    registered_on: dt.date | None = None
    publicity_ends_on: dt.date | None = None   # the last day of 公示 (while `publicity`)
    sections: dict | None = None  # the form's section titles by key (None: opened before they came)
    form_recommender: str | None = None   # the form's 推荐单位 as written (None: blank, or opened before 2026-12)

    @property
    def pending(self) -> bool:
        return self.status == PENDING

    @property
    def status_label(self) -> str:
        """待单位审核 / 待推荐单位审核 / 待登记机构审核 / 退回修改 / 已撤回 / 不予登记 / 已登记 / 已注销."""
        return level(self.level).pending_label if self.pending else STATUS_LABELS[self.status]


@dataclass(frozen=True)
class Transition:
    """One line of a case's history: who did what, when, from where to where, and why."""
    case_id: int | None
    action: str
    by_user_id: int
    by_role: str
    at: dt.datetime
    from_status: str | None       # None for the submission that opened the case
    from_level: str | None
    to_status: str
    to_level: str
    comment: str = ""
    details: dict = field(default_factory=dict)   # reason, section_comments, registration_number…
    by_name: str = ""   # the person's name as their account had it then (never in events; "" before 2026-12-03)

    @property
    def action_label(self) -> str:
        return ACTION_LABELS[self.action]


@dataclass(frozen=True)
class Event:
    type: str
    data: dict


@dataclass(frozen=True)
class Outcome:
    case: ReviewCase
    transition: Transition
    events: tuple[Event, ...] = ()


def event_data(case: ReviewCase, transition: Transition) -> dict:
    """The `data` of every review event: the case as it is now, and the decision that made it so."""
    data = {
        "case_id": case.case_id, "draft_id": case.draft_id, "snapshot_id": case.snapshot_id,
        "owner_id": case.owner_id, "unit_id": case.unit_id, "category": case.category,
        "title": case.title, "version": case.version,
        "from_status": transition.from_status, "from_level": transition.from_level,
        "to_status": case.status, "to_level": case.level, "status_label": case.status_label,
        "by_user_id": transition.by_user_id, "by_role": transition.by_role,
        "at": as_utc(transition.at).isoformat(), "comment": transition.comment,
        "recommender_id": case.recommender_id,
    }
    data.update(transition.details)
    if case.registered_on is not None:
        data["registered_on"] = case.registered_on.isoformat()
    return data
