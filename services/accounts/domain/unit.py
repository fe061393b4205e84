"""A unit (依托单位) and the office's decision on its registration (单位注册): `pending`, then
`approved` or `rejected`; a rejected unit may apply again. Decisions return a new Unit.

An approved unit's admin keeps its details: 单位性质, 通信地址 and 邮政编码 change at once; a new
单位名称 or 统一社会信用代码 is a change request (ChangeRequest) the office approves or refuses,
because the code is what identifies the unit and the name is printed on certificates. The office
may 停用 (disable) an approved unit: nobody acts for it until it is enabled again."""
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
    disabled_at: dt.datetime | None = None
    disabled_by: int | None = None
    disabled_reason: str | None = None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def enabled(self) -> bool:
        return self.disabled_at is None


# -- details the admin keeps, and a change of name or credit code -------------------------------
EDITABLE = ("nature", "address", "postcode")          # changed at once by the unit's admin
NEEDS_APPROVAL = ("name", "credit_code")               # a change request to the office
CHANGE_PENDING, CHANGE_APPROVED, CHANGE_REFUSED, CHANGE_WITHDRAWN = (
    "pending", "approved", "refused", "withdrawn")
CHANGE_LABELS = {CHANGE_PENDING: "待审核", CHANGE_APPROVED: "已通过", CHANGE_REFUSED: "未通过",
                 CHANGE_WITHDRAWN: "已撤回"}


@dataclass(frozen=True)
class ChangeRequest:
    """A new 单位名称 and/or 统一社会信用代码 asked for by the unit's admin."""
    change_id: int | None
    unit_id: int
    old_name: str
    old_credit_code: str
    name: str
    credit_code: str
    requested_by: int
    requested_at: dt.datetime
    status: str = CHANGE_PENDING
    decided_by: int | None = None
    decided_at: dt.datetime | None = None
    reason: str | None = None

    @property
    def status_label(self) -> str:
        return CHANGE_LABELS[self.status]


def edit(unit: Unit, clean: dict, by: int, now: dt.datetime) -> tuple[Unit, ChangeRequest | None]:
    """The unit with the details that change at once, and the change request for a new name or
    credit code (None when both stay). `clean` holds the form's values (people.read_unit_details)."""
    _require_active(unit)
    changed = replace(unit, **{k: clean[k] for k in EDITABLE})
    if (clean["name"], clean["credit_code"]) == (unit.name, unit.credit_code):
        return changed, None
    return changed, ChangeRequest(None, unit.unit_id, unit.name, unit.credit_code, clean["name"],
                                  clean["credit_code"], by, now)


def decide_change(change: ChangeRequest, approve: bool, office_id: int, reason: str | None,
                  now: dt.datetime) -> ChangeRequest:
    if change.status != CHANGE_PENDING:
        raise Conflict("change_decided", f"该变更申请已处理（{change.status_label}）")
    return replace(change, status=CHANGE_APPROVED if approve else CHANGE_REFUSED,
                   decided_by=office_id, decided_at=now, reason=reason)


def withdraw_change(change: ChangeRequest, now: dt.datetime) -> ChangeRequest:
    """A newer request of the same unit takes the place of one still waiting."""
    return replace(change, status=CHANGE_WITHDRAWN, decided_at=now)


def read_change_status_filter(status) -> str | None:
    if status and (not isinstance(status, str) or status not in CHANGE_LABELS):
        raise invalid({"status": "状态应为 pending、approved、refused 或 withdrawn"})
    return status or None


def with_admin(unit: Unit, name: str, email: str, mobile: str) -> Unit:
    """The unit's 管理员 details after the role was handed over."""
    return replace(unit, admin_name=name, admin_email=email, admin_mobile=mobile)


def apply_change(unit: Unit, change: ChangeRequest) -> Unit:
    return replace(unit, name=change.name, credit_code=change.credit_code)


# -- 停用 / 启用 a unit ----------------------------------------------------------------------------
def disable(unit: Unit, office_id: int, reason: str, now: dt.datetime) -> Unit:
    if unit.status != APPROVED:
        raise Conflict("unit_not_approved", f"只能停用已通过审核的单位（该单位{unit.status_label}）")
    if not unit.enabled:
        raise Conflict("unit_disabled", "该单位已停用")
    return replace(unit, disabled_at=now, disabled_by=office_id, disabled_reason=reason)


def enable(unit: Unit) -> Unit:
    if unit.enabled:
        raise Conflict("unit_enabled", "该单位未停用")
    return replace(unit, disabled_at=None, disabled_by=None, disabled_reason=None)


def read_disable_reason(reason) -> str:
    if not isinstance(reason, str) or not reason.strip():
        raise invalid({"reason": "请填写停用的原因"})
    return reason.strip()[:REASON_MAX]


def read_change_reason(reason) -> str:
    if not isinstance(reason, str) or not reason.strip():
        raise invalid({"reason": "请填写不通过的原因"})
    return reason.strip()[:REASON_MAX]


def _require_active(unit: Unit) -> None:
    if unit.status != APPROVED:
        raise Conflict("unit_not_approved", f"单位注册申请{unit.status_label}，不能修改单位信息")
    if not unit.enabled:
        raise Conflict("unit_disabled", "该单位已停用，不能修改单位信息")


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
