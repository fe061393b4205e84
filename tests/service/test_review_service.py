"""The review service's entry points with nameko's worker_factory: a real SQLite database, the
events it emits read from its outbox; no broker.

What matters: a submission opens one case however often its event comes, each person decides
only where the rules let them, the office's approval gives consecutive 登记号, the owner may
withdraw while nobody has decided, and the timeline tells every step across resubmissions."""
import datetime as dt
import json
import uuid

import pytest
import sqlalchemy as sa
from nameko.testing.services import worker_factory

from services.common.clock import CHINA
from services.common.errors import Conflict, Forbidden, InvalidInput, NotAuthenticated, NotFound
from services.review.app.store import metadata
from services.review.service import MIGRATIONS, ReviewService
from services.review.settings import ReviewSettings
from tests.support.catalogue import validate_event
from tests.support.local_database import LocalDatabase

LANZHOU_UNIVERSITY, DUNHUANG_INSTITUTE = 11, 12
ZHANG = {"user_id": 7, "name": "张研究", "grants": [{"role": "registrant", "unit_id": LANZHOU_UNIVERSITY}]}
LI = {"user_id": 8, "name": "李自由", "grants": [{"role": "registrant", "unit_id": None}]}
WANG = {"user_id": 21, "name": "王科研处", "grants": [{"role": "unit_admin", "unit_id": LANZHOU_UNIVERSITY}]}
ZHAO = {"user_id": 22, "name": "赵科研处", "grants": [{"role": "unit_admin", "unit_id": DUNHUANG_INSTITUTE}]}
LIU = {"user_id": 41, "name": "刘登记", "grants": [{"role": "office", "unit_id": None}]}
YEAR = dt.datetime.now(CHINA).year


@pytest.fixture
def service(tmp_path):
    db = LocalDatabase(tmp_path / "review.db", "review", MIGRATIONS, metadata)
    return worker_factory(ReviewService, db=db, settings=ReviewSettings())


def submitted(draft_id=101, snapshot_id=None, owner=ZHANG, unit_id=LANZHOU_UNIVERSITY,
              category="applied", title="旱区玉米全膜双垄沟播技术") -> dict:
    """The registration service's `submitted` event."""
    event = {"event_id": str(uuid.uuid4()), "type": "submitted", "version": 1, "producer": "registration",
             "occurred_at": dt.datetime.now(dt.timezone.utc).isoformat(),
             "data": {"draft_id": draft_id, "snapshot_id": snapshot_id or draft_id + 400,
                      "owner_id": owner["user_id"], "unit_id": unit_id, "category": category,
                      "form_id": f"{category}-2021", "title": title,
                      "first_level": "unit" if unit_id else "office",
                      "submitted_at": dt.datetime.now(dt.timezone.utc).isoformat()}}
    validate_event(event)
    return event


def events(service) -> list[tuple[str, dict]]:
    """(type, data) of what the service emitted, each checked against the event catalogue."""
    with service.db.engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT envelope FROM outbox ORDER BY id")).scalars().all()
    envelopes = [row if isinstance(row, dict) else json.loads(row) for row in rows]
    for envelope in envelopes:
        validate_event(envelope)
    return [(e["type"], e["data"]) for e in envelopes]


def case_of(service, draft_id=101, reader=ZHANG) -> dict:
    return service.timeline(reader, draft_id)["current"]


def error(kind, call, *args):
    with pytest.raises(kind) as caught:
        call(*args)
    return caught.value


def test_a_submission_opens_one_case_however_often_its_event_comes(service):
    event = submitted()
    service.on_submitted(event)
    service.on_submitted(event)                                               # redelivered
    service.on_submitted({**event, "event_id": str(uuid.uuid4())})            # same snapshot again
    queue = service.queue(WANG, {})
    assert queue["total"] == 1 and queue["page"] == 1 and queue["page_size"] == 20
    case = queue["items"][0]
    assert (case["draft_id"], case["level"], case["status"], case["status_label"], case["path"]) == (
        101, "unit", "pending", "待单位审核", ["unit", "office"])
    assert case["opened_at"].endswith("+00:00") and case["version"] == 1
    assert service.queue(ZHAO, {})["total"] == 0 and service.queue(LIU, {})["total"] == 0
    service.on_submitted(submitted(draft_id=102, owner=LI, unit_id=None))
    assert [c["draft_id"] for c in service.queue(LIU, {})["items"]] == [102]
    opened = events(service)                       # once a case, however often its event came
    assert [(t, d["draft_id"], d["to_level"], d["recommender_id"]) for t, d in opened] == [
        ("opened", 101, "unit", None), ("opened", 102, "office", None)]


