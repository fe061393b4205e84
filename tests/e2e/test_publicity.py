"""公示 and 异议 end to end, with 公示 switched on for the review service: the office's approval
puts a registration on the public 公示 list without a number; an objection (captcha, rate limit)
blocks its registration until the office resolves it; upheld → 不予登记 (存在争议); dismissed or
unopposed → registered by the system once the period is over, with its certificate."""
import datetime as dt
import itertools
import json
import time

import pytest
import sqlalchemy as sa

from tests.support import journeys as jr
from tests.support.achievements import save
from tests.support.client import Person

pytestmark = pytest.mark.e2e


# 公示 on in review; objections limited as in production (5 an hour per address) in accounts,
# the gateway behind a proxy (X-Forwarded-For), so each test objects from an address of its own
SETTINGS = {"review": {"PUBLICITY_ENABLED": "true", "PUBLICITY_POLL_SECONDS": "1"},
            "accounts": {"RATE_LIMIT_OBJECTION_IP": "5 per 3600"},
            "gateway": {"TRUST_FORWARDED_FOR": "true"}}


@pytest.fixture(scope="module")
def publicity_on(system):
    saved = dict(system.env)
    for program, settings in SETTINGS.items():
        system.stop(program)
        system.env.update(settings)
    system.start(*SETTINGS)
    try:
        yield system
    finally:
        for program in SETTINGS:
            system.stop(program)
        system.env.clear()
        system.env.update(saved)
        system.start(*SETTINGS)


ADDRESSES = itertools.count(1)


class Visitor(Person):
    """Someone on the public pages, from an address of their own (behind the proxy)."""

    def __init__(self, system):
        super().__init__(system)
        # one address each (TEST-NET-3): a random one could be an earlier visitor's, whose
        # objections this hour count against the limit
        self.address = f"203.0.113.{next(ADDRESSES)}"

    def post(self, path, json=None, **kw):
        return super().post(path, json, headers={"X-Forwarded-For": self.address, **(kw.pop("headers", None) or {})}, **kw)


@pytest.fixture(scope="module")
def cast(publicity_on):
    return jr.make_cast(publicity_on)


def consented(journey):
    draft = journey.owner.get(f"/api/v1/achievements/{journey.draft_id}").json()
    summary = {**draft["content"]["summary"], "public_consent": True}
    assert save(journey.owner, draft, {"summary": summary}).status_code == 200


def into_publicity(system, cast) -> jr.Journey:
    journey = jr.start(cast, with_unit=False)
    consented(journey)
    jr.submit(journey)
    case = jr.task(cast.office, journey)
    answer = cast.office.post(f"/api/v1/review/cases/{case['case_id']}/approve", {"comment": "同意公示"})
    assert answer.status_code == 200, answer.text
    assert (answer.json()["status"], answer.json()["registration_number"]) == ("publicity", None)
    jr.wait_until(lambda: any(i["case_id"] == journey.case_id for i in Person(system).get(
        f"/api/v1/public/publicity?q={journey.title[-7:-1]}").json()["items"]), 30, "on the 公示 list")
    return journey


def objection(system, visitor, case_id, **extra):
    body = {"case_id": case_id, "name": "张三", "contact": "13800000000",
            "reasons": "第二完成人并未参与该项研究。", **visitor.captcha(), **extra}
    return visitor.post("/api/v1/public/objections", body)


def period_over(system, case_id):
    """The 公示's last day moved to yesterday (what the calendar would do in a week)."""
    engine = system.db("review")
    try:
        with engine.begin() as conn:
            conn.execute(sa.text("UPDATE cases SET publicity_ends_on = :d WHERE id = :c"),
                         {"d": dt.date.today() - dt.timedelta(days=2), "c": case_id})
    finally:
        engine.dispose()


def case_status(cast, journey):
    return cast.office.get(f"/api/v1/review/cases/{journey.case_id}").json()


