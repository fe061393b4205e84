"""The whole journey, as the manual tells it, for every category, with a unit and without:
draft → 填写检查 → submit → reviews → 登记号 → a printed certificate that anyone can verify,
with every step in the timeline and in the registrant's email."""
import re
import time
from urllib.parse import urlparse

import pytest
import requests

from tests.support.achievements import filled, status_of, task_for, wait_certificate
from tests.support.client import (Person, activate_from_mail, office_user, signed_up_registrant,
                                  unique_email, unit_form)

pytestmark = pytest.mark.e2e
LETTERS = {"applied": "Y", "basic": "J", "soft": "R"}
LABELS = {"applied": "应用技术类", "basic": "基础理论类", "soft": "软科学类"}


@pytest.fixture(scope="module")
def office(system):
    return office_user(system)


def unit_people(system, office):
    visitor = Person(system)
    form = unit_form()
    unit = visitor.post("/api/v1/units", {**form, **visitor.captcha()}).json()
    office.post(f"/api/v1/units/{unit['id']}/approve")
    admin = activate_from_mail(system, form["admin_email"])
    email = unique_email("journey")
    admin.post(f"/api/v1/units/{unit['id']}/registrants", {"name": "王伟任", "email": email})
    return admin, activate_from_mail(system, email), email


@pytest.mark.parametrize("category", ["applied", "basic", "soft"])
@pytest.mark.parametrize("with_unit", [True, False], ids=["with-unit", "without-unit"])
def test_from_draft_to_a_verifiable_certificate(system, office, category, with_unit):
    if with_unit:
        admin, registrant, email = unit_people(system, office)
    else:
        registrant = signed_up_registrant(system)
        email = registrant.get("/api/v1/me").json()["email"]
    draft = filled(registrant, category)
    check = registrant.post(f"/api/v1/achievements/{draft['id']}/check").json()
    assert check["verdict"] == "所有检查全部合格", check["problems"]
    assert registrant.get(f"/api/v1/achievements/{draft['id']}/certificate").status_code == 404
    registrant.post(f"/api/v1/achievements/{draft['id']}/submit")

    if with_unit:
        case = task_for(admin, draft["id"])
        assert admin.post(f"/api/v1/review/cases/{case['case_id']}/approve").status_code == 200
        system.wait_mail(email, "成果已通过审核并报送上级")
    case = task_for(office, draft["id"])
    number = office.post(f"/api/v1/review/cases/{case['case_id']}/approve").json()["registration_number"]
    assert re.fullmatch(rf"620\d{{4}}{LETTERS[category]}\d{{4}}", number)
    status_of(registrant, draft["id"], "审核通过")
    assert number in system.wait_mail(email, "成果已登记")["body"]

    certificate = wait_certificate(registrant, draft["id"])
    assert certificate["registration_number"] == number
    pdf = registrant.get(f"/api/v1/achievements/{draft['id']}/certificate.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert registrant.get(f"/api/v1/achievements/{draft['id']}/certificate.png").status_code == 200
    assert number in [c["registration_number"] for c in registrant.get("/api/v1/certificates").json()["items"]]

    steps = registrant.get(f"/api/v1/achievements/{draft['id']}/timeline").json()["steps"]
    expected = ["submit", "forward", "approve"] if with_unit else ["submit", "approve"]
    assert [s["action"] for s in steps] == expected

    # anyone, without logging in, by the QR code's link or by 登记号 + check code
    link = urlparse(certificate["verify_url"])
    public = requests.get(f"{system.url}/api/v1/verify?{link.query}", timeout=10).json()
    assert public["status"] == "valid" and public["title"] == draft["title"]
    assert public["category_label"] == LABELS[category]
    assert "completers" not in public and "id_number" not in str(public)


def test_a_revoked_registration_verifies_as_revoked(system, office):
    registrant = signed_up_registrant(system)
    draft = filled(registrant, "soft")
    registrant.post(f"/api/v1/achievements/{draft['id']}/submit")
    case = task_for(office, draft["id"])
    office.post(f"/api/v1/review/cases/{case['case_id']}/approve")
    certificate = wait_certificate(registrant, draft["id"])
    assert office.post(f"/api/v1/review/cases/{case['case_id']}/revoke",
                       {"reason": "发现剽窃他人成果"}).status_code == 200
    query = urlparse(certificate["verify_url"]).query
    deadline = time.time() + 15
    while time.time() < deadline:
        public = requests.get(f"{system.url}/api/v1/verify?{query}", timeout=10).json()
        if public.get("status") == "revoked":
            break
        time.sleep(0.1)
    assert public["status"] == "revoked"
    status_of(registrant, draft["id"], "已注销")
    system.wait_mail(registrant.get("/api/v1/me").json()["email"], "成果登记已注销")
    wrong = requests.get(f"{system.url}/api/v1/verify?number={certificate['registration_number']}&code=AAAAAA",
                         timeout=10)
    assert wrong.status_code == 404
