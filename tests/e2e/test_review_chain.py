"""The chain of review levels comes from configuration: with the 推荐单位 level switched on, a
unit's achievement goes unit admin → recommending department → office. The form's 推荐单位, when
it names a 推荐单位 account, sends the case to that one (a registrant without a unit too); each
reviewer lists what its level decided (已审核成果); the registrant's 登记进度 names the reviewers
only where REVIEW_TIMELINE_REVIEWER_NAMES allows it."""
import re
import subprocess
import sys

import pytest

from tests.support.achievements import MATERIALS, PDF, filled, new, recent, save, status_of, task_for, upload
from tests.support.client import (Person, activate_from_mail, office_user, signed_up_registrant, unique_email,
                                  unit_form)
from tests.support.system import BACKENDS, ROOT, System

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module", params=BACKENDS)
def system_with_recommender(request, tmp_path_factory):
    """The recommender level on, and reviewers' names in the registrant's 登记进度."""
    running = System(str(tmp_path_factory.mktemp("recommender")), request.param)
    running.env["REVIEW_RECOMMENDER_LEVEL"] = "true"
    running.env["REVIEW_TIMELINE_REVIEWER_NAMES"] = "true"
    yield running.up()
    running.down()


def test_with_the_recommender_level_on_a_case_passes_three_levels(system_with_recommender):
    system = system_with_recommender
    office = office_user(system)
    email = unique_email("city")
    made = subprocess.run([sys.executable, "-m", "services.accounts.cli", "create-office-user",
                           "--role", "recommender", "--name", "兰州市科技局", "--email", email],
                          cwd=ROOT, env=system.env, capture_output=True, text=True, timeout=60)
    assert made.returncode == 0, made.stderr
    recommender = activate_from_mail(system, email)

    visitor = Person(system)
    form = unit_form()
    unit = visitor.post("/api/v1/units", {**form, **visitor.captcha()}).json()
    office.post(f"/api/v1/units/{unit['id']}/approve")
    admin = activate_from_mail(system, form["admin_email"])
    registrant_email = unique_email("chain")
    admin.post(f"/api/v1/units/{unit['id']}/registrants", {"name": "测试1", "email": registrant_email})
    registrant = activate_from_mail(system, registrant_email)
    # 推荐范围: the city bureau recommends for this unit; another recommender, for none of it
    recommender_id = recommender.get("/api/v1/me").json()["user_id"]
    scoped = office.put(f"/api/v1/accounts/{recommender_id}/recommended-units", {"unit_ids": [unit["id"]]})
    assert scoped.status_code == 200, scoped.text
    assert {"role": "recommender", "unit_id": unit["id"], "enabled": True} in scoped.json()["roles"]
    assert office.put(f"/api/v1/accounts/{recommender_id}/recommended-units",
                      {"unit_ids": [999999]}).status_code == 400
    other_email = unique_email("othercity")
    assert office.post("/api/v1/accounts", {"name": "天水市科技局", "email": other_email,
                                            "role": "recommender"}).status_code == 201
    other = activate_from_mail(system, other_email)

    draft = filled(registrant)
    registrant.post(f"/api/v1/achievements/{draft['id']}/submit")
    case = task_for(admin, draft["id"])
    assert case["path"] == ["unit", "recommender", "office"]
    admin.post(f"/api/v1/review/cases/{case['case_id']}/approve")
    status_of(registrant, draft["id"], "待推荐单位审核")
    system.wait_mail(email, "新的待审核成果")
    task_for(recommender, draft["id"])
    assert draft["id"] not in [c["draft_id"] for c in other.get("/api/v1/review/tasks?page_size=100").json()["items"]]
    assert other.post(f"/api/v1/review/cases/{case['case_id']}/approve").status_code in (403, 409)
    assert other.get(f"/api/v1/review/cases/{case['case_id']}").status_code == 403
    assert other.get("/api/v1/reminders").json()["to_review"] == 0
    assert office.post(f"/api/v1/review/cases/{case['case_id']}/approve").status_code == 409
    assert recommender.post(f"/api/v1/review/cases/{case['case_id']}/approve").status_code == 200
    task_for(office, draft["id"])
    number = office.post(f"/api/v1/review/cases/{case['case_id']}/approve").json()["registration_number"]
    assert re.fullmatch(r"620\d{4}Y\d{4}", number)
    steps = registrant.get(f"/api/v1/achievements/{draft['id']}/timeline").json()["steps"]
    assert [s["by_role"] for s in steps] == ["registrant", "unit_admin", "recommender", "office"]


