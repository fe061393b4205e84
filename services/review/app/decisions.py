"""Opening a case for each submission, and every decision on it."""
from __future__ import annotations

import datetime as dt

from services.common.clock import utcnow
from services.common.identity import Caller

from ..domain import access, inputs, workflow
from ..domain.case import Outcome, ReviewCase
from . import store
from .views import case_view

CONSUMER = "review.submitted"


def recommender_named(settings, accounts, event: dict) -> int | None:
    """The 推荐单位 account the form's 推荐单位 names (asked of accounts, outside any transaction),
    when the recommender level is on and the form names something; else None."""
    text = (event.get("data") or {}).get("recommender")
    if not settings.chain.has_recommender or not isinstance(text, str) or not text.strip():
        return None
    found = accounts.recommender_named(text)
    return found["user_id"] if found else None


def open_for_submission(uow, settings, event: dict, recommender_id: int | None = None) -> None:
    """A `submitted` event from the registration service opens a case, once, and tells where it
    waits (`opened`). `recommender_id`: the 推荐单位 account the form names (recommender_named)."""
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
        earlier=earlier, sections=data.get("sections"), recommender_id=recommender_id,
        form_recommender=data.get("recommender"))
    case = store.insert(uow.session, outcome.case)
    _record(uow, case.case_id, outcome, case)


def decide(uow, settings, caller: Caller, case_id, action, data) -> dict:
    """approve / return / refuse / revoke on a case, compare-and-set on its version."""
    action = inputs.decision_action(action)
    data = inputs.body(data)
    case = store.load(uow.session, case_id)
    at, expected = utcnow(), inputs.expected_version(data)
    if action == "approve":
        outcome = workflow.approve(case, caller, at=at, comment=data.get("comment"),
                                   expected_version=expected, number_for=number_for(uow, settings),
                                   publicity_rule=settings.publicity)
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
    return _save(uow, case, outcome)


def number_for(uow, settings):
    """The next 登记号 of a year and category, from the counter locked in this transaction."""
    return lambda category, year: settings.numbers.number(
        category, year, store.next_serial(uow.session, year, category))


def withdraw(uow, caller: Caller, draft_id, data) -> dict:
    """撤回: the owner takes back the draft's pending case."""
    case = access.case_to_withdraw(store.cases_of_draft(uow.session, draft_id), caller)
    data = inputs.body(data)
    outcome = workflow.withdraw(case, caller, at=utcnow(), comment=data.get("comment"),
                                expected_version=inputs.expected_version(data))
    return _save(uow, case, outcome)


def _save(uow, loaded: ReviewCase, outcome: Outcome) -> dict:
    store.save(uow.session, loaded, outcome.case)
    _record(uow, loaded.case_id, outcome)
    return case_view(outcome.case)


def _record(uow, case_id: int, outcome: Outcome, opened: ReviewCase | None = None) -> None:
    """The decision's history line and its events, in the decision's transaction (a case just
    opened: `opened`, now that it has its id)."""
    store.add_step(uow.session, case_id, outcome.transition)
    if opened is not None:
        uow.emit(*workflow.opened_event(opened, outcome.transition))
    for event in outcome.events:
        uow.emit(event.type, event.data)
