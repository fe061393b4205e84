"""Review, 登记号 and the timeline (manual §2.2.1 ④–⑤), end to end through the gateway."""
import datetime as dt
import re
import time
import uuid
from urllib.parse import urlencode

import eventlet
import pytest
from kombu import Connection, Exchange, Producer

from tests.support.achievements import status_of, submitted, task_for
from tests.support.client import (Person, activate_from_mail, office_user, signed_up_registrant,
                                  unit_form, unit_with_registrant)
from tests.support.events import SYNTHETIC, EventTap

pytestmark = pytest.mark.e2e
YEAR = dt.date.today().year


@pytest.fixture(scope="module")
def office(system):
    return office_user(system)


@pytest.fixture(scope="module")
def unit(system, office):
    """An approved unit with its admin and one registrant."""
    return unit_with_registrant(system, office)


def test_a_units_achievement_goes_unit_admin_then_office_and_is_registered(system, office, unit):
    tap = EventTap(system.amqp_uri, "review")  # every review event is checked against docs/events/
    registrant, admin = unit["registrant"], unit["admin"]
    draft = submitted(registrant)
    system.wait_mail(unit["admin_email"], "新的待审核成果")
    case = task_for(admin, draft["id"])
    assert case["status_label"] == "待单位审核"
    detail = admin.get(f"/api/v1/review/cases/{case['case_id']}").json()
    assert detail["snapshot"]["content"]["overview"]["title"] == draft["title"]
    attachment = detail["snapshot"]["attachments"][0]
    got = admin.get(f"/api/v1/review/cases/{case['case_id']}/attachments/{attachment['id']}")
    assert got.status_code == 200 and got.content.startswith(b"%PDF")

    assert registrant.post(f"/api/v1/review/cases/{case['case_id']}/approve").status_code == 403
    forwarded = admin.post(f"/api/v1/review/cases/{case['case_id']}/approve", {"comment": "同意报送"})
    assert forwarded.status_code == 200 and forwarded.json()["status_label"] == "待登记机构审核"
    status_of(registrant, draft["id"], "待登记机构审核")
    assert admin.post(f"/api/v1/review/cases/{case['case_id']}/approve").status_code == 409

    task_for(office, draft["id"])
    registered = office.post(f"/api/v1/review/cases/{case['case_id']}/approve", {"comment": "予以登记"})
    assert registered.status_code == 200, registered.text
    number = registered.json()["registration_number"]
    assert re.fullmatch(rf"620{YEAR}Y\d{{4}}", number)
    final = status_of(registrant, draft["id"], "审核通过")
    assert final["registration_number"] == number
    mail = system.wait_mail(unit["email"], "成果已登记")
    assert number in mail["body"]

    steps = registrant.get(f"/api/v1/achievements/{draft['id']}/timeline").json()["steps"]
    assert [s["action"] for s in steps] == ["submit", "forward", "approve"]
    assert [s["by_role"] for s in steps] == ["registrant", "unit_admin", "office"]
    assert steps[1]["comment"] == "同意报送" and all(s["at"] for s in steps)
    approved = tap.wait_for("approved", lambda d: d["draft_id"] == draft["id"])
    assert approved["data"]["registration_number"] == number
    assert [e["type"] for e in tap.seen if e["data"]["draft_id"] == draft["id"]] == ["opened", "forwarded", "approved"]
    tap.close()


def test_without_a_unit_the_office_reviews_first(system, office):
    registrant = signed_up_registrant(system)
    draft = submitted(registrant, "soft")
    case = task_for(office, draft["id"])
    assert case["level"] == "office" and case["unit_id"] is None
    number = office.post(f"/api/v1/review/cases/{case['case_id']}/approve").json()["registration_number"]
    assert re.fullmatch(rf"620{YEAR}R\d{{4}}", number)


