"""单位管理员 through the gateway: their registrants (resend an activation mail, 停用 and 启用 a
registrant's role while the person keeps the account, who registered what)."""
import pytest
import sqlalchemy as sa

from tests.support.achievements import filled
from tests.support.client import (Person, activate_from_mail, approved_unit_admin, office_user,
                                  token_from_mail, unique_email)

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def office(system):
    return office_user(system)


def test_a_unit_admin_resends_an_activation_mail_and_the_earlier_link_stops_working(system, office):
    unit, admin = approved_unit_admin(system, office)
    email = unique_email("resend")
    user_id = admin.post(f"/api/v1/units/{unit['id']}/registrants",
                         {"name": "重发", "email": email}).json()["user_id"]
    first = token_from_mail(system.wait_mail(email, "账号激活"))
    again = admin.post(f"/api/v1/units/{unit['id']}/registrants/{user_id}/activation")
    assert again.status_code == 200, again.text
    second = system.wait_mail(email, "账号激活", count=2)
    assert "重新发送" in second["body"] and token_from_mail(second) != first
    assert Person(system).get(f"/api/v1/activation/{first}").status_code in (404, 410)
    registrant = activate_from_mail(system, email)
    assert registrant.get("/api/v1/me").status_code == 200
    done = admin.post(f"/api/v1/units/{unit['id']}/registrants/{user_id}/activation")
    assert done.status_code == 409 and done.json()["error"]["code"] == "already_activated"


def test_a_disabled_registrant_keeps_the_account_but_not_the_units_work_until_enabled(system, office):
    unit, admin = approved_unit_admin(system, office)
    email = unique_email("disabled")
    user_id = admin.post(f"/api/v1/units/{unit['id']}/registrants",
                         {"name": "停用者", "email": email}).json()["user_id"]
    registrant = activate_from_mail(system, email)
    draft = filled(registrant)
    assert registrant.post(f"/api/v1/achievements/{draft['id']}/submit").status_code == 200
    filled_before_disabled = filled(registrant)
    role = f"/api/v1/units/{unit['id']}/registrants/{user_id}/role"

    other_unit, other_admin = approved_unit_admin(system, office)
    assert other_admin.put(role, {"enabled": False}).status_code == 403
    assert registrant.put(role, {"enabled": False}).status_code == 403
    bad = admin.put(role, {"enabled": "no"})
    assert bad.status_code == 400 and "enabled" in bad.json()["error"]["fields"]
    assert admin.put(f"/api/v1/units/{unit['id']}/registrants/999999/role",
                     {"enabled": False}).status_code == 404

    disabled = admin.put(role, {"enabled": False})
    assert disabled.status_code == 200 and disabled.json()["role_enabled"] is False
    me = registrant.get("/api/v1/me")
    assert me.status_code == 200                                        # the account stays
    assert {"role": "registrant", "unit_id": unit["id"]} not in me.json()["grants"]
    assert registrant.post("/api/v1/achievements", {"category": "applied"}).status_code == 403
    # they still read their own registration and its progress, but work on none of the unit's
    assert registrant.get(f"/api/v1/achievements/{draft['id']}").status_code == 200
    other = filled_before_disabled
    saved = registrant.put(f"/api/v1/achievements/{other['id']}", {"version": other["version"], "sections": {}})
    assert saved.status_code == 403 and saved.json()["error"]["code"] == "role_disabled"
    assert registrant.post(f"/api/v1/achievements/{other['id']}/submit").status_code == 403
    assert registrant.post(f"/api/v1/achievements/{draft['id']}/copy").status_code == 403
    [row] = [r for r in admin.get(f"/api/v1/units/{unit['id']}/registrants").json()["items"]
             if r["user_id"] == user_id]
    assert row["role_enabled"] is False and row["disabled_at"]
    # who registered what: the unit still has the registration, by its registrant
    theirs = admin.get(f"/api/v1/unit/registrations?owner={user_id}").json()
    assert [c["draft_id"] for c in theirs["items"]] == [draft["id"]]
    assert admin.get("/api/v1/unit/registrations?owner=abc").status_code == 400

    assert admin.put(role, {"enabled": True}).json()["role_enabled"] is True
    assert {"role": "registrant", "unit_id": unit["id"]} in registrant.get("/api/v1/me").json()["grants"]
    assert registrant.post("/api/v1/achievements", {"category": "applied"}).status_code == 201
    with system.db("accounts").connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM users WHERE email = :e"), {"e": email}).scalar() == 1
