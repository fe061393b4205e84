"""单位注册 and the office's decision on it."""
from __future__ import annotations

import sqlalchemy as sa

from services.common.errors import Conflict, NotFound, invalid
from services.common.events import utcnow

from ..models import Unit
from . import outgoing, signup

STATUS_LABELS = {"pending": "待审核", "approved": "已通过", "rejected": "未通过"}


def as_dict(unit: Unit) -> dict:
    return {"id": unit.id, "name": unit.name, "credit_code": unit.credit_code,
            "nature": unit.nature, "address": unit.address, "postcode": unit.postcode,
            "admin_name": unit.admin_name, "admin_email": unit.admin_email,
            "admin_mobile": unit.admin_mobile, "status": unit.status,
            "status_label": STATUS_LABELS[unit.status], "reason": unit.reason,
            "created_at": unit.created_at.isoformat()}


def register(uow, clean: dict) -> Unit:
    session = uow.session
    unit = session.scalar(sa.select(Unit).where(Unit.credit_code == clean["credit_code"]))
    if unit is not None and unit.status != "rejected":
        raise Conflict("unit_exists", "该统一社会信用代码的单位已注册，无需重复注册",
                       {"credit_code": "该统一社会信用代码的单位已注册，无需重复注册"})
    if unit is None:
        unit = Unit(**clean, status="pending", created_at=utcnow())
        session.add(unit)
    else:  # a rejected unit may apply again
        for key, value in clean.items():
            setattr(unit, key, value)
        unit.status, unit.reason, unit.decided_at, unit.decided_by = "pending", None, None, None
    session.flush()
    uow.emit("unit_registered", {"unit_id": unit.id, "name": unit.name,
                                 "credit_code": unit.credit_code, "nature": unit.nature})
    return unit


def get(session, unit_id) -> Unit:
    unit = session.get(Unit, unit_id) if isinstance(unit_id, int) else None
    if unit is None:
        raise NotFound("unit_not_found", "单位不存在")
    return unit


def listing(session, status: str | None, page: int, page_size: int) -> dict:
    query = sa.select(Unit)
    if status:
        if status not in STATUS_LABELS:
            raise invalid({"status": "状态应为 pending、approved 或 rejected"})
        query = query.where(Unit.status == status)
    total = session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    rows = session.scalars(query.order_by(Unit.id.desc())
                           .offset((page - 1) * page_size).limit(page_size))
    return {"items": [as_dict(u) for u in rows], "total": total, "page": page,
            "page_size": page_size}


def _pending(session, unit_id) -> Unit:
    unit = get(session, unit_id)
    if unit.status != "pending":
        raise Conflict("unit_decided", f"该单位注册申请已处理（{STATUS_LABELS[unit.status]}）")
    return unit


def approve(uow, settings, office_id: int, unit_id) -> Unit:
    unit = _pending(uow.session, unit_id)
    unit.status, unit.decided_at, unit.decided_by = "approved", utcnow(), office_id
    admin = signup.grant_unit_admin(uow, settings, unit, office_id)
    uow.emit("unit_approved", {"unit_id": unit.id, "name": unit.name,
                               "credit_code": unit.credit_code, "admin_user_id": admin.id})
    return unit


def reject(uow, office_id: int, unit_id, reason) -> Unit:
    if not isinstance(reason, str) or not reason.strip():
        raise invalid({"reason": "请填写不通过的原因"})
    unit = _pending(uow.session, unit_id)
    unit.status, unit.reason = "rejected", reason.strip()[:500]
    unit.decided_at, unit.decided_by = utcnow(), office_id
    outgoing.unit_rejected_email(uow.session, unit)
    uow.emit("unit_rejected", {"unit_id": unit.id, "reason": unit.reason})
    return unit
