"""Count an event from another service into the read model, once.

Takes the database (`db`), not one unit of work: the submitted content of a snapshot the read
model has not seen is fetched by RPC before the transaction, never while holding it. Then, in
one transaction: the event is recorded once (by event_id), and the registration is folded
again from every event it has had (domain/progress.py), so the row does not depend on the
order the events came in.
"""
from __future__ import annotations

import logging

from services.common.clock import utcnow

from ..domain.facts import facts_of
from ..domain.progress import STEP, fold
from ..domain.registration_row import columns
from . import store

log = logging.getLogger(__name__)

CONSUMER = "reports"


def counted(source: str, event: dict) -> bool:
    return (source, event.get("type")) in STEP


def on_event(db, registration, settings, source: str, event: dict) -> bool:
    """True if the event was new and counted."""
    data = event.get("data") if isinstance(event.get("data"), dict) else {}
    draft_id, snapshot_id = data.get("draft_id"), data.get("snapshot_id")
    if not _an_id(draft_id) or not isinstance(event.get("event_id"), str):
        log.warning("event without a draft: not counted",
                    extra={"event_id": event.get("event_id"), "type": event.get("type")})
        return False
    fetched = None
    if _an_id(snapshot_id):
        with db.begin() as uow:
            known = store.has_snapshot(uow.session, snapshot_id)
        if not known:
            fetched = registration.snapshot_content(snapshot_id)
    with db.begin() as uow:
        session = uow.session
        store.lock_draft(session, draft_id)
        if not uow.first_time(CONSUMER, event["event_id"]):
            return False
        now = utcnow()
        store.add_event(session, event, source, draft_id, now)
        if fetched is not None:
            store.add_snapshot(session, snapshot_id, draft_id, fetched.get("form_id"),
                               fetched.get("content") or {}, now)
        refold(session, draft_id, settings, now)
    return True


def refold(session, draft_id: int, settings, now) -> None:
    progress = fold(draft_id, store.events_of(session, draft_id))
    content = store.snapshot_content(session, progress.snapshot_id)
    facts = facts_of(content) if content is not None else None
    store.put_registration(session, columns(progress, facts, settings.statistics_year_start), now)


def _an_id(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0
