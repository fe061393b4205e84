"""注销: the review service revoked a registration; its certificate verifies as revoked."""
from __future__ import annotations

import datetime as dt

from services.common.clock import utcnow

from ..domain.certificate import Certificate, revocation, revoked_event
from . import store

CONSUMER = "certificates.revoked"


def revoke(uow, event: dict) -> bool:
    """Record the revocation once; True if it revoked a certificate now."""
    if not uow.first_time(CONSUMER, event["event_id"]):
        return False
    revoked = revocation(event.get("data"))
    number = revoked.registration_number
    store.lock_number(uow.session, number)
    at = revoked.at or utcnow()
    store.add_revocation(uow.session, number, at, revoked.reason)
    certificate = store.by_number(uow.session, number)
    if certificate is None or certificate.revoked_at is not None:
        return False  # an approval still to come finds the revocation (issuing.accept)
    mark_revoked(uow, certificate, at)
    return True


def mark_revoked(uow, certificate: Certificate, at: dt.datetime) -> None:
    store.mark_revoked(uow.session, certificate.certificate_id, at)
    uow.emit("revoked", revoked_event(certificate, at))
