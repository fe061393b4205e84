"""The permission decisions of the review service: who may read, decide on or withdraw a case,
and the errors a wrong person or a wrong moment gets.

A unit admin reviews at the unit level, cases of their own unit only; a recommender at the
recommender level (the case's 推荐单位 when it names one); the office at the office level; the
owner may withdraw. Checks run in this order: logged in → a reviewer of this case at all
(Forbidden) → the version the client saw (Conflict `stale`) → the state (Conflict).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from services.common.errors import Conflict, Forbidden, NotFound
from services.common.identity import OFFICE, RECOMMENDER, UNIT_ADMIN, Caller

from .case import PENDING, STATUS_LABELS, WITHDRAWN, ReviewCase
from .levels import OFFICE_LEVEL, RECOMMENDER_LEVEL, UNIT_LEVEL, level


@dataclass(frozen=True)
class Reach:
    """Where a caller reviews at one level: the cases of `units` (None: every case at the level)
    and, at the recommender level, the cases whose form names this 推荐单位 account (`named`)."""
    units: frozenset[int] | None
    named: int | None = None


def may_read(case: ReviewCase, caller: Caller) -> bool:
    """The owner, the office, the case's unit admins and, on a path through the recommender
    level, the 推荐单位 the case goes to (_reviews_at)."""
    return (caller.user_id == case.owner_id or caller.has(OFFICE)
            or (case.unit_id is not None and caller.has(UNIT_ADMIN, case.unit_id))
            or (RECOMMENDER_LEVEL in case.path and _reviews_at(case, caller, RECOMMENDER_LEVEL)))


def require_reader(case: ReviewCase, caller: Caller) -> None:
    if not may_read(case, caller):
        raise Forbidden("not_your_case", "您没有查看该审核记录的权限")


def readable_history(cases: Sequence[ReviewCase], caller: Caller) -> Sequence[ReviewCase]:
    """A draft's cases (oldest first) when the caller may read its latest; else none."""
    return cases if cases and may_read(cases[-1], caller) else ()


def require_searcher(caller: Caller) -> None:
    """成果查询 over every registration is the office's."""
    caller.require(OFFICE)


def searchable_units(caller: Caller) -> frozenset[int]:
    """单位成果: a unit admin searches every registration of the units they administer."""
    units = caller.units_where(UNIT_ADMIN)
    if not units:
        caller.require(UNIT_ADMIN)    # 401 without a login, 403 for anyone else
    return frozenset(units)


def case_to_withdraw(cases: Sequence[ReviewCase], caller: Caller) -> ReviewCase:
    """Of a draft's cases (oldest first), the caller's pending one, else their latest; a draft
    that is not theirs is not found."""
    mine = [case for case in cases if case.owner_id == caller.user_id]
    if not mine:
        raise NotFound("achievement_not_found", "该科技成果不存在")
    return next((case for case in reversed(mine) if case.status == PENDING), mine[-1])


def reviewing_scope(caller: Caller) -> dict[str, Reach]:
    """Where the caller reviews, for the queries of task queues, reminders and 已审核成果:
    level → Reach. A 推荐单位 reviews the cases of the units it recommends for that name no
    推荐单位 of the system in their form, and the cases whose form names it (_reviews_at)."""
    scope: dict[str, Reach] = {}
    units = caller.units_where(UNIT_ADMIN)
    if units:
        scope[UNIT_LEVEL] = Reach(frozenset(units))
    if caller.has(RECOMMENDER):
        scope[RECOMMENDER_LEVEL] = Reach(frozenset(caller.units_where(RECOMMENDER)), caller.user_id)
    if caller.has(OFFICE):
        scope[OFFICE_LEVEL] = Reach(None)
    return scope


def require_reviewer(caller: Caller) -> dict[str, Reach]:
    """已审核成果 is for the reviewing roles (单位管理员, 推荐单位, 登记机构): their scope."""
    caller.require_login()
    scope = reviewing_scope(caller)
    if not scope:
        raise Forbidden("not_a_reviewer", "只有单位管理员、推荐单位和登记机构可以查看已审核成果")
    return scope


def levels_of(case: ReviewCase, caller: Caller) -> tuple[str, ...]:
    """The levels of this case's path at which the caller may act (usually one, or none)."""
    return tuple(key for key in case.path if _reviews_at(case, caller, key))


