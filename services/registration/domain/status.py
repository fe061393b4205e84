"""What the registrant's list shows: the status of a registration and where it is now
(状态, 当前环节), kept from the review service's events."""
from __future__ import annotations

from services.common.errors import invalid

EDITING = "editing"

# status: (状态, 当前环节)
STATUS = {
    "editing": ("填写中", "成果登记人"),
    "unit_review": ("待单位审核", "单位管理员"),
    "recommender_review": ("待推荐单位审核", "推荐单位"),
    "office_review": ("待登记机构审核", "登记机构"),
    "publicity": ("公示中", "登记机构"),
    "returned": ("退回修改", "成果登记人"),
    "withdrawn": ("已撤回", "成果登记人"),
    "refused": ("不予登记", "—"),
    "approved": ("审核通过", "已登记"),
    "revoked": ("已注销", "—"),
}
EDITABLE = frozenset({"editing", "returned", "withdrawn"})
LEVEL_STATUS = {"unit": "unit_review", "recommender": "recommender_review", "office": "office_review"}


def read_filter(status) -> str | None:
    """The status a list is filtered by; none (or empty) lists every one."""
    if status in (None, ""):
        return None
    if not isinstance(status, str) or status not in STATUS:
        raise invalid({"status": "状态应为：" + "、".join(s for s, _ in STATUS.values())})
    return status


def label(status: str) -> str:
    return STATUS[status][0]


def stage(status: str) -> str:
    return STATUS[status][1]


def editable(status: str) -> bool:
    return status in EDITABLE


def first_level(unit_id: int | None) -> str:
    """Registrants with a unit submit to their unit admin; without one, to the office."""
    return "unit" if unit_id is not None else "office"


def after_review_event(event_type: str, data: dict) -> str | None:
    """The status a review event leads to, or None for events that do not change it."""
    if event_type in ("opened", "forwarded"):   # opened: where a new case starts waiting
        return LEVEL_STATUS.get(data.get("to_level"))
    return {"returned": "returned", "withdrawn": "withdrawn", "refused": "refused",
            "approved": "approved", "revoked": "revoked", "publicity_started": "publicity"}.get(event_type)
