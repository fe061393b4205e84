"""What the registrant and the public may read: the owner's certificates, and verification."""
from __future__ import annotations

from services.common.errors import NotFound
from services.common.identity import Caller

from ..domain import access
from ..domain.certificate import of_draft, require_issued
from ..domain.checkcode import verification_request, verify_check_code
from . import store, views
from .revoking import revoked_copy


def certificate_of_draft(db, files, settings, caller: Caller, draft_id) -> dict:
    """The owner's certificate of one achievement: once revoked, its copy marked 已注销
    (made here if the revocation could not make it)."""
    with db.begin() as uow:
        found = of_draft(store.of_draft(uow.session, draft_id))
        access.require_owner(found, caller)
        require_issued(found)
    return views.owner_view(revoked_copy(db, files, settings, found), settings.public_url)


def mine(uow, caller: Caller) -> list[dict]:
    return [views.summary_view(c) for c in store.issued_of_owner(uow.session, caller.user_id)]


def verify(uow, settings, number, code) -> dict:
    """Valid or revoked, with the public fields; a wrong code answers like an unknown number."""
    number = verification_request(number, code)
    matches = verify_check_code(number, code, settings.check_code_secret)
    return views.public_view(access.require_verified(store.issued_by_number(uow.session, number), matches))


def issued_file(uow, number) -> dict:
    """Service to service (the reports service's national package): where an issued
    certificate's PDF is, by its 登记号."""
    found = store.issued_by_number(uow.session, number) if isinstance(number, str) else None
    if found is None:
        raise NotFound("certificate_not_found", "没有该登记号的有效证书")
    return views.stored_file(found)
