"""The repository of certificates: rows ↔ domain objects, the compare-and-set that issues, the
claims of due attempts, revocations, and the lock that serialises one 登记号's approval and
revocation. Functions take the session of the caller's unit of work."""
from __future__ import annotations

import datetime as dt
import hashlib

import sqlalchemy as sa

from ..domain.certificate import ISSUED, PENDING, Approval, Certificate
from ..models import CertificateRow, RevocationRow, metadata  # noqa: F401 (the service's Database)

_FIELDS = ("registration_number", "status", "snapshot_id", "registered_on", "draft_id", "owner_id",
           "unit_id", "title", "category", "check_code", "pdf_key", "pdf_sha256", "pdf_size",
           "png_key", "png_size", "issued_at", "revoked_at", "revoked_pdf_key", "revoked_pdf_size",
           "revoked_png_key", "revoked_png_size", "printed_at")
MAX_TITLE = 300


def to_certificate(row: CertificateRow) -> Certificate:
    return Certificate(certificate_id=row.id, units=list(row.units or []),
                       **{name: getattr(row, name) for name in _FIELDS})


def lock_number(session, registration_number: str) -> None:
    """`approved` and `revoked` come on two queues and may be handled at once. Each transaction
    looks for what the other writes (a revocation finds the certificate; an approval finds the
    revocation); without a common lock, under READ COMMITTED both could look before either
    commits and the certificate would stay valid. On PostgreSQL a transaction-scoped advisory
    lock keyed by the number serialises the two; SQLite's write transactions are serialised."""
    if session.get_bind().dialect.name != "postgresql":
        return
    key = int.from_bytes(hashlib.sha256(registration_number.encode()).digest()[:8], "big",
                         signed=True)
    session.execute(sa.select(sa.func.pg_advisory_xact_lock(key)))


def get(session, certificate_id: int) -> Certificate | None:
    row = session.get(CertificateRow, certificate_id)
    return to_certificate(row) if row is not None else None


def by_number(session, number: str) -> Certificate | None:
    row = session.scalar(sa.select(CertificateRow).where(CertificateRow.registration_number == number))
    return to_certificate(row) if row is not None else None


def add_pending(session, approved: Approval, event_id: str, now: dt.datetime,
                next_attempt_at: dt.datetime) -> Certificate:
    """A new pending certificate, claimed for its first attempt."""
    row = CertificateRow(
        registration_number=approved.registration_number, status=PENDING,
        approved_event_id=event_id, snapshot_id=approved.snapshot_id,
        draft_id=approved.draft_id, owner_id=approved.owner_id,
        registered_on=approved.registered_on,
        attempts=1, next_attempt_at=next_attempt_at, created_at=now)
    session.add(row)
    session.flush()
    return to_certificate(row)


def due(session, now: dt.datetime, limit: int) -> list[tuple[int, int]]:
    """(id, attempts so far) of pending certificates whose next attempt is due, oldest first."""
    rows = session.execute(
        sa.select(CertificateRow.id, CertificateRow.attempts)
        .where(CertificateRow.status == PENDING, CertificateRow.revoked_at.is_(None),
               CertificateRow.next_attempt_at <= now)
        .order_by(CertificateRow.next_attempt_at).limit(limit)).all()
    return [(row.id, row.attempts) for row in rows]


def claim(session, certificate_id: int, attempts: int, next_attempt_at: dt.datetime) -> bool:
    """Count one more attempt, if no other instance counted it first."""
    taken = session.execute(
        sa.update(CertificateRow)
        .where(CertificateRow.id == certificate_id, CertificateRow.attempts == attempts)
        .values(attempts=attempts + 1, next_attempt_at=next_attempt_at))
    return taken.rowcount == 1


def record_error(session, certificate_id: int, error: str) -> None:
    session.execute(sa.update(CertificateRow).where(CertificateRow.id == certificate_id)
                    .values(last_error=error[:1000]))