def test_the_unit_forwards_and_the_office_registers_with_consecutive_numbers(service):
    for draft_id, category in ((101, "applied"), (102, "applied"), (103, "soft")):
        service.on_submitted(submitted(draft_id=draft_id, category=category))
    numbers = []
    for draft_id in (101, 102, 103):
        case_id = case_of(service, draft_id)["case_id"]
        forwarded = service.decide(WANG, case_id, "approve", {"comment": "同意报送", "version": 1})
        assert (forwarded["level"], forwarded["status_label"], forwarded["version"]) == ("office", "待登记机构审核", 2)
        approved = service.decide(LIU, case_id, "approve", {"version": 2})
        assert (approved["status"], approved["status_label"]) == ("approved", "已登记")
        assert approved["registered_on"] == dt.datetime.now(CHINA).date().isoformat()
        numbers.append(approved["registration_number"])
    assert numbers == [f"620{YEAR}Y0001", f"620{YEAR}Y0002", f"620{YEAR}R0001"]
    told = events(service)
    assert [t for t, _ in told] == ["opened"] * 3 + ["forwarded", "approved"] * 3
    told = told[3:]
    assert told[1][1]["registration_number"] == numbers[0] and told[0][1]["comment"] == "同意报送"
    assert service.search(LIU, {"number": numbers[1].lower()})["items"][0]["draft_id"] == 102
    assert service.search(LIU, {"status": "approved"})["total"] == 3


def test_each_person_decides_only_where_the_rules_let_them(service):
    service.on_submitted(submitted())
    case_id = case_of(service)["case_id"]
    assert error(Forbidden, service.decide, ZHAO, case_id, "approve").message == "只能审核本单位提交的成果"
    assert error(Forbidden, service.decide, ZHANG, case_id, "approve").code == "forbidden"
    assert error(Conflict, service.decide, LIU, case_id, "approve").code == "not_your_level"
    assert error(Forbidden, service.decide, WANG, case_id, "refuse", {"reason": "other", "comment": "x"}
                 ).message == "只有登记机构可以作出不予登记决定"
    assert error(NotAuthenticated, service.decide, None, case_id, "approve")
    assert set(error(InvalidInput, service.decide, WANG, case_id, "delete").fields) == {"action"}
    assert error(Conflict, service.decide, WANG, case_id, "approve", {"version": 5}).code == "stale"
    assert error(NotFound, service.decide, WANG, 999, "approve").code == "case_not_found"
    assert error(Forbidden, service.get_case, ZHAO, case_id).code == "not_your_case"
    assert [t for t, _ in events(service)] == ["opened"]                      # no decision was made


def counts(reminders: dict) -> dict:
    by_kind = {k["kind"]: k["count"] for k in reminders["kinds"]}
    assert by_kind == {k: reminders[k] for k in by_kind} and sum(by_kind.values()) == reminders["total"]
    return {k: v for k, v in reminders.items() if k != "kinds"}


