"""Issue the 科技成果登记证书 once per approval.

These take the database (`db`), not one unit of work: rendering and signing run outside any
transaction, between the unit of work that claims a certificate and the one that issues it.

1. `accept` records the approval (once per event, once per 登记号) as a pending certificate,
   claimed for a first attempt.
2. `issue` fetches the frozen snapshot, renders, signs and stores, then marks the certificate
   issued and emits `issued` in one commit. A concurrent attempt that loses deletes its files,
   so the stored PDF (and its sha256) never changes once issued.
3. A failed attempt stays pending; `retry_due` claims it again later with backoff.
"""
from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy.exc import IntegrityError

from services.common.clock import utcnow

from ..domain import certificate as rules
from ..domain.certificate import Certificate
from . import store
from .producing import discard, produce
from .revoking import mark_revoked

log = logging.getLogger(__name__)

CONSUMER = "certificates.approved"


def on_approved(db, registration, files, settings, event: dict) -> bool:
    """An `approved` event: record the certificate and make a first attempt at issuing it."""
    certificate_id = accept(db, event)
    return certificate_id is not None and issue(db, registration, files, settings, certificate_id)


def retry_due(db, registration, files, settings, limit: int = 10) -> None:
    """Another attempt at each certificate whose next attempt is due."""
    for certificate_id in claim_due(db, utcnow(), limit):
        issue(db, registration, files, settings, certificate_id)


def accept(db, event: dict) -> int | None:
    """The id of the new pending certificate; None for a repeat or a number already handled."""
    approved = rules.approval(event.get("data"))
    try:
        with db.begin() as uow:
            session = uow.session
            store.lock_number(session, approved.registration_number)
            if not uow.first_time(CONSUMER, event["event_id"]) or store.by_number(
                    session, approved.registration_number):
                return None
            now = utcnow()
            pending = store.add_pending(session, approved, event["event_id"], now,
                                        now + dt.timedelta(seconds=rules.retry_delay(1)))
            revoked_at = store.revoked_at(session, approved.registration_number)
            if revoked_at is not None:  # the revoked event came first
                mark_revoked(uow, pending, revoked_at)
                return None
            return pending.certificate_id
    except IntegrityError:  # another instance recorded the same number or event meanwhile
        return None


def claim_due(db, now: dt.datetime, limit: int = 10) -> list[int]:
    """Pending certificates whose next attempt is due, claimed so no other instance takes them."""
    with db.begin() as uow:
        return [certificate_id for certificate_id, attempts in store.due(uow.session, now, limit)
                if store.claim(uow.session, certificate_id, attempts,
                               now + dt.timedelta(seconds=rules.retry_delay(attempts + 1)))]


def issue(db, registration, files, settings, certificate_id: int) -> bool:
    """One attempt at issuing a claimed certificate; True if this attempt issued it."""
    with db.begin() as uow:
        pending = store.get(uow.session, certificate_id)
    if pending is None or not pending.to_issue:
        return False
    try:
        snapshot = registration.snapshot_content(pending.snapshot_id)
        produced = produce(pending.approval(), snapshot, settings, files)
    except Exception as exc:  # noqa: BLE001 - stays pending; retry_due tries again later
        log.exception("issuing certificate %s failed", pending.registration_number)
        with db.begin() as uow:
            store.record_error(uow.session, certificate_id, f"{type(exc).__name__}: {exc}")
        return False
    try:
        with db.begin() as uow:
            if not _complete(uow, pending, snapshot, produced):
                discard(files, produced)
                return False
    except BaseException:
        discard(files, produced)
        raise
    return True


def _complete(uow, pending: Certificate, snapshot: dict, produced) -> bool:
    issued = rules.issue(pending, snapshot, produced.fields, pdf=produced.pdf, png=produced.png,
                         at=utcnow())
    if not store.complete(uow.session, issued):
        return False
    uow.emit("issued", rules.issued_event(issued))
    return True
