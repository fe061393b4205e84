"""A unit (依托单位) and the office's decision on its registration (单位注册): `pending`, then
`approved` or `rejected`; a rejected unit may apply again. Decisions return a new Unit."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from services.common.errors import Conflict, invalid

PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"
STATUS_LABELS = {PENDING: "待审核", APPROVED: "已通过", REJECTED: "未通过"}
REASON_MAX = 500


@dataclass(frozen=True)
class Unit:
    unit_id: int | None          # assigned when first stored
    name: str
    credit_code: str
    nature: str
    address: str
    postcode: str | None
    admin_name: str
    admin_email: str
    admin_mobile: str
    status: str = PENDING
    reason: str | None = None
    created_at: dt.datetime | None = None
    decided_at: dt.datetime | None = None
    decided_by: int | None = None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def apply(clean: dict, registered: Unit | None, now: dt.datetime) -> Unit:
    """A registration from the form's clean values; `registered` is the unit already stored
    under the same credit code, if any (only a rejected one may apply again)."""
    if registered is None:
        return Unit(unit_id=None, **clean, status=PENDING, created_at=now)
    if registered.status != REJECTED:
        raise Conflict("unit_exists", "该统一社会信用代码的单位已注册，无需重复注册",
                       {"credit_code": "该统一社会信用代码的单位已注册，无需重复注册"})
    return replace(registered, **clean, status=PENDING, reason=None, decided_at=None,
                   decided_by=None)


def approve(unit: Unit, office_id: int, now: dt.datetime) -> Unit:
    _require_pending(unit)
    return replace(unit, status=APPROVED, decided_at=now, decided_by=office_id)


def reject(unit: Unit, office_id: int, reason: str, now: dt.datetime) -> Unit:
    """`reason` as read by read_reason."""
    _require_pending(unit)
    return replace(unit, status=REJECTED, reason=reason, decided_at=now, decided_by=office_id)


def read_reason(reason) -> str:
    if not isinstance(reason, str) or not reason.strip():
        raise invalid({"reason": "请填写不通过的原因"})
    return reason.strip()[:REASON_MAX]


def read_status_filter(status) -> str | None:
    """The status a listing is filtered by; none (or empty) lists every unit."""
    if status and (not isinstance(status, str) or status not in STATUS_LABELS):
        raise invalid({"status": "状态应为 pending、approved 或 rejected"})
    return status or None


def _require_pending(unit: Unit) -> None:
    if unit.status != PENDING:
        raise Conflict("unit_decided", f"该单位注册申请已处理（{unit.status_label}）")