def filled_naming(person, recommender: str) -> dict:
    """A complete draft whose 成果概况 names `recommender` as its 推荐单位."""
    draft = new(person)
    document = recent("applied")
    document["overview"]["recommender"] = recommender
    saved = save(person, draft, document)
    assert saved.status_code == 200 and saved.json()["problems"] == [], saved.text
    for kind in MATERIALS["applied"]:
        assert upload(person, draft["id"], kind, f"{kind}.pdf", PDF).status_code == 201
    return person.get(f"/api/v1/achievements/{draft['id']}").json()


def submit(person, draft) -> None:
    answer = person.post(f"/api/v1/achievements/{draft['id']}/submit")
    assert answer.status_code == 200, answer.text


def new_recommender(system, office, name: str) -> Person:
    email = unique_email("bureau")
    made = office.post("/api/v1/accounts", {"name": name, "email": email, "role": "recommender"})
    assert made.status_code == 201, made.text
    person = activate_from_mail(system, email)
    person.email = email
    return person


def approved_unit_with_registrant(system, office):
    visitor, form = Person(system), unit_form()
    unit = visitor.post("/api/v1/units", {**form, **visitor.captcha()}).json()
    assert office.post(f"/api/v1/units/{unit['id']}/approve").status_code == 200
    admin = activate_from_mail(system, form["admin_email"])
    email = unique_email("named")
    assert admin.post(f"/api/v1/units/{unit['id']}/registrants", {"name": "测试2", "email": email}).status_code == 201
    return unit, admin, activate_from_mail(system, email)


