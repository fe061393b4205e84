"""单位注册, the office's decision on it, who may see a unit and its registrants; the admin's
单位信息 (a new name or credit code goes to the office as a change request), 移交单位管理员, and
the office's 停用 / 启用 of a unit."""
from __future__ import annotations

from services.common.clock import utcnow
from services.common.errors import Conflict, invalid
from services.common.identity import REGISTRANT, UNIT_ADMIN, Caller
from services.common.paging import read_page

from ..domain import access, people
from ..domain import unit as units
from ..domain.account import ACTIVE, PENDING
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
    """A unit with its change requests (its admins and the office see those)."""
    access.require_unit_reader(caller, unit_id)
    unit = store.load_unit(uow.session, unit_id)
    found = views.unit(unit)
    if access.may_manage_unit(caller, unit_id):
        found["changes"] = [views.unit_change(c) for c in store.changes_of(uow.session, unit_id)]
    return found


def edit(uow, caller: Caller, unit_id, data) -> dict:
    """单位信息 by its admin: 单位性质, 通信地址, 邮政编码 at once; a new 单位名称 or 统一社会信用代码
    waits for the office (a newer request replaces one still waiting)."""
    access.require_unit_admin(caller, unit_id)
    clean = people.read_unit_details(data)
    before = store.load_unit(uow.session, unit_id)
    unit, change = units.edit(before, clean, caller.user_id, utcnow())
    if unit != before:
        store.save_unit(uow.session, unit)
        uow.emit("unit_details_changed", {"unit_id": unit.unit_id, "nature": unit.nature,
                                          "address": unit.address, "postcode": unit.postcode})
    waiting = store.pending_change_of(uow.session, unit.unit_id)
    if change is not None and waiting is not None and (waiting.name, waiting.credit_code) == (change.name, change.credit_code):
        change = None  # asked again for what already waits
    elif waiting is not None:
        store.save_change(uow.session, units.withdraw_change(waiting, utcnow()))
    if change is not None:
        _require_free_credit_code(uow, change.credit_code, unit.unit_id)
        change = store.save_change(uow.session, change)
        uow.emit("unit_change_requested", {"unit_id": unit.unit_id, "change_id": change.change_id,
                                           "name": change.name, "credit_code": change.credit_code})
    return get(uow, caller, unit_id)


def changes(uow, caller: Caller, status, page, page_size) -> dict:
    """单位信息变更 the office decides: by status (pending first by default), newest first."""
    access.require_office(caller)
    page, page_size = read_page(page, page_size)
    status = units.read_change_status_filter(status)
    found, total = store.changes_page(uow.session, status, page, page_size)
    return {"items": [{**views.unit_change(c), "unit": views.unit(u)} for c, u in found],
            "total": total, "page": page, "page_size": page_size}


def decide_change(uow, caller: Caller, change_id, approve, reason=None) -> dict:
    """The office approves a new name / credit code (the unit takes it at once) or refuses it
    with a reason; the unit's admins are told by mail either way."""
    access.require_office(caller)
    if not isinstance(approve, bool):
        raise invalid({"approve": "应为 true（通过）或 false（不通过）"})
    reason = None if approve else units.read_change_reason(reason)
    change = units.decide_change(store.load_change(uow.session, change_id), approve, caller.user_id,
                                 reason, utcnow())
    unit = store.load_unit(uow.session, change.unit_id)
    if approve:
        _require_free_credit_code(uow, change.credit_code, unit.unit_id)
        unit = store.save_unit(uow.session, units.apply_change(unit, change))
    store.save_change(uow.session, change)
    outgoing.unit_change_decided_email(uow, _admins(uow, unit.unit_id), unit, change)
    uow.emit("unit_change_decided", {"unit_id": unit.unit_id, "change_id": change.change_id,
                                     "approved": approve, "name": unit.name,
                                     "credit_code": unit.credit_code, "reason": reason})
    return {**views.unit_change(change), "unit": views.unit(unit)}


