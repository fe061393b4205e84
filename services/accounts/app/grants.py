"""Roles held by a user, and the Caller identity built from them."""
from __future__ import annotations

from services.common.clock import utcnow
from services.common.identity import Caller

from ..domain.account import Account
from . import store


def caller_for(uow, account: Account) -> Caller:
    return Caller(user_id=account.user_id, name=account.name, email=account.email,
                  grants=store.grants_of(uow.session, account.user_id))


def grant(uow, user_id: int, role: str, unit_id: int | None, granted_by: int | None) -> bool:
    """Give the user the role (at the unit); False if they had it already."""
    if not store.add_grant(uow.session, user_id, role, unit_id, granted_by, utcnow()):
        return False
    uow.emit("role_granted", {"user_id": user_id, "role": role, "unit_id": unit_id})
    return True
