"""Where a registration stands, folded from the events about it.

Events come at least once and in no guaranteed order across the producers' exchanges (a
`forwarded` may overtake the `submitted` it follows). The read model keeps every event it has
seen and recomputes the registration from all of them, ordered by what the events themselves
say: the snapshot (a resubmission is a newer snapshot), then the producer's step (submission,
review, certificate), then the review case's version. So the result does not depend on the
order of arrival, and a repeat changes nothing.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

STEP = {("registration", "submitted"): 0, ("review", "opened"): 1, ("review", "forwarded"): 1, ("review", "returned"): 1,
        ("review", "withdrawn"): 1, ("review", "refused"): 1, ("review", "approved"): 1,
        ("review", "revoked"): 1, ("review", "publicity_started"): 1, ("certificates", "issued"): 2}
STATUS_LABELS = {"pending": "审核中", "publicity": "公示中", "returned": "退回修改",
                 "withdrawn": "已撤回", "refused": "不予登记", "registered": "已登记", "revoked": "已注销"}


@dataclass(frozen=True)
class Progress:
    draft_id: int
    case_id: int | None = None           # the review case now (a 公示 is objected to by it)
    snapshot_id: int | None = None
    category: str | None = None
    unit_id: int | None = None
    owner_id: int | None = None
    title: str | None = None
    status: str | None = None            # a key of STATUS_LABELS; None before any submission
    level: str | None = None             # where a pending case waits: unit / recommender / office
    first_submitted_at: dt.datetime | None = None
    submitted_at: dt.datetime | None = None
    office_arrived_at: dt.datetime | None = None
    decided_at: dt.datetime | None = None
    refusal_reason: str | None = None
    refusal_reason_label: str | None = None
    registration_number: str | None = None
    registered_on: dt.date | None = None
    revoked_at: dt.datetime | None = None
    certificate_sha256: str | None = None
    publicity_ends_on: dt.date | None = None


def _when(value) -> dt.datetime | None:
    try:
        parsed = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.timezone.utc)


def _day(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def order_key(event: dict) -> tuple:
    data = event.get("data") or {}
    return (data.get("snapshot_id") or 0, STEP.get((event.get("source"), event.get("type")), 9),
            data.get("version") or 0, str(data.get("at") or event.get("occurred_at") or ""))


def fold(draft_id: int, events: list[dict]) -> Progress:
    """`events`: envelopes with the producer as `source` (as stored by the read model)."""
    state = Progress(draft_id=draft_id)
    for event in sorted(events, key=order_key):
        state = _apply(state, event.get("source"), event.get("type"), event.get("data") or {})
    return state


def _apply(state: Progress, source, kind, data: dict) -> Progress:
    common = {k: data[k] for k in ("case_id", "snapshot_id", "category", "unit_id", "owner_id", "title")
              if data.get(k) is not None}
    if (source, kind) == ("registration", "submitted"):
        at = _when(data.get("submitted_at"))
        return replace(state, **common, status="pending", level=data.get("first_level"),
                       submitted_at=at, first_submitted_at=state.first_submitted_at or at,
                       office_arrived_at=at if data.get("first_level") == "office" else None,
                       decided_at=None, refusal_reason=None, refusal_reason_label=None)
    if source == "review":
        at = _when(data.get("at"))
        if kind == "opened":   # where the case starts: a registrant without a unit may start at the 推荐单位
            to_level = data.get("to_level")
            return replace(state, **common, status="pending", level=to_level,
                           office_arrived_at=at if to_level == "office" else None)
        if kind == "forwarded":
            arrived = at if data.get("to_level") == "office" else state.office_arrived_at
            return replace(state, **common, status="pending", level=data.get("to_level"),
                           office_arrived_at=arrived)
        if kind in ("returned", "withdrawn"):
            return replace(state, **common, status=kind, level=None)
        if kind == "publicity_started":
            return replace(state, **common, status="publicity", level=None, decided_at=at,
                           publicity_ends_on=_day(data.get("publicity_ends_on")))
        if kind == "refused":
            return replace(state, **common, status="refused", level=None, decided_at=at,
                           publicity_ends_on=None,
                           refusal_reason=data.get("reason"),
                           refusal_reason_label=data.get("reason_label"))
        if kind == "approved":
            # after a 公示 the office decided when it started it (the 5-day rule's decision)
            decided = state.decided_at if state.status == "publicity" and state.decided_at else at
            return replace(state, **common, status="registered", level=None, decided_at=decided,
                           publicity_ends_on=None,
                           registration_number=data.get("registration_number"),
                           registered_on=_day(data.get("registered_on")))
        if kind == "revoked":
            return replace(state, status="revoked", revoked_at=at,
                           registration_number=state.registration_number
                           or data.get("registration_number"))
    if (source, kind) == ("certificates", "issued"):
        return replace(state, certificate_sha256=data.get("sha256"))
    return state
