"""Issue the 科技成果登记证书 once per approval.

1. `accept` records the approval (once per event, once per 登记号) as a pending certificate,
   claimed for a first attempt.
2. `issue` fetches the frozen snapshot, renders, signs and stores outside any transaction, then
   marks the certificate issued and emits `issued` in one commit. A concurrent attempt that
   loses deletes its files, so the stored PDF (and its sha256) never changes once issued.
3. A failed attempt stays pending; `claim_due` hands it out again later with backoff.
"""
from __future__ import annotations

import datetime as dt
import logging

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from services.common.events import utcnow

from ..domain.certificate import Approval, approval, retry_delay
from ..models import ISSUED, PENDING, Certificate, Revocation
from . import numberlock
from .producing import discard, produce
from .revoking import mark_revoked

log = logging.getLogger(__name__)

CONSUMER = "certificates.approved"


def _by_number(session, number: str) -> Certificate | None:
    return session.scalar(sa.select(Certificate).where(Certificate.registration_number == number))


def accept(db, event: dict) -> int | None:
    """The id of the new pending certificate; None for a repeat or a number already handled."""
    approved = approval(event.get("data"))
    try:
        with db.begin() as uow:
            session = uow.session
            numberlock.lock(session, approved.registration_number)
            if not uow.first_time(CONSUMER, event["event_id"]) or _by_number(
                    session, approved.registration_number):
                return None
            now = utcnow()
            certificate = Certificate(
                registration_number=approved.registration_number, status=PENDING,
                approved_event_id=event["event_id"], snapshot_id=approved.snapshot_id,
                draft_id=approved.draft_id, owner_id=approved.owner_id,
                registered_on=approved.registered_on,
                attempts=1, next_attempt_at=now + dt.timedelta(seconds=retry_delay(1)),
                created_at=now)
            session.add(certificate)
            session.flush()
            revocation = session.get(Revocation, approved.registration_number)
            if revocation is not None:  # the revoked event came first
                mark_revoked(uow, certificate, revocation.revoked_at)
                return None
            return certificate.id
    except IntegrityError:  # another instance recorded the same number or event meanwhile
        return None


def claim_due(db, now: dt.datetime, limit: int = 10) -> list[int]:
    """Pending certificates whose next attempt is due, claimed so no other instance takes them."""
    claimed = []
    with db.begin() as uow:
        due = uow.session.execute(
            sa.select(Certificate.id, Certificate.attempts)
            .where(Certificate.status == PENDING, Certificate.revoked_at.is_(None),
                   Certificate.next_attempt_at <= now)
            .order_by(Certificate.next_attempt_at).limit(limit)).all()
        for row in due:
            attempts = row.attempts + 1
            taken = uow.session.execute(
                sa.update(Certificate)
                .where(Certificate.id == row.id, Certificate.attempts == row.attempts)
                .values(attempts=attempts,
                        next_attempt_at=now + dt.timedelta(seconds=retry_delay(attempts))))
            if taken.rowcount == 1:
                claimed.append(row.id)
    return claimed


def issue(db, registration, store, settings, certificate_id: int) -> bool:
    """One attempt at issuing a claimed certificate; True if this attempt issued it."""
    with db.begin() as uow:
        found = uow.session.get(Certificate, certificate_id)
        if found is None or found.status != PENDING or found.revoked_at is not None:
            return False
        approved = Approval(found.registration_number, found.snapshot_id, found.registered_on,
                            found.draft_id, found.owner_id)
    try:
        snapshot = registration.snapshot_content(approved.snapshot_id)
        produced = produce(approved, snapshot, settings, store)
    except Exception as exc:  # noqa: BLE001 - stays pending; claim_due retries it later
        log.exception("issuing certificate %s failed", approved.registration_number)
        with db.begin() as uow:
            uow.session.execute(sa.update(Certificate).where(Certificate.id == certificate_id)
                                .values(last_error=f"{type(exc).__name__}: {exc}"[:1000]))
        return False
    try:
        with db.begin() as uow:
            if not _complete(uow, certificate_id, approved, snapshot, produced):
                discard(store, produced)
                return False
    except BaseException:
        discard(store, produced)
        raise
    return True


def _complete(uow, certificate_id, approved: Approval, snapshot: dict, produced) -> bool:
    fields, now = produced.fields, utcnow()
    values = dict(status=ISSUED, title=fields["title"][:300], category=snapshot.get("category"),
                  units=fields["units"], check_code=fields["check_code"],
                  owner_id=snapshot.get("owner_id") or approved.owner_id,
                  unit_id=snapshot.get("unit_id"),
                  draft_id=approved.draft_id or snapshot.get("draft_id"),
                  pdf_key=produced.pdf.key, pdf_sha256=produced.pdf.sha256,
                  pdf_size=produced.pdf.size, png_key=produced.png.key,
                  png_size=produced.png.size, issued_at=now, next_attempt_at=None,
                  last_error=None)
    done = uow.session.execute(
        sa.update(Certificate).where(Certificate.id == certificate_id,
                                     Certificate.status == PENDING,
                                     Certificate.revoked_at.is_(None)).values(**values))
    if done.rowcount != 1:
        return False
    uow.emit("issued", {
        "registration_number": approved.registration_number, "draft_id": values["draft_id"],
        "snapshot_id": approved.snapshot_id, "owner_id": values["owner_id"],
        "unit_id": values["unit_id"], "category": values["category"], "title": fields["title"],
        "units": fields["units"], "registered_on": approved.registered_on.isoformat(),
        "sha256": produced.pdf.sha256, "issued_at": now.isoformat()})
    return True