def test_the_form_names_a_recommender_which_reviews_the_case_and_lists_it_among_its_decisions(
        system_with_recommender):
    system = system_with_recommender
    office = office_user(system)
    tianshui = new_recommender(system, office, "天水市科学技术局")
    lanzhou = new_recommender(system, office, "兰州市科学技术局")
    unit, admin, registrant = approved_unit_with_registrant(system, office)
    lanzhou_id = lanzhou.get("/api/v1/me").json()["user_id"]
    assert office.put(f"/api/v1/accounts/{lanzhou_id}/recommended-units", {"unit_ids": [unit["id"]]}).status_code == 200

    # a registrant without a unit names 天水 (written with a full-width space): 天水 reviews it first
    alone = signed_up_registrant(system)
    draft = filled_naming(alone, "天水市\u3000科学技术局")
    submit(alone, draft)
    status_of(alone, draft["id"], "待推荐单位审核")
    system.wait_mail(tianshui.email, "新的待审核成果")
    case = task_for(tianshui, draft["id"])
    assert case["path"] == ["recommender", "office"]
    page = tianshui.get(f"/api/v1/review/cases/{case['case_id']}").json()
    assert page["recommender_route"]["basis"] == "form" and page["recommender_route"]["basis_label"] == "表单所填推荐单位"
    assert page["can_act"] is True
    assert lanzhou.get(f"/api/v1/review/cases/{case['case_id']}").status_code == 403
    assert office.post(f"/api/v1/review/cases/{case['case_id']}/approve").status_code == 409
    assert tianshui.post(f"/api/v1/review/cases/{case['case_id']}/approve", {"comment": "同意推荐"}).status_code == 200
    status_of(alone, draft["id"], "待登记机构审核")

    # a unit in 兰州's 推荐范围 whose form names 天水: after the unit, 天水 reviews it, not 兰州
    named = filled_naming(registrant, "天水市科学技术局")
    submit(registrant, named)
    unit_case = task_for(admin, named["id"])
    assert admin.post(f"/api/v1/review/cases/{unit_case['case_id']}/approve").status_code == 200
    task_for(tianshui, named["id"])
    assert named["id"] not in [c["draft_id"] for c in lanzhou.get("/api/v1/review/tasks?page_size=100").json()["items"]]
    assert lanzhou.post(f"/api/v1/review/cases/{unit_case['case_id']}/approve").status_code == 403
    assert tianshui.post(f"/api/v1/review/cases/{unit_case['case_id']}/return",
                         {"comment": "请补充推荐意见"}).status_code == 200

    # the form names nobody of the system: the 推荐范围 rule, 兰州
    plain = filled_naming(registrant, "某某市科技局")
    submit(registrant, plain)
    plain_case = task_for(admin, plain["id"])
    assert admin.post(f"/api/v1/review/cases/{plain_case['case_id']}/approve").status_code == 200
    task_for(lanzhou, plain["id"])
    route = lanzhou.get(f"/api/v1/review/cases/{plain_case['case_id']}").json()["recommender_route"]
    assert (route["basis"], route["form_recommender"], route["names"]) == ("scope", "某某市科技局", ["兰州市科学技术局"])

    # 已审核成果: 天水's two decisions, searchable by decision; 兰州 has decided nothing yet
    history = tianshui.get("/api/v1/review/history?page_size=100").json()
    assert history["total"] == 2
    assert [(i["draft_id"], i["decision_label"], i["level"]) for i in history["items"]] == [
        (named["id"], "退回", "recommender"), (draft["id"], "通过", "recommender")]
    assert history["items"][1]["comment"] == "同意推荐" and history["items"][1]["status_label"] == "待登记机构审核"
    returned = tianshui.get("/api/v1/review/history?decision=return").json()
    assert [i["draft_id"] for i in returned["items"]] == [named["id"]]
    assert lanzhou.get("/api/v1/review/history").json()["total"] == 0
    bad = tianshui.get("/api/v1/review/history?decision=ok")
    assert bad.status_code == 400 and "decision" in bad.json()["error"]["fields"]
    assert alone.get("/api/v1/review/history").status_code == 403

    # names on (this system's setting): the registrant's 登记进度 says who reviewed
    timeline = alone.get(f"/api/v1/achievements/{draft['id']}/timeline").json()
    assert timeline["reviewer_names"] is True
    assert [(s["by_role"], s["by_name"]) for s in timeline["steps"]] == [
        ("registrant", ""), ("recommender", "天水市科学技术局")]


def test_by_default_the_registrants_timeline_shows_the_levels_but_not_the_reviewers_names(system):
    office = office_user(system)
    unit, admin, registrant = approved_unit_with_registrant(system, office)
    draft = filled(registrant)
    submit(registrant, draft)
    case = task_for(admin, draft["id"])
    assert admin.post(f"/api/v1/review/cases/{case['case_id']}/approve", {"comment": "同意"}).status_code == 200
    status_of(registrant, draft["id"], "待登记机构审核")
    timeline = registrant.get(f"/api/v1/achievements/{draft['id']}/timeline").json()
    assert timeline["reviewer_names"] is False
    assert [(s["by_role"], s["from_level"]) for s in timeline["steps"]] == [("registrant", None), ("unit_admin", "unit")]
    assert not any("by_name" in s for s in timeline["steps"])
    own_page = registrant.get(f"/api/v1/review/cases/{case['case_id']}").json()
    assert not any("by_name" in s for s in own_page["history"])
    admin_name = admin.get("/api/v1/me").json()["name"]
    assert admin_name not in registrant.get(f"/api/v1/achievements/{draft['id']}/timeline").text
    # the reviewers see who decided on the case page; 已审核成果 of the unit admin lists it
    assert [s.get("by_name") for s in admin.get(f"/api/v1/review/cases/{case['case_id']}").json()["history"]] == [
        "", admin_name]
    [item] = admin.get("/api/v1/review/history").json()["items"]
    assert (item["draft_id"], item["decision"], item["comment"], item["link"]) == (
        draft["id"], "approve", "同意", f"/review/{case['case_id']}")
