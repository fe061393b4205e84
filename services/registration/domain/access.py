"""Who may read or change what in the registration service, and the error anybody else gets.

A draft is its registrant's alone: anybody else's is reported as missing, not as forbidden, and
it is changed only while editable. A submitted snapshot is read by its owner, the admins of its
unit and the office. A new draft belongs to a unit where the caller is a registrant.
"""
from __future__ import annotations

from services.common.errors import Conflict, Forbidden, NotFound, invalid
from services.common.identity import OFFICE, RECOMMENDER, REGISTRANT, UNIT_ADMIN, Caller

from . import status as st
from .draft import Draft, Snapshot


def readable_draft(caller: Caller, draft: Draft | None) -> Draft:
    """The caller's own draft, or NotFound."""
    if draft is None or draft.owner_id != caller.user_id:
        raise NotFound("achievement_not_found", "该科技成果不存在")
    return draft


def working_draft(caller: Caller, draft: Draft | None) -> Draft:
    """The caller's own draft, to work on (save, submit, copy, delete): only while they are a
    registrant of its unit (or, without a unit, a registrant without one). A unit admin's
    停用 leaves the person their account and the reading of their registrations, not the work."""
    draft = readable_draft(caller, draft)
    if not any(g.role == REGISTRANT and g.unit_id == draft.unit_id for g in caller.grants):
        raise Forbidden("role_disabled", "您已不是该成果所属单位的成果登记人，不能再修改、提交或复制该成果")
    return draft


def changeable_draft(caller: Caller, draft: Draft | None) -> Draft:
    """The caller's own draft while they may work on it and it may be edited (填写中, 退回修改,
    已撤回)."""
    draft = working_draft(caller, draft)
    if not draft.editable:
        raise Conflict("not_editable", f"该成果当前状态为“{st.label(draft.status)}”，不能修改")
    return draft


def may_read_snapshot(caller: Caller, snapshot: Snapshot) -> bool:
    """Its owner, the office, and its unit's admins and 推荐单位 (those that recommend for it, and
    the one the form names: review's `opened` told which)."""
    return (snapshot.owner_id == caller.user_id or caller.has(OFFICE)
            or (snapshot.unit_id is not None and (caller.has(UNIT_ADMIN, snapshot.unit_id)
                                                  or caller.has(RECOMMENDER, snapshot.unit_id)))
            or (snapshot.recommender_id is not None and snapshot.recommender_id == caller.user_id
                and caller.has(RECOMMENDER)))


def readable_snapshot(caller: Caller, snapshot: Snapshot | None) -> Snapshot:
    if snapshot is None:
        raise NotFound("snapshot_not_found", "该提交记录不存在")
    if not may_read_snapshot(caller, snapshot):
        raise Forbidden()
    return snapshot


def require_registrant(caller: Caller) -> None:
    caller.require(REGISTRANT)


def unit_of_new_draft(caller: Caller, wanted) -> int | None:
    """The unit a new draft belongs to: the one asked for, or the caller's only one."""
    units = sorted({g.unit_id for g in caller.grants if g.role == REGISTRANT}, key=lambda u: u or 0)
    if wanted is not None:
        if wanted not in units:
            raise invalid({"unit_id": "您不是该单位的成果登记人"})
        return wanted
    if len(units) > 1:
        raise invalid({"unit_id": "您是多个单位的成果登记人，请选择本成果所属单位"})
    return units[0]