def test_return_with_comments_edit_resubmit_and_approve(system, office, unit):
    registrant, admin = unit["registrant"], unit["admin"]
    draft = submitted(registrant)
    case = task_for(admin, draft["id"])
    no_comment = admin.post(f"/api/v1/review/cases/{case['case_id']}/return", {"comment": ""})
    assert no_comment.status_code == 400 and "comment" in no_comment.json()["error"]["fields"]
    unknown = admin.post(f"/api/v1/review/cases/{case['case_id']}/return", {
        "comment": "请补充", "section_comments": {"nowhere": "x"}})
    assert unknown.status_code == 400 and "section_comments.nowhere" in unknown.json()["error"]["fields"]
    returned = admin.post(f"/api/v1/review/cases/{case['case_id']}/return", {
        "comment": "请补充评价证书编号", "section_comments": {"evaluation": "证书编号缺失"}})
    assert returned.status_code == 200 and returned.json()["status_label"] == "退回修改"
    editable = status_of(registrant, draft["id"], "退回修改")
    assert editable["review_comments"]["sections"] == {"evaluation": "证书编号缺失"}
    mail = system.wait_mail(unit["email"], "成果被退回修改")
    assert "评价情况：证书编号缺失" in mail["body"] and "evaluation" not in mail["body"]
    assert registrant.get("/api/v1/reminders").json()["returned"] >= 1
    saved = registrant.put(f"/api/v1/achievements/{draft['id']}", {
        "version": editable["version"], "sections": {"evaluation": {
            **editable["content"]["evaluation"], "evaluation_certificate_number": "甘科验字〔2026〕第1号"}}})
    assert saved.status_code == 200
    again = registrant.post(f"/api/v1/achievements/{draft['id']}/submit").json()
    assert again["status_label"] == "待单位审核"
    second = task_for(admin, draft["id"])
    assert second["case_id"] != case["case_id"]
    admin.post(f"/api/v1/review/cases/{second['case_id']}/approve")
    task_for(office, draft["id"])
    office.post(f"/api/v1/review/cases/{second['case_id']}/approve")
    status_of(registrant, draft["id"], "审核通过")
    actions = [s["action"] for s in registrant.get(f"/api/v1/achievements/{draft['id']}/timeline").json()["steps"]]
    assert actions == ["submit", "return", "submit", "forward", "approve"]


def test_withdraw_while_pending_and_not_after_a_decision(system, office, unit):
    registrant, admin = unit["registrant"], unit["admin"]
    draft = submitted(registrant)
    case = task_for(admin, draft["id"])
    withdrawn = registrant.post(f"/api/v1/achievements/{draft['id']}/withdraw", {"comment": "补充材料"})
    assert withdrawn.status_code == 200 and withdrawn.json()["status_label"] == "已撤回"
    told = system.wait_mail(unit["admin_email"], "成果已被撤回")
    assert draft["title"] in told["body"] and "撤回说明：补充材料" in told["body"]
    status_of(registrant, draft["id"], "已撤回")
    late = admin.post(f"/api/v1/review/cases/{case['case_id']}/approve")
    assert late.status_code == 409
    again = registrant.post(f"/api/v1/achievements/{draft['id']}/submit").json()
    assert again["status_label"] == "待单位审核" and not again["repeated"]
    new_case = task_for(admin, draft["id"])
    admin.post(f"/api/v1/review/cases/{new_case['case_id']}/approve")
    task_for(office, draft["id"])
    office.post(f"/api/v1/review/cases/{new_case['case_id']}/approve")
    status_of(registrant, draft["id"], "审核通过")
    too_late = registrant.post(f"/api/v1/achievements/{draft['id']}/withdraw", {})
    assert too_late.status_code == 409


def test_withdrawing_and_deciding_at_the_same_moment_cannot_both_win(system, office, unit):
    registrant, admin = unit["registrant"], unit["admin"]
    for _ in range(3):
        draft = submitted(registrant)
        case = task_for(admin, draft["id"])
        pool = eventlet.GreenPool()  # both act on the version they saw
        withdraw = pool.spawn(registrant.post, f"/api/v1/achievements/{draft['id']}/withdraw",
                              {"version": case["version"]})
        approve = pool.spawn(admin.post, f"/api/v1/review/cases/{case['case_id']}/approve",
                             {"version": case["version"]})
        codes = sorted([withdraw.wait().status_code, approve.wait().status_code])
        assert codes == [200, 409], codes


