"""注销: the review service revoked a registration; its certificate verifies as revoked, and
its owner gets only a copy marked 已注销 on every page, never the signed PDF again."""
from __future__ import annotations

import datetime as dt
import logging

from services.common.clock import utcnow

from ..domain.certificate import Certificate, revocation, revoked_event
from . import store
from .producing import discard, produce_revoked

log = logging.getLogger(__name__)

CONSUMER = "certificates.revoked"


def on_revoked(db, files, settings, event: dict) -> None:
    """Record the revocation; then make the marked copy at once, so the owner's next look finds
    it (if this fails, the first look makes it: `revoked_copy`)."""
    with db.begin() as uow:
        if not revoke(uow, event):
            return
        certificate = store.by_number(uow.session, revocation(event.get("data")).registration_number)
    try:
        revoked_copy(db, files, settings, certificate)
    except Exception:  # noqa: BLE001 - the revocation stands; the copy is made when first asked for
        log.exception("marking revoked certificate %s failed", certificate.registration_number)


def revoked_copy(db, files, settings, certificate: Certificate) -> Certificate:
    """The certificate with its marked copy, made now if it is revoked and has none yet. Made
    outside any transaction; of two made at once, the one stored second is deleted."""
    if not certificate.needs_revoked_copy:
        return certificate
    produced = produce_revoked(certificate, settings, files)
    try:
        with db.begin() as uow:
            stored = store.add_revoked_copy(uow.session, certificate.certificate_id, produced.pdf,
                                            produced.png)
            certificate = store.get(uow.session, certificate.certificate_id)
    except BaseException:
        discard(files, produced)
        raise
    if not stored:
        discard(files, produced)
    return certificate


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
