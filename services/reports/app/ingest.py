"""Count an event from another service into the read model, once.

Takes the database (`db`), not one unit of work: the submitted content of a snapshot the read
model has not seen is fetched by RPC between transactions, never while holding one (the
transaction that finds it missing has written nothing and ends). Then, in one transaction: the
event is recorded once (by event_id), and the registration is folded again from every event it
has had (domain/progress.py), so the row does not depend on the order the events came in.
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
    while True:
        with db.begin() as uow:
            session = uow.session
            if fetched is None and _an_id(snapshot_id) and not store.has_snapshot(session, snapshot_id):
                unknown = True      # nothing written: leave the transaction to fetch the content
            else:
                return _record_and_fold(uow, settings, source, event, draft_id, snapshot_id, fetched)
        if unknown:
            fetched = registration.snapshot_content(snapshot_id)


def _record_and_fold(uow, settings, source, event, draft_id, snapshot_id, fetched) -> bool:
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


def on_history(db, registration, source: str, events: list[dict]) -> tuple[int, list]:
    """Rebuild: a page of a producer's history stored in one transaction, the snapshots it names
    fetched in one RPC before it; nothing folded (refold_all, after the whole history: once per
    registration instead of once per producer and page; folding is order-independent,
    domain/progress.py). Returns (events stored, [(event, why)] skipped: those whose snapshot
    the registration service no longer has, which the live handler would park as dead letters)."""
    wanted = []
    for event in events:
        data = event.get("data") if isinstance(event.get("data"), dict) else {}
        if _an_id(data.get("draft_id")) and isinstance(event.get("event_id"), str):
            wanted.append((event, data["draft_id"], data.get("snapshot_id")))
    named = sorted({s for _, _, s in wanted if _an_id(s)})
    with db.begin() as uow:
        known = store.known_snapshots(uow.session, named)
    unknown = [s for s in named if s not in known]
    fetched = registration.snapshot_contents(unknown) if unknown else {}
    skipped = [(event, "该提交记录不存在") for event, _, s in wanted
               if _an_id(s) and s not in known and str(s) not in fetched]
    missing = {id(event) for event, _ in skipped}
    with db.begin() as uow:
        session, now = uow.session, utcnow()
        seen = store.counted_already(session, CONSUMER, [e["event_id"] for e, _, _ in wanted])
        new, stored = [], set()
        for event, draft_id, snapshot_id in wanted:
            if id(event) in missing or event["event_id"] in seen:
                continue
            seen.add(event["event_id"])
            new.append((event, source, draft_id))
            content = fetched.get(str(snapshot_id)) if _an_id(snapshot_id) else None
            if content is not None and snapshot_id not in stored:
                stored.add(snapshot_id)
                store.add_snapshot(session, snapshot_id, draft_id, content.get("form_id"),
                                   content.get("content") or {}, now)
        store.add_counted(session, CONSUMER, new, now)
    counted = len(new)
    return counted, skipped


def refold_all(db, settings, batch: int = 500) -> int:
    """Fold every registration that has events again, `batch` per transaction."""
    after, folded = 0, 0
    while True:
        with db.begin() as uow:
            drafts = store.drafts_with_events(uow.session, after, batch)
            refold_many(uow.session, drafts, settings, utcnow())
        if not drafts:
            return folded
        folded, after = folded + len(drafts), drafts[-1]


def refold(session, draft_id: int, settings, now) -> None:
    refold_many(session, [draft_id], settings, now)


def refold_many(session, draft_ids: list[int], settings, now) -> None:
    """Fold registrations again from all their events and their current snapshots' content."""
    if not draft_ids:
        return
    events = store.events_of_many(session, draft_ids)
    progress = [fold(d, events[d]) for d in draft_ids]
    contents = store.snapshot_contents(session, sorted({p.snapshot_id for p in progress if p.snapshot_id}))
    rows = []
    for one in progress:
        content = contents.get(one.snapshot_id)
        facts = facts_of(content) if content is not None else None
        rows.append(columns(one, facts, settings.statistics_year_start))
    store.put_registrations(session, rows, now)


def _an_id(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0