def test_the_office_refuses_with_a_reason_and_revokes_a_registration(system, office):
    registrant = signed_up_registrant(system)
    draft = submitted(registrant)
    case = task_for(office, draft["id"])
    bad = office.post(f"/api/v1/review/cases/{case['case_id']}/refuse", {"reason": "nope", "comment": ""})
    assert bad.status_code == 400 and {"reason", "comment"} <= set(bad.json()["error"]["fields"])
    refused = office.post(f"/api/v1/review/cases/{case['case_id']}/refuse",
                          {"reason": "dispute", "comment": "存在权属争议"})
    assert refused.status_code == 200 and refused.json()["status_label"] == "不予登记"
    status_of(registrant, draft["id"], "不予登记")

    other = submitted(registrant, "basic")
    case = task_for(office, other["id"])
    number = office.post(f"/api/v1/review/cases/{case['case_id']}/approve").json()["registration_number"]
    assert registrant.post(f"/api/v1/review/cases/{case['case_id']}/revoke", {"reason": "x"}).status_code == 403
    revoked = office.post(f"/api/v1/review/cases/{case['case_id']}/revoke", {"reason": "发现抄袭"})
    assert revoked.status_code == 200 and revoked.json()["status_label"] == "已注销"
    status_of(registrant, other["id"], "已注销")
    found = office.get(f"/api/v1/review/search?number={number}").json()["items"]
    assert [c["status"] for c in found] == ["revoked"]


def test_reviewers_of_another_unit_and_registrants_are_refused(system, office, unit):
    draft = submitted(unit["registrant"])
    case = task_for(unit["admin"], draft["id"])
    stranger_form = unit_form()
    visitor = Person(system)
    other = visitor.post("/api/v1/units", {**stranger_form, **visitor.captcha()}).json()
    office.post(f"/api/v1/units/{other['id']}/approve")
    other_admin = activate_from_mail(system, stranger_form["admin_email"])
    assert draft["id"] not in [c["draft_id"] for c in other_admin.get("/api/v1/review/tasks").json()["items"]]
    assert other_admin.get(f"/api/v1/review/cases/{case['case_id']}").status_code == 403
    assert other_admin.post(f"/api/v1/review/cases/{case['case_id']}/approve").status_code == 403
    assert office.post(f"/api/v1/review/cases/{case['case_id']}/approve").status_code == 409  # not at office yet
    assert unit["admin"].get("/api/v1/reminders").json()["to_review"] >= 1


def test_two_review_instances_approving_200_cases_at_once_give_200_consecutive_numbers(system, office):
    system.add_instance("review")
    owner = office.get("/api/v1/me").json()["user_id"]
    exchange = Exchange("registration.events", type="topic", durable=True)
    base = 900000 + int(time.time()) % 50000 * 2
    with Connection(system.amqp_uri) as connection:
        producer = Producer(connection.channel(), exchange=exchange)
        for i in range(200):
            producer.publish({"event_id": str(uuid.uuid4()), "type": "submitted", "version": 1,
                              "occurred_at": dt.datetime.now(dt.timezone.utc).isoformat(),
                              "producer": "registration", "data": {
                                  "draft_id": base + i, "snapshot_id": base + i, "owner_id": owner,
                                  "unit_id": None, "category": "applied", "form_id": "applied-2021",
                                  "title": f"并发登记测试{i}", "first_level": "office",
                                  "submitted_at": dt.datetime.now(dt.timezone.utc).isoformat()}},
                             routing_key="submitted", declare=[exchange], delivery_mode=2,
                             headers=SYNTHETIC)
    deadline = time.time() + 60
    while True:
        listed = {c["case_id"]: c for page in (1, 2, 3) for c in office.get(
            f"/api/v1/review/tasks?q=并发登记测试&page_size=100&page={page}").json()["items"]}
        if len(listed) == 200 or time.time() > deadline:
            break
        time.sleep(0.5)
    cases = list(listed.values())
    assert len(cases) == 200
    pool = eventlet.GreenPool(32)
    results = list(pool.imap(lambda c: office.post(f"/api/v1/review/cases/{c['case_id']}/approve"), cases))
    assert all(r.status_code == 200 for r in results), [r.text for r in results if r.status_code != 200][:3]
    serials = sorted(int(r.json()["registration_number"][-4:]) for r in results)
    assert len(set(serials)) == 200 and serials == list(range(serials[0], serials[0] + 200))


