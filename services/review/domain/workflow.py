"""The review of one submission as pure functions: open, approve (forward or register), return,
withdraw, refuse, revoke.

Each decision takes the case, the acting Caller and the inputs, checks who may act and the state
(access.py), then the inputs (inputs.py), and returns an Outcome (case.py). `at` is the moment of
the decision (aware, or naive UTC). `expected_version`, when given, is the case version the client
saw; the adapter must still store the new case with compare-and-set on the loaded version.

A resubmission after 退回修改 or 撤回 opens a new case for the new snapshot, starting again at the
first level: a case reviews exactly one frozen snapshot and its history never changes afterwards.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Callable, Iterable

from services.common.categories import CATEGORIES
from services.common.clock import CHINA, as_utc
from services.common.errors import Conflict, invalid
from services.common.identity import OFFICE, REGISTRANT, Caller

from . import inputs, publicity
from .access import acting_level, check_version, require_office, require_owner, require_pending, state_of
from .case import (APPROVE, APPROVED, EVENT_OF, FORWARD, PENDING, PUBLICITY, REFUSE, REFUSED, RETURN,
                   RETURNED, REVOKE, REVOKED, SUBMIT, WITHDRAW, WITHDRAWN, Event, Outcome, ReviewCase,
                   Transition, event_data)
from .levels import RECOMMENDER_LEVEL, ReviewChain, level, next_in
from .numbers import parse_number

_CLOSED = {APPROVED: "该成果已登记", REVOKED: "该成果的登记已注销", REFUSED: "该成果已被决定不予登记"}
NumberFor = Callable[[str, int], str]                # (category, year) -> 登记号, from the counter


def open_case(chain: ReviewChain, *, draft_id: int, snapshot_id: int, owner_id: int,
              unit_id: int | None, category: str, title: str, at: dt.datetime,
              recommender_id: int | None = None, earlier: Iterable[ReviewCase] = (),
              sections=None, form_recommender: str | None = None) -> Outcome:
    """A new case for a submitted snapshot, pending at the first level. `earlier`: the draft's
    previous cases; one still pending, registered, refused or revoked blocks a new case.
    `sections`: the form's section titles by key (a return's comments name them).
    `form_recommender`: the form's 推荐单位 as written; `recommender_id`: the 推荐单位 account it
    names (accounts matched it), which then reviews the case at the recommender level alone and
    takes a registrant without a unit there too; ignored while the level is off."""
    problems = {}
    if category not in CATEGORIES:
        problems["category"] = "成果类别应为应用技术类、基础理论类或软科学类"
    title = (title or "").strip()
    if not title:
        problems["title"] = "成果名称不能为空"
    if problems:
        raise invalid(problems)
    _check_reopen(earlier)
    path = chain.path(unit_id is not None, recommender_id is not None)
    named = recommender_id if RECOMMENDER_LEVEL in path else None
    case = ReviewCase(None, draft_id, snapshot_id, owner_id, unit_id, category, title, path,
                      level=path[0], opened_at=at, updated_at=at, recommender_id=named,
                      sections=inputs.section_titles(sections),
                      form_recommender=inputs.form_recommender(form_recommender))
    return Outcome(case, Transition(None, SUBMIT, owner_id, REGISTRANT, at, None, None, PENDING, path[0]))


def opened_event(case: ReviewCase, transition: Transition) -> tuple[str, dict]:
    """`opened`: where a new case waits and which 推荐单位 it goes to (docs/events/review.yaml)."""
    data = event_data(case, transition)
    data.update(path=list(case.path), recommender_id=case.recommender_id,
                form_recommender=case.form_recommender)
    return "opened", data


def approve(case: ReviewCase, caller: Caller, *, at: dt.datetime, number_for: NumberFor,
            comment: str | None = None, expected_version: int | None = None,
            publicity_rule: publicity.PublicityRule | None = None) -> Outcome:
    """审核通过: forwards to the next level, or at the office registers the achievement (or,
    with 公示 on, puts it in 公示中 first: publicity.py)."""
    here = acting_level(case, caller, expected_version)
    text, problems = inputs.optional_text(comment, "comment", "审核意见")
    inputs.raise_if(problems)
    after = next_in(case.path, here)
    if after is not None:
        return _decide(case, caller, here, FORWARD, at, text, status=PENDING, level=after)
    if publicity_rule is not None and publicity_rule.enabled:
        return publicity.start(case, caller, here, at, text, publicity_rule)
    registered_on = as_utc(at).astimezone(CHINA).date()  # a date in Beijing time
    number = number_for(case.category, registered_on.year)
    if parse_number(number).year != registered_on.year:
        raise ValueError(f"number_for returned {number!r} for the year {registered_on.year}")
    return _decide(case, caller, here, APPROVE, at, text, {"registration_number": number},
                   status=APPROVED, registration_number=number, registered_on=registered_on)


def return_case(case: ReviewCase, caller: Caller, *, at: dt.datetime, comment: str,
                section_comments: dict | None = None,
                expected_version: int | None = None) -> Outcome:
    """退回修改 by the reviewer at the current level: a comment is required; per-section comments
    ({section_key: comment}) are optional, on the form's sections where the case knows them, and
    go out with their titles (`section_titles`) for the people who read them."""
    here = acting_level(case, caller, expected_version)
    text, problems = inputs.required_text(comment, "comment", "退回意见")
    sections, bad = inputs.section_comments(section_comments, case.sections)
    inputs.raise_if({**problems, **bad})
    titles = {key: (case.sections or {}).get(key, key) for key in sections}
    return _decide(case, caller, here, RETURN, at, text,
                   {"section_comments": sections, "section_titles": titles}, status=RETURNED)


def refuse(case: ReviewCase, caller: Caller, *, at: dt.datetime, reason: str, comment: str,
           expected_version: int | None = None) -> Outcome:
    """不予登记, by the office at the office level, with one of REFUSAL_REASONS and a comment."""
    require_office(caller, "作出不予登记决定")
    here = acting_level(case, caller, expected_version)
    code, problems = inputs.refusal_reason(reason)
    text, bad = inputs.required_text(comment, "comment", "不予登记的说明")
    inputs.raise_if({**problems, **bad})
    details = {"reason": code, "reason_label": inputs.REFUSAL_REASONS[code]}
    return _decide(case, caller, here, REFUSE, at, text, details, status=REFUSED)


def withdraw(case: ReviewCase, caller: Caller, *, at: dt.datetime, comment: str | None = None,
             expected_version: int | None = None) -> Outcome:
    """撤回 by the owner while the case is pending (the reviewer at its level has not decided)."""
    require_owner(case, caller, "撤回")
    check_version(case, expected_version)
    require_pending(case, "撤回")
    text, problems = inputs.optional_text(comment, "comment", "撤回说明")
    inputs.raise_if(problems)
    return _decide(case, caller, case.level, WITHDRAW, at, text, status=WITHDRAWN, role=REGISTRANT)


def revoke(case: ReviewCase, caller: Caller, *, at: dt.datetime, reason: str,
           expected_version: int | None = None) -> Outcome:
    """注销登记 of a registered achievement, by the office, with a reason (fraud, infringement…)."""
    require_office(caller, "注销登记")
    check_version(case, expected_version)
    if case.status != APPROVED:
        code = "already_revoked" if case.status == REVOKED else "not_registered"
        message = "该成果已注销" if case.status == REVOKED else "只有已登记的成果可以注销"
        raise Conflict(code, message, details=state_of(case))
    text, problems = inputs.required_text(reason, "reason", "注销理由")
    inputs.raise_if(problems)
    details = {"reason": text, "registration_number": case.registration_number}
    return _decide(case, caller, case.level, REVOKE, at, text, details, status=REVOKED, role=OFFICE)


def _decide(case, caller, here, action, at, comment, details=None, role=None, **changes) -> Outcome:
    new = replace(case, version=case.version + 1, updated_at=at, **changes)
    transition = Transition(case.case_id, action, caller.user_id, role or level(here).role, at,
                            case.status, case.level, new.status, new.level, comment, dict(details or {}),
                            by_name=(caller.name or "")[:50])
    return Outcome(new, transition, (Event(EVENT_OF[action], event_data(new, transition)),))


def _check_reopen(earlier: Iterable[ReviewCase]) -> None:
    for old in earlier:
        if old.status in (PENDING, PUBLICITY):
            raise Conflict("already_under_review", "该成果正在审核中，不能重复提交", details=state_of(old))
        if old.status in _CLOSED:
            raise Conflict("closed", f"{_CLOSED[old.status]}，不能再次提交", details=state_of(old))

