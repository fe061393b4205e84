"""What the registrant and the public may read: the owner's certificates, and verification."""
from __future__ import annotations

from services.common.clock import utcnow
from services.common.errors import NotFound, invalid
from services.common.identity import Caller
from services.common.paging import read_page

from ..domain import access
from ..domain.certificate import of_draft, require_issued
from ..domain.checkcode import verification_request, verify_check_code
from . import store, views
from .views import TO_PRINT
from .revoking import revoked_copy


def certificate_of_draft(db, files, settings, caller: Caller, draft_id, printing=False) -> dict:
    """The owner's certificate of one achievement: once revoked, its copy marked 已注销
    (made here if the revocation could not make it). `printing`: its PDF is being downloaded,
    which ends the reminder 登记证书待打印."""
    with db.begin() as uow:
        found = of_draft(store.of_draft(uow.session, draft_id))
        access.require_owner(found, caller)
        require_issued(found)
        if printing is True and found.revoked_at is None and found.printed_at is None:
            store.mark_printed(uow.session, found.certificate_id, utcnow())
    return views.owner_view(revoked_copy(db, files, settings, found), settings.public_url)


def certificate_for_office(db, files, settings, caller: Caller, number) -> dict:
    """Any issued certificate, by 登记号, for the office (a case's documents); once revoked, its
    copy marked 已注销."""
    access.require_office(caller)
    with db.begin() as uow:
        found = store.issued_by_number(uow.session, number) if isinstance(number, str) else None
    if found is None:
        raise NotFound("certificate_not_found", "该成果的登记证书尚未生成")
    return views.owner_view(revoked_copy(db, files, settings, found), settings.public_url)


def reminders(uow, caller: Caller) -> dict:
    """工作提醒 of the certificates service: the caller's certificates waiting to be printed."""
    return views.reminders_view(store.count_to_print(uow.session, caller.user_id))


def reminder_items(uow, caller: Caller, kind, page=1, page_size=20) -> dict:
    if kind != TO_PRINT:
        raise invalid({"kind": "工作提醒的种类应为登记证书待打印"})
    page, page_size = read_page(page, page_size)
    return views.reminder_page(store.to_print_page(uow.session, caller.user_id, page, page_size),
                               store.count_to_print(uow.session, caller.user_id), page, page_size)


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