def test_a_unit_admin_finds_every_registration_of_the_unit_in_every_state(system, office, unit):
    registrant, admin = unit["registrant"], unit["admin"]
    draft = submitted(registrant)
    case = task_for(admin, draft["id"])
    assert admin.post(f"/api/v1/review/cases/{case['case_id']}/return", {"comment": "请补充"}).status_code == 200
    found = admin.get("/api/v1/unit/registrations?status=returned&page_size=100").json()
    assert draft["id"] in [c["draft_id"] for c in found["items"]]
    assert all(c["unit_id"] == unit["id"] and c["status"] == "returned" for c in found["items"])
    by_title = admin.get("/api/v1/unit/registrations?" + urlencode({"q": draft["title"]})).json()
    assert [c["case_id"] for c in by_title["items"]] == [case["case_id"]]
    first = admin.get("/api/v1/unit/registrations?page=1&page_size=1").json()
    assert first["total"] >= 2 and len(first["items"]) == 1          # paged, never cut short
    other = unit_with_registrant(system, office)["admin"]
    assert draft["id"] not in [c["draft_id"] for c in other.get("/api/v1/unit/registrations?page_size=100").json()["items"]]
    assert registrant.get("/api/v1/unit/registrations").status_code == 403
    assert admin.get("/api/v1/unit/registrations?status=nonsense").status_code == 400


def _submitted_as(person, title: str, project_number: str, ip_number: str) -> dict:
    from tests.support.achievements import MATERIALS, PDF, new, recent, save, upload
    draft = new(person)
    document = recent("applied")
    document["overview"]["title"], document["project"]["project_number"] = title, project_number
    document["ip"]["ip_rows"][0]["number"] = ip_number
    saved = save(person, draft, document)
    assert saved.status_code == 200 and saved.json()["problems"] == [], saved.text
    for kind in MATERIALS["applied"]:
        assert upload(person, draft["id"], kind, f"{kind}.pdf", PDF).status_code == 201
    assert person.post(f"/api/v1/achievements/{draft['id']}/submit").status_code == 200
    return draft


def test_the_office_is_shown_registrations_that_look_like_the_one_it_reviews(system, office):
    owner, other_owner = signed_up_registrant(system), signed_up_registrant(system)
    tag = uuid.uuid4().hex[:6].upper()
    first = _submitted_as(owner, f"旱区玉米全膜双垄沟播技术研究与应用（{tag}）", f"26JR{tag}", f"ZL2026{tag}1.X")
    near = _submitted_as(other_owner, f"旱区玉米全膜双垄沟播技术研究与推广应用({tag})", "其他编号", "ZL999")
    same_ip = _submitted_as(other_owner, f"完全不同的成果名称{tag}", "另一编号", f"zl2026{tag.lower()}1.x")
    this = _submitted_as(owner, f"旱区玉米 全膜双垄沟播技术研究与应用({tag})", f"26jr{tag}", f"ZL2026{tag}1.X")
    case = task_for(office, this["id"])
    found = office.get(f"/api/v1/review/cases/{case['case_id']}/duplicates")
    assert found.status_code == 200, found.text
    by_draft = {d["draft_id"]: d for d in found.json()["items"]}
    assert by_draft[first["id"]]["reasons"][:2] == ["成果名称相同", "项目编号相同"]
    assert by_draft[first["id"]]["link"] == f"/review/{task_for(office, first['id'])['case_id']}"
    assert by_draft[near["id"]]["reasons"][0].startswith("成果名称相近")
    assert by_draft[same_ip["id"]]["reasons"] == [f"知识产权编号相同：ZL2026{tag}1.X"]
    assert this["id"] not in by_draft
    assert [d["draft_id"] for d in found.json()["items"]][0] == first["id"]   # the most alike first
    # the office's alone: the owner and a unit admin see none of it
    assert owner.get(f"/api/v1/review/cases/{case['case_id']}/duplicates").status_code == 403
