"""Roles held by a user, and the Caller identity built from them."""
from __future__ import annotations

import sqlalchemy as sa

from services.common.events import utcnow
from services.common.identity import Caller, Grant

from ..models import RoleGrant, User


def grants_of(session, user_id: int) -> list[RoleGrant]:
    return list(session.scalars(sa.select(RoleGrant).where(RoleGrant.user_id == user_id)
                                .order_by(RoleGrant.id)))


def caller_for(session, user: User) -> Caller:
    return Caller(user_id=user.id, name=user.name, email=user.email,
                  grants=tuple(Grant(g.role, g.unit_id) for g in grants_of(session, user.id)))


def grant(uow, user: User, role: str, unit_id: int | None, granted_by: int | None) -> bool:
    """Give `user` the role (at the unit); False if they had it already."""
    session = uow.session
    exists = session.scalar(sa.select(RoleGrant.id).where(
        RoleGrant.user_id == user.id, RoleGrant.role == role,
        RoleGrant.unit_id.is_(None) if unit_id is None else RoleGrant.unit_id == unit_id))
    if exists:
        return False
    session.add(RoleGrant(user_id=user.id, role=role, unit_id=unit_id,
                          granted_at=utcnow(), granted_by=granted_by))
    session.flush()
    uow.emit("role_granted", {"user_id": user.id, "role": role, "unit_id": unit_id})
    return True
