"""A unit after its approval, through the gateway: its admin keeps 单位信息 (a new name or credit
code waits for the office, which approves or refuses it, and the admins are told by mail), hands
the admin role to one of the unit's registrants, and the office disables and enables the unit."""
import pytest

from tests.support.achievements import new, save
from tests.support.client import make_credit_code, office_user, unit_with_registrant
from tests.support.journeys import wait_until

pytestmark = pytest.mark.e2e

DETAILS = ("name", "credit_code", "nature", "address", "postcode")


@pytest.fixture
def made(system):
    office = office_user(system)
    return office, unit_with_registrant(system, office)


def details(person, unit_id) -> dict:
    unit = person.get(f"/api/v1/units/{unit_id}").json()
    return {k: unit[k] for k in DETAILS if unit[k] is not None}


def test_the_admin_keeps_the_details_and_a_new_name_waits_for_the_office(system, made):
    office, unit = made
    admin, path = unit["admin"], f"/api/v1/units/{unit['id']}"
    before = details(admin, unit["id"])
    moved = admin.put(path, {**before, "address": "兰州市安宁区北滨河西路", "postcode": "730070"})
    assert moved.status_code == 200, moved.text
    assert (moved.json()["address"], moved.json()["changes"]) == ("兰州市安宁区北滨河西路", [])

    renamed = admin.put(path, {**before, "name": "甘肃省更名研究院"})
    assert renamed.status_code == 200, renamed.text
    body = renamed.json()
    assert body["name"] == before["name"]        # not before the office approves
    assert body["address"] == before["address"]  # the form sent the old address: saved as sent
    change = body["changes"][0]
    assert (change["status"], change["old_name"], change["name"]) == ("pending", before["name"], "甘肃省更名研究院")

    reminders = office.get("/api/v1/reminders").json()
    assert reminders["unit_changes_pending"] >= 1
    waiting = office.get("/api/v1/reminders/unit_changes_pending?page_size=100").json()["items"]
    assert change["change_id"] in [i["change_id"] for i in waiting]
    listed = office.get("/api/v1/unit-changes?status=pending&page_size=100").json()["items"]
    assert change["change_id"] in [c["change_id"] for c in listed]

    refused = office.post(f"/api/v1/unit-changes/{change['change_id']}/decision", {"approve": False})
    assert refused.status_code == 400 and "reason" in refused.json()["error"]["fields"]
    approved = office.post(f"/api/v1/unit-changes/{change['change_id']}/decision", {"approve": True})
    assert approved.status_code == 200, approved.text
    assert admin.get(path).json()["name"] == "甘肃省更名研究院"
    mail = system.wait_mail(unit["admin_email"], "单位信息变更审核结果")
    assert "甘肃省更名研究院" in mail["body"]
    again = office.post(f"/api/v1/unit-changes/{change['change_id']}/decision", {"approve": True})
    assert (again.status_code, again.json()["error"]["code"]) == (409, "change_decided")


def test_a_credit_code_of_another_unit_and_bad_details_are_refused_naming_the_field(system, made):
    office, unit = made
    other = unit_with_registrant(system, office)
    admin, path = unit["admin"], f"/api/v1/units/{unit['id']}"
    before = details(admin, unit["id"])
    taken = admin.put(path, {**before, "credit_code": details(office, other["id"])["credit_code"]})
    assert taken.status_code == 409 and taken.json()["error"]["code"] == "unit_exists"
    assert "credit_code" in taken.json()["error"]["fields"]
    bad = admin.put(path, {**before, "credit_code": "91350100M000100Y44", "postcode": "7300"})
    assert bad.status_code == 400
    assert set(bad.json()["error"]["fields"]) == {"credit_code", "postcode"}
    assert details(admin, unit["id"]) == before   # nothing half-written
    # another unit's admin may not touch it
    assert other["admin"].put(path, {**before, "address": "别处"}).status_code == 403
    newer = admin.put(path, {**before, "credit_code": make_credit_code()}).json()["changes"]
    newest = admin.put(path, {**before, "credit_code": make_credit_code()}).json()["changes"]
    assert [c["status"] for c in newest[:2]] == ["pending", "withdrawn"]
    assert newest[1]["change_id"] == newer[0]["change_id"]


def test_the_admin_hands_the_role_to_a_registrant_of_the_unit(system, made):
    office, unit = made
    admin, registrant, path = unit["admin"], unit["registrant"], f"/api/v1/units/{unit['id']}"
    registrant_id = registrant.get("/api/v1/me").json()["user_id"]
    outsider = unit_with_registrant(system, office)["registrant"].get("/api/v1/me").json()["user_id"]
    refused = admin.post(f"{path}/admin", {"user_id": outsider})
    assert refused.status_code == 400 and "user_id" in refused.json()["error"]["fields"]

    handed = admin.post(f"{path}/admin", {"user_id": registrant_id})
    assert handed.status_code == 200, handed.text
    assert handed.json()["admin_email"] == unit["email"]
    assert registrant.get(f"{path}/registrants").status_code == 200   # the new admin
    assert admin.get(f"{path}/registrants").status_code == 403         # no longer
    roles = {(g["role"], g["unit_id"]) for g in registrant.get("/api/v1/me").json()["grants"]}
    assert {("unit_admin", unit["id"]), ("registrant", unit["id"])} <= roles
    system.wait_mail(unit["email"], "单位管理员")


def test_a_disabled_unit_has_nobody_acting_for_it_until_enabled(system, made):
    office, unit = made
    admin, registrant, path = unit["admin"], unit["registrant"], f"/api/v1/units/{unit['id']}"
    draft = new(registrant)
    no_reason = office.put(f"{path}/state", {"enabled": False})
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["error"]["fields"]
    disabled = office.put(f"{path}/state", {"enabled": False, "reason": "单位已注销"})
    assert disabled.status_code == 200, disabled.text
    assert (disabled.json()["enabled"], disabled.json()["disabled_reason"]) == (False, "单位已注销")

    assert admin.get(f"{path}/registrants").status_code == 403
    assert save(registrant, draft, {"overview": {"title": "停用后的修改"}}).status_code == 403
    assert registrant.get("/api/v1/me").json()["grants"] == []
    assert office.put(f"{path}/state", {"enabled": False, "reason": "again"}).status_code == 409

    assert office.put(f"{path}/state", {"enabled": True}).status_code == 200
    wait_until(lambda: admin.get(f"{path}/registrants").status_code == 200, 10, "the admin acts again")
    assert save(registrant, draft, {"overview": {"title": "启用后的修改"}}).status_code == 200