def complete(session, issued: Certificate) -> bool:
    """Store the issued certificate if it is still pending and not revoked."""
    values = {name: getattr(issued, name) for name in _FIELDS
              if name not in ("registration_number", "snapshot_id", "registered_on", "printed_at")
              and not name.startswith("revoked")}
    values.update(title=issued.title[:MAX_TITLE], units=issued.units, next_attempt_at=None,
                  last_error=None)
    done = session.execute(
        sa.update(CertificateRow).where(CertificateRow.id == issued.certificate_id,
                                        CertificateRow.status == PENDING,
                                        CertificateRow.revoked_at.is_(None)).values(**values))
    return done.rowcount == 1


def mark_revoked(session, certificate_id: int, at: dt.datetime) -> None:
    session.execute(sa.update(CertificateRow).where(CertificateRow.id == certificate_id)
                    .values(revoked_at=at))


def add_revoked_copy(session, certificate_id: int, pdf, png) -> bool:
    """Store the marked copy of a revoked certificate unless one is stored already."""
    done = session.execute(
        sa.update(CertificateRow).where(CertificateRow.id == certificate_id,
                                        CertificateRow.revoked_at.is_not(None),
                                        CertificateRow.revoked_pdf_key.is_(None))
        .values(revoked_pdf_key=pdf.key, revoked_pdf_size=pdf.size, revoked_png_key=png.key,
                revoked_png_size=png.size))
    return done.rowcount == 1


def revoked_at(session, number: str) -> dt.datetime | None:
    """When the registration behind `number` was revoked, if it was."""
    row = session.get(RevocationRow, number)
    return row.revoked_at if row is not None else None


def add_revocation(session, number: str, at: dt.datetime, reason: str | None) -> None:
    """Record the revocation of `number` unless it is recorded already."""
    if session.get(RevocationRow, number) is None:
        session.add(RevocationRow(registration_number=number, revoked_at=at, reason=reason))


def of_draft(session, draft_id) -> list[Certificate]:
    """The draft's certificates, newest first (none for an id that is not a number)."""
    if not isinstance(draft_id, int):
        return []
    rows = session.scalars(sa.select(CertificateRow).where(CertificateRow.draft_id == draft_id)
                           .order_by(CertificateRow.id.desc()))
    return [to_certificate(r) for r in rows]


def _to_print(owner_id: int):
    return sa.and_(CertificateRow.owner_id == owner_id, CertificateRow.status == ISSUED,
                   CertificateRow.revoked_at.is_(None), CertificateRow.printed_at.is_(None))


def count_to_print(session, owner_id: int) -> int:
    """The owner's valid certificates not downloaded to print yet (工作提醒)."""
    return session.scalar(sa.select(sa.func.count()).select_from(CertificateRow).where(_to_print(owner_id)))


def to_print_page(session, owner_id: int, page: int, page_size: int) -> list[Certificate]:
    rows = session.scalars(sa.select(CertificateRow).where(_to_print(owner_id))
                           .order_by(CertificateRow.issued_at.desc(), CertificateRow.id.desc())
                           .offset((page - 1) * page_size).limit(page_size))
    return [to_certificate(r) for r in rows]


def mark_printed(session, certificate_id: int, at: dt.datetime) -> None:
    session.execute(sa.update(CertificateRow).where(CertificateRow.id == certificate_id,
                                                    CertificateRow.printed_at.is_(None))
                    .values(printed_at=at))


def issued_of_owner(session, owner_id: int) -> list[Certificate]:
    rows = session.scalars(sa.select(CertificateRow)
                           .where(CertificateRow.owner_id == owner_id, CertificateRow.status == ISSUED)
                           .order_by(CertificateRow.registered_on.desc(), CertificateRow.id.desc()))
    return [to_certificate(r) for r in rows]


def issued_by_number(session, number: str) -> Certificate | None:
    row = session.scalar(sa.select(CertificateRow).where(CertificateRow.registration_number == number,
                                                         CertificateRow.status == ISSUED))
    return to_certificate(row) if row is not None else None
