"""The chain of review levels comes from configuration: with the 推荐单位 level switched on, a
unit's achievement goes unit admin → recommending department → office."""
import re
import subprocess
import sys

import pytest

from tests.support.achievements import filled, status_of, task_for
from tests.support.client import Person, activate_from_mail, office_user, unique_email, unit_form
from tests.support.system import ROOT, System

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def system_with_recommender(tmp_path_factory):
    running = System(str(tmp_path_factory.mktemp("recommender")), "sqlite")
    running.env["REVIEW_RECOMMENDER_LEVEL"] = "true"
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