def test_an_objection_blocks_registration_until_dismissed_then_it_is_registered(publicity_on, cast):
    system = publicity_on
    journey = into_publicity(system, cast)
    assert journey.owner.get(f"/api/v1/achievements/{journey.draft_id}").json()["status_label"] == "公示中"
    system.wait_mail(journey.email, "成果进入公示")
    visitor = Visitor(system)
    filed = objection(system, visitor, journey.case_id)
    assert filed.status_code == 201 and filed.json()["status"] == "pending", filed.text
    assert cast.office.get("/api/v1/reminders").json()["objections"] >= 1
    system.wait_mail(cast.office_email, "公示异议待处理")
    period_over(system, journey.case_id)
    jr.wait_until(lambda: jr.rows(system, "review", "SELECT 1 FROM cases WHERE id = :c AND publicity_ends_on < :t",
                                  c=journey.case_id, t=dt.date.today()), 10, "period moved")
    time.sleep(3)                                   # the timer ran: the pending objection blocks
    assert case_status(cast, journey)["status"] == "publicity"
    listed = cast.office.get("/api/v1/objections?status=pending").json()["items"]
    mine = next(o for o in listed if o["case_id"] == journey.case_id)
    assert (mine["name"], mine["contact"]) == ("张三", "13800000000")
    done = cast.office.post(f"/api/v1/objections/{mine['objection_id']}/resolve",
                            {"decision": "dismiss", "comment": "经核实，异议不成立", "version": mine["case_version"]})
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "approved" and done.json()["registration_number"]
    journey.number = done.json()["registration_number"]
    jr.certificate(journey)
    steps = [s["action"] for s in journey.owner.get(f"/api/v1/achievements/{journey.draft_id}/timeline").json()["steps"]]
    assert steps[-4:] == ["publicize", "object", "dismiss", "conclude"]
    # the objector's name and contact never left the review service
    events = jr.outbox(system, "review")
    assert not any("13800000000" in json.dumps(e, ensure_ascii=False) for e in events)


def test_an_upheld_objection_refuses_the_registration(publicity_on, cast):
    system = publicity_on
    journey = into_publicity(system, cast)
    assert objection(system, Visitor(system), journey.case_id, contact="a@b.cn").status_code == 201
    mine = next(o for o in cast.office.get("/api/v1/objections?status=pending").json()["items"]
                if o["case_id"] == journey.case_id)
    upheld = cast.office.post(f"/api/v1/objections/{mine['objection_id']}/resolve",
                              {"decision": "uphold", "comment": "权属存在争议"})
    assert upheld.status_code == 200 and upheld.json()["status"] == "refused", upheld.text
    jr.wait_until(lambda: journey.owner.get(f"/api/v1/achievements/{journey.draft_id}").json()["status_label"]
                  == "不予登记", 30, "the draft refused")
    assert objection(system, Visitor(system), journey.case_id).status_code == 409   # no longer in 公示


def test_an_unopposed_publicity_is_registered_when_it_ends(publicity_on, cast):
    system = publicity_on
    journey = into_publicity(system, cast)
    period_over(system, journey.case_id)
    journey.number = jr.wait_until(lambda: case_status(cast, journey)["registration_number"], 30,
                                   "registered by the system")
    jr.certificate(journey)
    jr.wait_until(lambda: Person(system).get(f"/api/v1/public/achievements/{journey.number}").status_code == 200,
                  30, "on the public register")


def test_bad_objections_are_refused_naming_the_field_and_a_flood_is_limited(publicity_on, cast):
    system = publicity_on
    journey = into_publicity(system, cast)
    visitor = Visitor(system)
    missing = objection(system, visitor, journey.case_id, contact="")
    assert missing.status_code == 400 and "contact" in missing.json()["error"]["fields"]
    wrong = visitor.post("/api/v1/public/objections", {"case_id": journey.case_id, "name": "张三",
                                                       "contact": "a@b.cn", "reasons": "理由",
                                                       "captcha_id": "x", "captcha_answer": "0000"})
    assert wrong.status_code == 400 and "captcha_answer" in wrong.json()["error"]["fields"]
    before = len(cast.office.get("/api/v1/objections?page_size=100").json()["items"])
    statuses = [objection(system, visitor, journey.case_id).status_code for _ in range(6)]
    # 5 an hour from one address; the two refused above used up nothing (the form is read first)
    assert statuses == [201, 201, 201, 201, 201, 429], statuses
    after = cast.office.get("/api/v1/objections?page_size=100").json()["items"]
    assert len(after) - before == statuses.count(201)
