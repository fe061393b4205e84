"""注销: the review service revoked a registration; its certificate verifies as revoked."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from services.common.events import utcnow

from ..domain.checkcode import registration_number
from ..models import ISSUED, Certificate, Revocation
from . import numberlock

CONSUMER = "certificates.revoked"


def revoke(uow, event: dict) -> bool:
    """Record the revocation once; True if it revoked a certificate now."""
    if not uow.first_time(CONSUMER, event["event_id"]):
        return False
    data = event.get("data") or {}
    number = registration_number(data.get("registration_number"))
    numberlock.lock(uow.session, number)
    at = _moment(data.get("at")) or utcnow()
    session = uow.session
    if session.get(Revocation, number) is None:
        reason = "；".join(str(data[k]) for k in ("reason", "comment") if data.get(k))
        session.add(Revocation(registration_number=number, revoked_at=at, reason=reason or None))
    certificate = session.scalar(sa.select(Certificate)
                                 .where(Certificate.registration_number == number))
    if certificate is None or certificate.revoked_at is not None:
        return False  # an approval still to come finds the revocation (issuing.accept)
    mark_revoked(uow, certificate, at)
    return True


def mark_revoked(uow, certificate: Certificate, at: dt.datetime) -> None:
    at = at if at.tzinfo else at.replace(tzinfo=dt.timezone.utc)  # SQLite gives naive times back
    certificate.revoked_at = at
    uow.emit("revoked", {"registration_number": certificate.registration_number,
                         "draft_id": certificate.draft_id,
                         "was_issued": certificate.status == ISSUED,
                         "revoked_at": at.isoformat()})


def _moment(text) -> dt.datetime | None:
    if not isinstance(text, str) or not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)
