"""The registrant's view follows the review service's facts (its events)."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from ..domain import status as st
from ..models import Draft, RegisteredIp, Snapshot

CONSUMER = "registration.review_events"


def apply(uow, event: dict) -> bool:
    """Apply one review event once; False if it was seen before or does not concern us."""
    if not uow.first_time(CONSUMER, event["event_id"]):
        return False
    data = event.get("data") or {}
    # Locked: two events about one draft can be handled at once (each type has its own queue),
    # and each must see what the other wrote, or the older one would overwrite the newer
    # (SELECT … FOR UPDATE on PostgreSQL; SQLite's transactions are serialised already).
    draft = uow.session.get(Draft, data.get("draft_id"), with_for_update=True)
    new_status = st.after_review_event(event["type"], data)
    if draft is None or new_status is None:
        return False
    latest = uow.session.scalar(sa.select(sa.func.max(Snapshot.id)).where(Snapshot.draft_id == draft.id))
    if data.get("snapshot_id") != latest:
        return False  # about an earlier submission (a late or retried event)
    at = _moment(data.get("at"))
    if at is not None and draft.review_at is not None and at < aware(draft.review_at):
        return False  # older than the decision the draft already shows
    draft.status = new_status
    draft.review_at = at or draft.review_at
    if event["type"] == "returned":
        draft.review_comments = {"comment": data.get("comment"),
                                 "sections": data.get("section_comments") or {},
                                 "by_level": data.get("from_level")}
    elif event["type"] == "approved":
        draft.registration_number = data.get("registration_number")
        draft.registered_on = _date(data.get("registered_on"))
        snapshot = uow.session.get(Snapshot, data.get("snapshot_id"))
        rows = ((snapshot.content if snapshot else draft.content).get("ip") or {}).get("ip_rows") or []
        for number in {r.get("number") for r in rows if r.get("number")}:
            uow.session.merge(RegisteredIp(draft_id=draft.id, number=number))
    elif event["type"] == "revoked":
        uow.session.execute(sa.delete(RegisteredIp).where(RegisteredIp.draft_id == draft.id))
    return True


def aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def _moment(text):
    try:
        return aware(dt.datetime.fromisoformat(text)) if isinstance(text, str) else None
    except ValueError:
        return None


def _date(text):
    return dt.date.fromisoformat(text) if isinstance(text, str) and text else None