def test_a_return_needs_a_comment_and_a_refusal_a_reason(service):
    service.on_submitted(submitted(draft_id=101))
    service.on_submitted(submitted(draft_id=102, owner=LI, unit_id=None))
    first, second = case_of(service, 101)["case_id"], case_of(service, 102, LI)["case_id"]
    assert set(error(InvalidInput, service.decide, WANG, first, "return", {}).fields) == {"comment"}
    returned = service.decide(WANG, first, "return", {"comment": "请补充", "section_comments": {"overview": "改"}})
    assert (returned["status"], returned["status_label"]) == ("returned", "退回修改")
    assert set(error(InvalidInput, service.decide, LIU, second, "refuse", {"comment": "x"}).fields) == {"reason"}
    refused = service.decide(LIU, second, "refuse", {"reason": "duplicate", "comment": "已登记过"})
    assert refused["status_label"] == "不予登记"
    history = service.get_case(LI, second)["history"]
    assert [(s["action"], s["action_label"]) for s in history] == [("submit", "提交"), ("refuse", "不予登记")]
    assert history[1]["details"] == {"reason": "duplicate", "reason_label": "重复登记"}
    assert [t for t, _ in events(service)] == ["opened", "opened", "returned", "refused"]
    assert counts(service.reminders(ZHANG)) == {"to_review": 0, "returned": 1, "refused": 0, "objections": 0,
                                                "total": 1}
    assert counts(service.reminders(LI)) == {"to_review": 0, "returned": 0, "refused": 1, "objections": 0,
                                             "total": 1}
    [item] = service.reminder_items(LI, "refused")["items"]
    assert (item["title"], item["status_label"], item["link"]) == (refused["title"], "不予登记", "/achievements/102")
    [item] = service.reminder_items(ZHANG, "returned")["items"]
    assert item["link"] == "/achievements/101"
    assert service.reminder_items(ZHANG, "refused") == {"items": [], "total": 0, "page": 1, "page_size": 20}
    assert set(error(InvalidInput, service.reminder_items, ZHANG, "units").fields) == {"kind"}
    assert set(error(InvalidInput, service.reminder_items, ZHANG, "returned", 0).fields) == {"page"}


def test_the_owner_withdraws_while_nobody_has_decided(service):
    service.on_submitted(submitted())
    assert error(NotFound, service.withdraw, LI, 101).code == "achievement_not_found"
    assert error(NotFound, service.withdraw, ZHANG, "101").code == "achievement_not_found"
    assert counts(service.reminders(WANG)) == {"to_review": 1, "returned": 0, "refused": 0, "objections": 0,
                                               "total": 1}
    [item] = service.reminder_items(WANG, "to_review")["items"]
    assert item["link"] == f"/review/{item['case_id']}" and item["status_label"] == "待单位审核"
    withdrawn = service.withdraw(ZHANG, 101, {"comment": "需要修改", "version": 1})
    assert (withdrawn["status"], withdrawn["status_label"], withdrawn["version"]) == ("withdrawn", "已撤回", 2)
    assert error(Conflict, service.withdraw, ZHANG, 101).code == "not_pending"
    assert error(Conflict, service.decide, WANG, withdrawn["case_id"], "approve").code == "not_pending"
    assert service.queue(WANG, {})["total"] == 0 and service.reminders(WANG)["total"] == 0
    assert [t for t, _ in events(service)] == ["opened", "withdrawn"]


def test_the_timeline_tells_every_step_across_resubmissions(service):
    service.on_submitted(submitted(snapshot_id=501))
    first = case_of(service)["case_id"]
    service.decide(WANG, first, "return", {"comment": "请补充"})
    service.on_submitted(submitted(snapshot_id=502))
    second = case_of(service)["case_id"]
    service.decide(WANG, second, "approve", {"comment": "同意"})
    timeline = service.timeline(ZHANG, 101)
    assert timeline["draft_id"] == 101 and timeline["current"]["case_id"] == second != first
    assert timeline["current"]["status_label"] == "待登记机构审核"
    assert [(s["case_id"], s["action"], s["by_role"], s["comment"]) for s in timeline["steps"]] == [
        (first, "submit", "registrant", ""), (first, "return", "unit_admin", "请补充"),
        (second, "submit", "registrant", ""), (second, "forward", "unit_admin", "同意")]
    assert all(s["at"].endswith("+00:00") for s in timeline["steps"])
    assert service.timeline(LIU, 101) == timeline
    assert error(NotFound, service.timeline, ZHAO, 101).code == "no_timeline"
    assert error(NotFound, service.timeline, ZHANG, 999).code == "no_timeline"


