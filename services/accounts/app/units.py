"""单位注册, the office's decision on it, and who may see a unit and its registrants."""
from __future__ import annotations

from services.common.clock import utcnow
from services.common.errors import Conflict, invalid
from services.common.identity import Caller
from services.common.paging import read_page

from ..domain import access, people
from ..domain import unit as units
from ..domain.account import PENDING
from . import captchas, grants, limits, outgoing, signup, store, views


def register(uow, settings, data, captcha_ok: bool, client) -> dict:
    """A unit's registration by its admin; only registrations that are accepted count
    against the address's limit."""
    clean = captchas.read_with_captcha(people.read_unit_registration, captcha_ok, data)
    limits.hit(uow, settings.rate_limits, "registration_ip", limits.client_ip(client))
    unit = units.apply(clean, store.unit_by_credit_code(uow.session, clean["credit_code"]), utcnow())
    unit = store.save_unit(uow.session, unit)
    uow.emit("unit_registered", {"unit_id": unit.unit_id, "name": unit.name,
                                 "credit_code": unit.credit_code, "nature": unit.nature})
    return views.unit(unit)


def listing(uow, caller: Caller, status, page, page_size, q=None) -> dict:
    """单位审核: units by status, and by any part of the name or the 统一社会信用代码."""
    access.require_office(caller)
    page, page_size = read_page(page, page_size)
    words = str(q).strip()[:100] if isinstance(q, (str, int)) else ""
    found, total = store.units_page(uow.session, units.read_status_filter(status), page, page_size, words)
    return views.units_page(found, total, page, page_size)


def get(uow, caller: Caller, unit_id) -> dict:
    access.require_unit_reader(caller, unit_id)
    return views.unit(store.load_unit(uow.session, unit_id))


def registrants(uow, caller: Caller, unit_id) -> list[dict]:
    access.require_registrant_lister(caller, unit_id)
    return views.registrants(store.registrants_of(uow.session, unit_id))


def set_registrant_enabled(uow, caller: Caller, unit_id, user_id, enabled) -> dict:
    """停用 / 启用 a registrant's role at the unit, by its admin; the person keeps the account
    (and any other role), and their registrations stay."""
    access.require_unit_admin(caller, unit_id)
    if not isinstance(enabled, bool):
        raise invalid({"enabled": "应为 true（启用）或 false（停用）"})
    grants.set_enabled(uow, store.registrant_grant(uow.session, unit_id, user_id), enabled, caller.user_id)
    return next(r for r in views.registrants(store.registrants_of(uow.session, unit_id))
                if r["user_id"] == user_id)


def resend_activation(uow, settings, caller: Caller, unit_id, user_id) -> dict:
    """The unit admin sends a registrant who has not activated yet a new activation link (the
    earlier one stops working)."""
    access.require_unit_admin(caller, unit_id)
    store.registrant_grant(uow.session, unit_id, user_id)
    account = store.load_account(uow.session, user_id)
    if account.status != PENDING:
        raise Conflict("already_activated", "该账号已激活，无需重发激活邮件")
    unit = store.load_unit(uow.session, unit_id)
    signup.send_activation(uow, settings, account, f"{unit.name}的单位管理员重新发送了您的成果登记人账号激活邮件。")
    return views.activation_link(account)


def approve(uow, settings, caller: Caller, unit_id) -> dict:
    access.require_office(caller)
    unit = units.approve(store.load_unit(uow.session, unit_id), caller.user_id, utcnow())
    store.save_unit(uow.session, unit)
    admin = signup.grant_unit_admin(uow, settings, unit, caller.user_id)
    uow.emit("unit_approved", {"unit_id": unit.unit_id, "name": unit.name,
                               "credit_code": unit.credit_code, "admin_user_id": admin.user_id})
    return views.unit(unit)


def reject(uow, caller: Caller, unit_id, reason) -> dict:
    access.require_office(caller)
    reason = units.read_reason(reason)
    unit = units.reject(store.load_unit(uow.session, unit_id), caller.user_id, reason, utcnow())
    store.save_unit(uow.session, unit)
    outgoing.unit_rejected_email(uow, unit)
    uow.emit("unit_rejected", {"unit_id": unit.unit_id, "reason": unit.reason})
    return views.unit(unit)
