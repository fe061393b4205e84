"""The registrant's view follows the review service's facts (its events)."""
from __future__ import annotations

from ..domain.draft import registered_ip_numbers
from . import store

CONSUMER = "registration.review_events"


def apply(uow, event: dict) -> bool:
    """Apply one review event once; False if it was seen before or does not concern us."""
    if not uow.first_time(CONSUMER, event["event_id"]):
        return False
    data = event.get("data") or {}
    named = data.get("recommender_id")
    if event["type"] == "opened" and isinstance(named, int) and not isinstance(named, bool):
        store.set_snapshot_recommender(uow.session, data.get("snapshot_id"), named)
    # Locked: two events about one draft can be handled at once (each type has its own queue),
    # and each must see what the other wrote, or the older one would overwrite the newer
    # (SELECT … FOR UPDATE on PostgreSQL; SQLite's transactions are serialised already).
    draft = store.draft(uow.session, data.get("draft_id"), for_update=True)
    if draft is None:
        return False
    new = draft.after_review(event["type"], data, store.latest_snapshot_id(uow.session, draft.id))
    if new is None:
        return False
    store.update(uow.session, draft, new)
    if event["type"] == "approved":
        snapshot = store.snapshot(uow.session, data["snapshot_id"])
        store.register_ip_numbers(uow.session, draft.id, registered_ip_numbers(snapshot.content))
    elif event["type"] == "revoked":
        store.forget_ip_numbers(uow.session, draft.id)
    return True