def test_the_registrants_timeline_names_the_reviewers_only_where_the_policy_allows_it(tmp_path):
    """REVIEW.timeline.reviewer_names: off (the default) the registrant's 登记进度 and case page say
    the level only; on, the reviewer's name too. Reviewers see names on the case page either way."""
    assert ReviewSettings.from_config({}).reviewer_names is False
    assert ReviewSettings.from_config({"REVIEW": {"timeline": {"reviewer_names": "true"}}}).reviewer_names is True
    for policy in (False, True):
        db = LocalDatabase(tmp_path / f"review-{policy}.db", "review", MIGRATIONS, metadata)
        service = worker_factory(ReviewService, db=db, settings=ReviewSettings(reviewer_names=policy))
        service.on_submitted(submitted())
        case_id = case_of(service)["case_id"]
        service.decide(WANG, case_id, "approve", {"comment": "同意"})
        service.decide(LIU, case_id, "approve", {})
        for shown in (service.timeline(ZHANG, 101), service.timeline(LIU, 101)):
            assert shown["reviewer_names"] is policy
            assert [s["by_role"] for s in shown["steps"]] == ["registrant", "unit_admin", "office"]
            if policy:
                assert [s["by_name"] for s in shown["steps"]] == ["", "王科研处", "刘登记"]
            else:
                assert not any("by_name" in s for s in shown["steps"])
        own_page = service.get_case(ZHANG, case_id)
        assert own_page["reviewer_names"] is policy
        assert [s.get("by_name") for s in own_page["history"]] == (["", "王科研处", "刘登记"] if policy
                                                                   else [None, None, None])
        for reviewer in (WANG, LIU):
            assert [s["by_name"] for s in service.get_case(reviewer, case_id)["history"]] == ["", "王科研处", "刘登记"]
        assert not any("王科研处" in json.dumps(d, ensure_ascii=False) for _, d in events(service))   # never in events


CITY = {"user_id": 31, "name": "天水市科学技术局", "grants": [{"role": "recommender", "unit_id": None}]}


def test_the_form_names_a_recommender_which_then_reviews_the_case(tmp_path):
    """With the recommender level on, accounts is asked which 推荐单位 the form's text names: a
    registrant without a unit then starts there; a unit's case goes to it at that level."""
    from services.review.domain.levels import ReviewChain
    db = LocalDatabase(tmp_path / "review.db", "review", MIGRATIONS, metadata)
    service = worker_factory(ReviewService, db=db,
                             settings=ReviewSettings(chain=ReviewChain.from_config({"recommender": True})))
    service.accounts.recommender_named.side_effect = lambda text: (
        {"user_id": 31, "name": "天水市科学技术局"} if text == "天水市 科学技术局" else None)
    named = submitted(draft_id=102, owner=LI, unit_id=None)
    named["data"]["recommender"] = "天水市 科学技术局"
    service.on_submitted(named)
    unnamed = submitted(draft_id=103, owner=LI, unit_id=None)
    unnamed["data"]["recommender"] = "某某局"
    service.on_submitted(unnamed)
    service.on_submitted(submitted(draft_id=104, owner=LI, unit_id=None))        # blank: accounts not asked
    assert [c.args for c in service.accounts.recommender_named.call_args_list] == [("天水市 科学技术局",),
                                                                                  ("某某局",)]
    case = service.get_case(CITY, case_of(service, 102, LI)["case_id"])
    assert (case["path"], case["level"], case["can_act"]) == (["recommender", "office"], "recommender", True)
    assert case["recommender_route"] == {"basis": "form", "basis_label": "表单所填推荐单位", "recommender_id": 31,
                                         "name": "天水市 科学技术局", "form_recommender": "天水市 科学技术局"}
    assert [c["draft_id"] for c in service.queue(CITY, {})["items"]] == [102]
    assert case_of(service, 103, LI)["path"] == ["office"] == case_of(service, 104, LI)["path"]
    assert [(t, d["to_level"], d["recommender_id"]) for t, d in events(service)] == [
        ("opened", "recommender", 31), ("opened", "office", None), ("opened", "office", None)]
    forwarded = service.decide(CITY, case["case_id"], "approve", {"comment": "同意推荐"})
    assert forwarded["level"] == "office"
    [item] = service.history(CITY, {})["items"]
    assert (item["title"], item["decision_label"], item["comment"], item["status_label"]) == (
        "旱区玉米全膜双垄沟播技术", "通过", "同意推荐", "待登记机构审核")