def can_act(case: ReviewCase, caller: Caller) -> bool:
    """True when the case waits for this caller now (their task queue, their reminders)."""
    return case.pending and case.level in levels_of(case, caller)


def acting_level(case: ReviewCase, caller: Caller, expected_version: int | None = None) -> str:
    """The level the caller decides at now, or the error that says why they cannot."""
    caller.require_login()
    mine = levels_of(case, caller)
    if not mine:
        other_unit = case.level == UNIT_LEVEL and caller.has(UNIT_ADMIN)
        raise Forbidden("forbidden", "只能审核本单位提交的成果" if other_unit else "您没有审核该成果的权限")
    check_version(case, expected_version)
    require_pending(case, "审核")
    if case.level in mine:
        return case.level
    if any(case.path.index(key) < case.path.index(case.level) for key in mine):
        raise Conflict("already_decided", f"本级已审核，该成果当前{level(case.level).pending_label}",
                       details=state_of(case))
    raise Conflict("not_your_level", f"该成果当前{level(case.level).pending_label}，尚未轮到{_role(mine[0])}审核",
                   details=state_of(case))


def sees_reviewer_names(case: ReviewCase, caller: Caller, registrant_policy: bool) -> bool:
    """Whether a case's page shows who (by name) decided: always to the case's reviewers (the
    office, the reviewers on its path); to its registrant only where the policy says so
    (REVIEW.timeline.reviewer_names, default off: the level, not the person)."""
    return registrant_policy or caller.has(OFFICE) or bool(levels_of(case, caller))


FORM_NAMED, UNIT_SCOPE = "form", "scope"


def recommender_route(case: ReviewCase) -> dict | None:
    """Which 推荐单位 a case goes to and why, for its page (None: no recommender level on its
    path). The form's 推荐单位 names an account (recommender_id): that one, because the form
    says so (表单所填推荐单位); else the 推荐单位 whose 推荐范围 holds the case's unit."""
    if RECOMMENDER_LEVEL not in case.path:
        return None
    if case.recommender_id is not None:
        return {"basis": FORM_NAMED, "basis_label": "表单所填推荐单位", "recommender_id": case.recommender_id,
                "name": case.form_recommender, "form_recommender": case.form_recommender}
    return {"basis": UNIT_SCOPE, "basis_label": "推荐范围", "recommender_id": None,
            "name": None, "form_recommender": case.form_recommender}


def require_office(caller: Caller, what: str) -> None:
    caller.require_login()
    if not caller.has(OFFICE):
        raise Forbidden("forbidden", f"只有登记机构可以{what}")


def require_owner(case: ReviewCase, caller: Caller, what: str) -> None:
    caller.require_login()
    if caller.user_id != case.owner_id:
        raise Forbidden("forbidden", f"只能{what}本人提交的成果")


def check_version(case: ReviewCase, expected_version: int | None) -> None:
    """The client acted on what it saw: a case changed since then is not decided blindly."""
    if expected_version is not None and int(expected_version) != case.version:
        raise Conflict("stale", f"该成果的状态已经变化（当前：{case.status_label}），请刷新后重试",
                       details=state_of(case))


def require_pending(case: ReviewCase, what: str) -> None:
    if case.pending:
        return
    label = STATUS_LABELS[case.status]
    if case.status == WITHDRAWN:
        raise Conflict("not_pending", f"该成果已撤回，不能{what}", details=state_of(case))
    raise Conflict("already_decided", f"该成果已审核（{label}），不能{what}", details=state_of(case))


def state_of(case: ReviewCase) -> dict:
    return {"status": case.status, "level": case.level, "version": case.version,
            "status_label": case.status_label}


def _reviews_at(case: ReviewCase, caller: Caller, key: str) -> bool:
    if key == UNIT_LEVEL:
        return case.unit_id is not None and caller.has(UNIT_ADMIN, case.unit_id)
    if key == RECOMMENDER_LEVEL:
        if case.recommender_id is not None:   # the form names a 推荐单位: it alone reviews here
            return case.recommender_id == caller.user_id and caller.has(RECOMMENDER)
        return case.unit_id is not None and caller.has(RECOMMENDER, case.unit_id)
    return key == OFFICE_LEVEL and caller.has(OFFICE)


def _role(key: str) -> str:
    return level(key).role_label
