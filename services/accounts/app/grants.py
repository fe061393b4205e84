"""Roles held by a user, and the Caller identity built from them."""
from __future__ import annotations

from services.common.clock import utcnow
from services.common.identity import Caller

from ..domain.account import Account
from . import store


def caller_for(uow, account: Account) -> Caller:
    return Caller(user_id=account.user_id, name=account.name, email=account.email,
                  grants=store.grants_of(uow.session, account.user_id))


def set_enabled(uow, grant, enabled: bool, by: int) -> bool:
    """停用 / 启用 a role grant; False if it was so already. Every gateway forgets the person's
    cached roles on the event."""
    if (grant.disabled_at is None) == enabled:
        return False
    store.set_grant_disabled(uow.session, grant, by, None if enabled else utcnow())
    uow.emit("role_enabled" if enabled else "role_disabled",
             {"user_id": grant.user_id, "role": grant.role, "unit_id": grant.unit_id})
    return True


def grant(uow, user_id: int, role: str, unit_id: int | None, granted_by: int | None) -> bool:
    """Give the user the role (at the unit); False if they had it already."""
    if not store.add_grant(uow.session, user_id, role, unit_id, granted_by, utcnow()):
        return False
    uow.emit("role_granted", {"user_id": user_id, "role": role, "unit_id": unit_id})
    return True
