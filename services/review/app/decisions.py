"""Opening a case for each submission, and every decision on it."""
from __future__ import annotations

import datetime as dt

from services.common.errors import NotFound
from services.common.events import utcnow
from services.common.identity import Caller

from ..domain import workflow
from ..domain.case import PENDING
from . import store

CONSUMER = "review.submitted"


def open_for_submission(uow, settings, event: dict) -> None:
    """A `submitted` event from the registration service opens a case, once."""
    if not uow.first_time(CONSUMER, event["event_id"]):
        return
    data = event["data"]
    earlier = store.cases_of_draft(uow.session, data["draft_id"])
    if any(c.snapshot_id == data["snapshot_id"] for c in earlier):
        return
    outcome = workflow.open_case(
        settings.chain, draft_id=data["draft_id"], snapshot_id=data["snapshot_id"],
        owner_id=data["owner_id"], unit_id=data["unit_id"], category=data["category"],
        title=data.get("title") or "", at=dt.datetime.fromisoformat(data["submitted_at"]),
        earlier=earlier)
    case = store.insert(uow.session, outcome.case)
    store.record(uow, case.case_id, outcome.transition, outcome.events)


def decide(uow, settings, caller: Caller, case_id, action: str, data: dict) -> dict:
    """approve / return / refuse / revoke on a case, compare-and-set on its version."""
    data = data if isinstance(data, dict) else {}
    case = store.load(uow.session, case_id)
    at = utcnow()
    expected = data.get("version") if isinstance(data.get("version"), int) else None
    if action == "approve":
        outcome = workflow.approve(
            case, caller, at=at, comment=data.get("comment"), expected_version=expected,
            number_for=lambda category, year: settings.numbers.number(
                category, year, store.next_serial(uow.session, year, category)))
    elif action == "return":
        outcome = workflow.return_case(case, caller, at=at, comment=data.get("comment"),
                                       section_comments=data.get("section_comments"),
                                       expected_version=expected)
    elif action == "refuse":
        outcome = workflow.refuse(case, caller, at=at, reason=data.get("reason"),
                                  comment=data.get("comment"), expected_version=expected)
    else:
        outcome = workflow.revoke(case, caller, at=at, reason=data.get("reason"),
                                  expected_version=expected)
    store.save(uow.session, case, outcome.case)
    store.record(uow, case.case_id, outcome.transition, outcome.events)
    return outcome.case.to_dict()


def withdraw(uow, caller: Caller, draft_id, data: dict) -> dict:
    """撤回: the owner takes back the draft's pending case."""
    caller.require_login()
    cases = store.cases_of_draft(uow.session, draft_id) if isinstance(draft_id, int) else []
    mine = [c for c in cases if c.owner_id == caller.user_id]
    if not mine:
        raise NotFound("achievement_not_found", "该科技成果不存在")
    case = next((c for c in reversed(mine) if c.status == PENDING), mine[-1])
    data = data if isinstance(data, dict) else {}
    expected = data.get("version") if isinstance(data.get("version"), int) else None
    outcome = workflow.withdraw(case, caller, at=utcnow(), comment=data.get("comment"),
                                expected_version=expected)
    store.save(uow.session, case, outcome.case)
    store.record(uow, case.case_id, outcome.transition, outcome.events)
    return outcome.case.to_dict()
