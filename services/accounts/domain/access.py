"""Who may read or change what in accounts: plain decisions on the caller, raising Forbidden
(or NotAuthenticated for nobody). Each entry point asks one of these before it does anything."""
from __future__ import annotations

from services.common.errors import Forbidden
from services.common.identity import OFFICE, SYSADMIN, UNIT_ADMIN, Caller


def require_office(caller: Caller) -> Caller:
    """Units are listed, approved and rejected by the office (登记机构) only."""
    return caller.require(OFFICE)


def require_account_manager(caller: Caller) -> Caller:
    """账号管理 (every account; staff accounts; 解锁, 停用): the office and the system administrator."""
    caller.require_login()
    if not (caller.has(OFFICE) or caller.has(SYSADMIN)):
        raise Forbidden()
    return caller


def require_unit_admin(caller: Caller, unit_id) -> Caller:
    """Registrants are assigned by an admin of that very unit."""
    return caller.require(UNIT_ADMIN, unit_id)


def require_unit_reader(caller: Caller, unit_id) -> Caller:
    """A unit is seen by the office and by anyone holding a role at it."""
    caller.require_login()
    if not (caller.has(OFFICE) or any(g.unit_id == unit_id for g in caller.grants)):
        raise Forbidden()
    return caller


def may_manage_unit(caller: Caller, unit_id) -> bool:
    """The unit's own admins and the office see its change requests."""
    return caller.has(UNIT_ADMIN, unit_id) or caller.has(OFFICE)


def require_unit_manager(caller: Caller, unit_id) -> Caller:
    """移交单位管理员: the unit's own admin, or the office."""
    caller.require_login()
    if not may_manage_unit(caller, unit_id):
        raise Forbidden()
    return caller


def require_registrant_lister(caller: Caller, unit_id) -> Caller:
    """A unit's registrants are listed for its admins and for the office."""
    caller.require_login()
    if not (caller.has(UNIT_ADMIN, unit_id) or caller.has(OFFICE)):
        raise Forbidden()
    return caller
