"""账号管理 for the office (and the system administrator): every account, searchable; adding
staff accounts (登记机构, 推荐单位, 系统管理员) and people without a 居民身份证; 解锁 a locked
account; 停用 / 启用 an account. What was command-line only (services.accounts.cli)."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

from services.common.clock import utcnow
from services.common.errors import Conflict, NotFound, invalid
from services.common.identity import RECOMMENDER, ROLE_LABELS, Caller
from services.common.paging import read_page

from ..domain import access, people
from ..domain.account import PENDING
from . import grants, sessions, signup, store, views

STATES = {"pending": "待激活", "active": "已激活", "locked": "已锁定", "disabled": "已停用"}


def listing(uow, caller: Caller, filters) -> dict:
    access.require_account_manager(caller)
    filters = filters if isinstance(filters, dict) else {}
    page, page_size = read_page(filters.get("page", 1), filters.get("page_size", 20))
    state = filters.get("status") or None
    if state is not None and state not in STATES:
        raise invalid({"status": "账号状态应为待激活、已激活、已锁定或已停用"})
    role = filters.get("role") or None
    if role is not None and role not in ROLE_LABELS:
        raise invalid({"role": "角色不正确"})
    q = str(filters.get("q") or "").strip()[:100]
    now = utcnow()   # one moment for the filter and the states shown ("locked" is time-bound)
    rows, total = store.accounts_page(uow.session, q, role, state, now, page, page_size)
    found = store.grants_of_many(uow.session, [r.id for r in rows])
    return {"items": [views.managed_account(r, found.get(r.id, ()), now) for r in rows],
            "total": total, "page": page, "page_size": page_size}


def create(uow, settings, caller: Caller, data) -> dict:
    """A staff account, or a person without a 居民身份证 (成果登记人 without a unit) with their
    document; an activation mail either way. An existing account gets the role."""
    access.require_account_manager(caller)
    clean = people.read_staff_account(data, dt.date.today())
    if clean["id_number"] and store.id_number_taken(uow.session, clean["id_number"], by_other_than=0):
        raise invalid({"id_number": "该证件号码已绑定其他账号"}, code="id_number_taken")
    account, created = signup.find_or_add(uow, clean["name"], clean["email"])
    if clean["id_type"]:
        if account.status != PENDING or account.id_number:
            raise Conflict("already_active", "该电子邮箱的账号已激活，证件信息由本人在个人信息维护中查看",
                           {"email": "该电子邮箱的账号已激活"})
        account = replace(account, id_type=clean["id_type"], id_number=clean["id_number"])
        store.save_account(uow.session, account)
    if not grants.grant(uow, account.user_id, clean["role"], None, caller.user_id):
        raise Conflict("already_has_role", f"该用户已是{ROLE_LABELS[clean['role']]}",
                       {"role": f"该用户已是{ROLE_LABELS[clean['role']]}"})
    if account.status == PENDING:
        signup.send_activation(uow, settings, account, signup.STAFF_REASONS[clean["role"]])
    return {**views.person(account), "existing_account": not created, "status": account.status,
            "role": clean["role"]}


def unlock(uow, caller: Caller, user_id) -> dict:
    """解锁: the failures are forgotten and the person may log in at once."""
    access.require_account_manager(caller)
    account = _load(uow, user_id)
    store.save_account(uow.session, replace(account, failed_logins=0, locked_until=None))
    return _one(uow, account.user_id)


def set_enabled(uow, caller: Caller, user_id, enabled) -> dict:
    """停用 an account (its sessions end at once, every gateway is told) or 启用 it again."""
    access.require_account_manager(caller)
    if not isinstance(enabled, bool):
        raise invalid({"enabled": "应为 true（启用）或 false（停用）"})
    account = _load(uow, user_id)
    if account.user_id == caller.user_id and not enabled:
        raise Conflict("own_account", "不能停用自己的账号")
    if (account.disabled_at is None) != enabled:
        now = utcnow()
        store.save_account(uow.session, replace(account, disabled_at=None if enabled else now))
        if not enabled:
            sessions.end_all(uow, account.user_id, now, "account_disabled")
    return _one(uow, account.user_id)


MAX_RECOMMENDED = 500


def set_recommended_units(uow, caller: Caller, user_id, unit_ids) -> dict:
    """推荐范围: the units a 推荐单位 account recommends for (a city bureau: its city's units). It
    reviews exactly their cases at the recommender level; a unit taken out of the list is
    disabled on the grant (kept, with who and when), one put back enabled again."""
    access.require_account_manager(caller)
    account = _load(uow, user_id)
    if not isinstance(unit_ids, list) or len(unit_ids) > MAX_RECOMMENDED or not all(
            isinstance(u, int) and not isinstance(u, bool) for u in unit_ids):
        raise invalid({"unit_ids": f"应为至多{MAX_RECOMMENDED}个单位编号"})
    held = store.grants_of_many(uow.session, [account.user_id]).get(account.user_id, [])
    if not any(g.role == RECOMMENDER and g.unit_id is None and g.disabled_at is None for g in held):
        raise Conflict("not_a_recommender", "该账号不是推荐单位账号", {"user_id": "该账号不是推荐单位账号"})
    wanted = set(unit_ids)
    unknown = wanted - store.approved_unit_ids(uow.session, wanted)
    if unknown:
        raise invalid({"unit_ids": "以下单位不存在或未通过审核：" + "、".join(map(str, sorted(unknown)))})
    for grant in held:
        if grant.role == RECOMMENDER and grant.unit_id is not None:
            grants.set_enabled(uow, grant, grant.unit_id in wanted, caller.user_id)
            wanted.discard(grant.unit_id)
    for unit_id in sorted(wanted):
        grants.grant(uow, account.user_id, RECOMMENDER, unit_id, caller.user_id)
    return _one(uow, account.user_id)


def _load(uow, user_id):
    if not isinstance(user_id, int) or isinstance(user_id, bool) or store.person(uow.session, user_id) is None:
        raise NotFound("account_not_found", "该账号不存在")
    return store.load_account(uow.session, user_id)


def _one(uow, user_id: int) -> dict:
    row = store.person(uow.session, user_id)
    return views.managed_account(row, store.grants_of_many(uow.session, [user_id]).get(user_id, ()),
                                 utcnow())