def set_unit_enabled(uow, caller: Caller, unit_id, enabled, reason=None) -> dict:
    """停用 / 启用 a unit (the office): while disabled, no role at it is in force (its admins
    and registrants keep their accounts and other roles; its registrations stay)."""
    access.require_office(caller)
    if not isinstance(enabled, bool):
        raise invalid({"enabled": "应为 true（启用）或 false（停用）"})
    unit = store.load_unit(uow.session, unit_id)
    if enabled:
        unit = units.enable(unit)
    else:
        unit = units.disable(unit, caller.user_id, units.read_disable_reason(reason), utcnow())
    unit = store.save_unit(uow.session, unit)
    uow.emit("unit_enabled" if enabled else "unit_disabled",
             {"unit_id": unit.unit_id, "reason": unit.disabled_reason,
              "user_ids": store.people_at_unit(uow.session, unit.unit_id)})
    return views.unit(unit)


def hand_over(uow, settings, caller: Caller, unit_id, user_id) -> dict:
    """移交单位管理员: a unit admin (or the office) gives the role to one of the unit's registrants
    whose account is active; the one handing over (for the office: every present admin) no longer
    holds it, and keeps the account and any other role. The unit's 管理员 details follow."""
    access.require_unit_manager(caller, unit_id)
    unit = store.load_unit(uow.session, unit_id)
    if not unit.enabled:
        raise Conflict("unit_disabled", "该单位已停用")
    target = store.grant_row(uow.session, user_id, REGISTRANT, unit_id) if isinstance(user_id, int) else None
    if target is None or target.disabled_at is not None:
        raise invalid({"user_id": "请选择本单位在用的成果登记人"})
    account = store.load_account(uow.session, user_id)
    if account.status != ACTIVE or account.disabled_at is not None:
        raise invalid({"user_id": "该成果登记人尚未激活账号或账号已停用，不能接任单位管理员"})
    held = store.grant_row(uow.session, user_id, UNIT_ADMIN, unit_id)
    if held is not None and held.disabled_at is None:
        raise Conflict("already_unit_admin", f"{account.name}已是本单位的单位管理员")
    if held is not None:
        grants.set_enabled(uow, held, True, caller.user_id)
    else:
        grants.grant(uow, user_id, UNIT_ADMIN, unit_id, caller.user_id)
    leaving = [g for g in store.unit_admin_grants(uow.session, unit_id)
               if g.user_id != user_id and g.disabled_at is None
               and (g.user_id == caller.user_id or not caller.has(UNIT_ADMIN, unit_id))]
    for old in leaving:
        grants.set_enabled(uow, old, False, caller.user_id)
    mobile = store.person(uow.session, user_id).mobile
    unit = store.save_unit(uow.session, units.with_admin(unit, account.name, account.email,
                                                          mobile or unit.admin_mobile))
    outgoing.role_added_email(uow, account, "单位管理员", unit.name)
    uow.emit("unit_admin_changed", {"unit_id": unit_id, "to_user_id": user_id,
                                    "from_user_ids": [g.user_id for g in leaving]})
    return views.unit(unit)


def _admins(uow, unit_id) -> list:
    return [store.load_account(uow.session, g.user_id) for g in store.unit_admin_grants(uow.session, unit_id)
            if g.disabled_at is None]


def _require_free_credit_code(uow, credit_code: str, unit_id: int) -> None:
    other = store.unit_by_credit_code(uow.session, credit_code)
    if other is not None and other.unit_id != unit_id:
        raise Conflict("unit_exists", "该统一社会信用代码已属于另一已注册单位",
                       {"credit_code": "该统一社会信用代码已属于另一已注册单位"})


def registrants(uow, caller: Caller, unit_id, q=None, page=1, page_size=20) -> dict:
    access.require_registrant_lister(caller, unit_id)
    page, page_size = read_page(page, page_size)
    words = str(q).strip()[:100] if isinstance(q, (str, int)) else ""
    rows, total = store.registrants_page(uow.session, unit_id, words, page, page_size)
    return {"items": views.registrants(rows), "total": total, "page": page, "page_size": page_size}


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
