"""The manual's account flows (§1), end to end through the gateway, on RabbitMQ, with mail
read from a real SMTP server. Each flow also tries its bad inputs."""
import datetime as dt

import pytest
import sqlalchemy as sa

from tests.support.client import (PASSWORD, Person, activate_from_mail, approved_unit_admin, make_id_number,
                                  office_user, register_unit, token_from_mail, unique_email, unit_form)

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def office(system):
    return office_user(system)


# 1 -------------------------------------------------------------------------------------
def test_a_unit_registers_the_office_approves_and_the_admin_activates_from_the_email(system, office):
    form, unit = register_unit(system)
    assert unit["status"] == "pending" and unit["status_label"] == "待审核"

    pending = office.get("/api/v1/units?status=pending").json()
    assert unit["id"] in [u["id"] for u in pending["items"]]

    approved = office.post(f"/api/v1/units/{unit['id']}/approve")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"

    mail = system.wait_mail(form["admin_email"], "账号激活")
    assert "单位管理员" in mail["body"] and mail["links"][0].startswith(system.url + "/activate?token=")
    admin = activate_from_mail(system, form["admin_email"])
    me = admin.get("/api/v1/me").json()
    assert {"role": "unit_admin", "unit_id": unit["id"]} in me["grants"]


def test_unit_registration_refuses_bad_codes_duplicates_and_a_wrong_captcha(system, office):
    visitor = Person(system)
    bad = unit_form(credit_code="91350100M000100Y44", admin_mobile="12345", admin_email="nope")
    response = visitor.post("/api/v1/units", {**bad, **visitor.captcha()})
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert fields["credit_code"] == "统一社会信用代码校验位不正确"
    assert set(fields) >= {"admin_mobile", "admin_email"}

    good = unit_form()
    wrong = visitor.post("/api/v1/units", {**good, "captcha_id": visitor.captcha()["captcha_id"],
                                           "captcha_answer": "0000x"})
    assert wrong.status_code == 400 and "captcha_answer" in wrong.json()["error"]["fields"]

    captcha = visitor.captcha()
    assert visitor.post("/api/v1/units", {**good, **captcha}).status_code == 201
    reused = visitor.post("/api/v1/units", {**unit_form(), **captcha})
    assert reused.status_code == 400 and "captcha_answer" in reused.json()["error"]["fields"]

    duplicate = visitor.post("/api/v1/units", {**unit_form(credit_code=good["credit_code"]),
                                               **visitor.captcha()})
    assert duplicate.status_code == 409 and duplicate.json()["error"]["code"] == "unit_exists"


def test_the_office_rejects_a_unit_with_a_reason_and_the_admin_is_told(system, office):
    form, unit = register_unit(system)
    assert office.post(f"/api/v1/units/{unit['id']}/reject", {}).status_code == 400
    rejected = office.post(f"/api/v1/units/{unit['id']}/reject", {"reason": "单位名称与信用代码不符"})
    assert rejected.status_code == 200 and rejected.json()["status_label"] == "未通过"
    mail = system.wait_mail(form["admin_email"], "未通过审核")
    assert "单位名称与信用代码不符" in mail["body"]
    again = office.post(f"/api/v1/units/{unit['id']}/approve")
    assert again.status_code == 409


def test_only_the_office_lists_and_approves_units(system, office):
    _, unit = register_unit(system)
    stranger = Person(system)
    assert stranger.get("/api/v1/units").status_code == 401
    _, admin = approved_unit_admin(system, office)
    assert admin.get("/api/v1/units").status_code == 403
    assert admin.post(f"/api/v1/units/{unit['id']}/approve").status_code == 403


# 2 -------------------------------------------------------------------------------------
def test_a_unit_admin_assigns_a_registrant_who_activates_and_an_existing_account_is_reused(system, office):
    unit, admin = approved_unit_admin(system, office)
    email = unique_email("registrant")
    assigned = admin.post(f"/api/v1/units/{unit['id']}/registrants", {"name": "测试1", "email": email})
    assert assigned.status_code == 201 and assigned.json()["existing_account"] is False
    mail = system.wait_mail(email, "账号激活")
    assert mail["body"].startswith("测试1，您好")
    registrant = activate_from_mail(system, email)
    assert {"role": "registrant", "unit_id": unit["id"]} in registrant.get("/api/v1/me").json()["grants"]

    # the same person at a second unit: the role is added, no second account
    unit2, admin2 = approved_unit_admin(system, office)
    again = admin2.post(f"/api/v1/units/{unit2['id']}/registrants", {"name": "测试1", "email": email})
    assert again.status_code == 201 and again.json()["existing_account"] is True
    assert again.json()["user_id"] == assigned.json()["user_id"]
    system.wait_mail(email, "已为您分配成果登记人账号")
    with system.db("accounts").connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM users WHERE email = :e"), {"e": email}).scalar() == 1

    duplicate = admin2.post(f"/api/v1/units/{unit2['id']}/registrants", {"name": "测试1", "email": email})
    assert duplicate.status_code == 409
    bad = admin.post(f"/api/v1/units/{unit['id']}/registrants", {"name": "", "email": "x@"})
    assert bad.status_code == 400 and set(bad.json()["error"]["fields"]) == {"name", "email"}
    # another unit's admin cannot assign into this unit, a registrant cannot assign at all
    assert admin2.post(f"/api/v1/units/{unit['id']}/registrants",
                       {"name": "某人", "email": unique_email("x")}).status_code == 403
    assert registrant.post(f"/api/v1/units/{unit['id']}/registrants",
                           {"name": "某人", "email": unique_email("x")}).status_code == 403


# 3 -------------------------------------------------------------------------------------
def test_a_registrant_without_a_unit_signs_up_after_agreeing_and_activates(system):
    visitor = Person(system)
    agreement = visitor.get("/api/v1/agreement").json()
    assert "注册协议" in agreement["title"] and agreement["version"]
    email = unique_email("self")
    body = {"entry": "registrant_without_unit", "agreed": True,
            "agreement_version": agreement["version"], "name": "王伟任", "email": email,
            "mobile": "13812345678"}
    not_agreed = visitor.post("/api/v1/signup", {**body, "agreed": False, **visitor.captcha()})
    assert not_agreed.status_code == 400 and "agreed" in not_agreed.json()["error"]["fields"]
    signed = visitor.post("/api/v1/signup", {**body, **visitor.captcha()})
    assert signed.status_code == 201, signed.text
    registrant = activate_from_mail(system, email)
    assert {"role": "registrant", "unit_id": None} in registrant.get("/api/v1/me").json()["grants"]
    with system.db("accounts").connect() as conn:
        consent = conn.execute(sa.text(
            "SELECT c.agreement_version FROM consents c JOIN users u ON u.id = c.user_id "
            "WHERE u.email = :e"), {"e": email}).scalar()
    assert consent == agreement["version"]
    # 已有账号的直接使用即可: the same address again is told to log in, and the account keeps one role
    again = visitor.post("/api/v1/signup", {**body, "name": "别人", **visitor.captcha()})
    assert again.status_code == 201 and again.json()["existing_account"] is True
    assert set(again.json()) == {"email", "existing_account"}           # nothing about the account
    system.wait_mail(email, "已为您增加成果登记人（无依托单位）角色")
    assert registrant.get("/api/v1/me").json()["grants"].count({"role": "registrant", "unit_id": None}) == 1
    # someone with another role (a unit's admin) signs up: the role is added to that account
    office = office_user(system)
    unit, admin = approved_unit_admin(system, office)
    admin_email = admin.get("/api/v1/me").json()["email"]
    added = visitor.post("/api/v1/signup", {**body, "email": admin_email, **visitor.captcha()})
    assert added.status_code == 201 and added.json()["existing_account"] is True
    grants = admin.get("/api/v1/me").json()["grants"]
    assert {"role": "registrant", "unit_id": None} in grants and {"role": "unit_admin", "unit_id": unit["id"]} in grants


# 4 -------------------------------------------------------------------------------------
def _signed_up(system):
    visitor = Person(system)
    email = unique_email("act")
    version = visitor.get("/api/v1/agreement").json()["version"]
    assert visitor.post("/api/v1/signup", {
        "entry": "registrant_without_unit", "agreed": True, "agreement_version": version,
        "name": "测试2", "email": email, "mobile": "13812345678", **visitor.captcha()}).status_code == 201
    return visitor, email, token_from_mail(system.wait_mail(email, "账号激活"))


def test_activation_checks_the_id_number_dates_password_and_captcha(system):
    visitor, email, token = _signed_up(system)
    info = visitor.get(f"/api/v1/activation/{token}").json()
    assert info == {"name": "测试2", "email": email, "roles": ["registrant"]}

    cases = [
        ({"id_number": "11010519491231002Y"}, "id_number"),
        ({"id_number": "620102" + "19800101" + "001" + "0"}, "id_number"),
        ({"id_valid_to": "2010-01-01"}, "id_valid_to"),
        ({"id_valid_from": "2030-01-01", "id_valid_to": "2020-01-01"}, "id_valid_from"),
        ({"password": "abc12345", "password_confirm": "abc12345"}, "password"),
        ({"password": "Abc123!@#$%^&", "password_confirm": "Abc123!@#$%^&"}, "password"),
        ({"password_confirm": "Abc123!@x"}, "password_confirm"),
        ({"captcha_answer": "99999"}, "captcha_answer"),
    ]
    for overrides, field in cases:
        overrides = dict(overrides)
        response = visitor.activate(token, overrides.pop("id_number", make_id_number()), **overrides)
        assert response.status_code == 400, (overrides, response.text)
        assert field in response.json()["error"]["fields"], (overrides, response.json())

    lower_x = "11010519491231002x"
    done = visitor.activate(token, lower_x, id_valid_to="长期")
    assert done.status_code == 200, done.text
    again = visitor.activate(token, make_id_number())
    assert again.status_code == 410 and again.json()["error"]["code"] == "link_used"
    with system.db("accounts").connect() as conn:
        row = conn.execute(sa.text("SELECT id_number, id_valid_to, status FROM users WHERE email=:e"),
                           {"e": email}).one()
    assert row.id_number == "11010519491231002X" and row.id_valid_to is None and row.status == "active"


def test_an_expired_activation_link_can_be_sent_again(system):
    visitor, email, token = _signed_up(system)
    with system.db("accounts").begin() as conn:
        conn.execute(sa.text("UPDATE link_tokens SET expires_at = :t WHERE user_id = "
                             "(SELECT id FROM users WHERE email = :e)"),
                     {"t": dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc), "e": email})
    expired = visitor.activate(token, make_id_number())
    assert expired.status_code == 410 and expired.json()["error"]["code"] == "link_expired"
    assert visitor.post(f"/api/v1/activation/{token}/resend").status_code == 202
    fresh = token_from_mail(system.wait_mail(email, "账号激活", count=2))
    assert fresh != token
    assert visitor.activate(fresh, make_id_number()).status_code == 200
    assert visitor.get("/api/v1/activation/not-a-token").status_code == 404


# 5 -------------------------------------------------------------------------------------
def test_login_logout_lockout_and_a_used_captcha(system):
    visitor, email, token = _signed_up(system)
    assert visitor.activate(token, make_id_number()).status_code == 200
    person = Person(system)
    captcha = person.captcha()
    ok = person.post("/api/v1/session", {"email": email, "password": PASSWORD, **captcha})
    assert ok.status_code == 201 and person.get("/api/v1/me").status_code == 200
    replay = Person(system).post("/api/v1/session", {"email": email, "password": PASSWORD, **captcha})
    assert replay.status_code == 400 and "captcha_answer" in replay.json()["error"]["fields"]

    assert person.delete("/api/v1/session").status_code == 200
    assert person.get("/api/v1/me").status_code == 401

    attacker = Person(system)
    for attempt in range(4):
        wrong = attacker.login(email, "Wrong123!")
        assert wrong.status_code == 400 and wrong.json()["error"]["code"] == "bad_credentials"
    locked = attacker.login(email, "Wrong123!")
    assert locked.status_code == 423
    assert attacker.login(email, PASSWORD).status_code == 423  # even the right password, for now
    assert "分钟" in locked.json()["error"]["message"]


def test_a_browser_session_needs_its_csrf_token_and_an_api_client_uses_a_bearer_token(system):
    visitor, email, token = _signed_up(system)
    assert visitor.activate(token, make_id_number()).status_code == 200
    browser = Person(system)
    assert browser.login(email).status_code == 201
    profile = browser.get("/api/v1/me/profile").json()
    no_csrf = browser.request("PUT", "/api/v1/me/profile", json=profile, headers={"X-CSRF-Token": "x"})
    assert no_csrf.status_code == 403 and no_csrf.json()["error"]["code"] == "csrf_failed"

    client = Person(system, bearer=True)
    assert client.login(email).status_code == 201
    assert client.get("/api/v1/me").json()["email"] == email


def test_forgotten_password_by_email_and_changing_it_ends_the_other_sessions(system):
    visitor, email, token = _signed_up(system)
    assert visitor.activate(token, make_id_number()).status_code == 200
    asker = Person(system)
    assert asker.post("/api/v1/password/forgot", {"email": email, **asker.captcha()}).status_code == 202
    unknown = asker.post("/api/v1/password/forgot", {"email": unique_email("nobody"), **asker.captcha()})
    assert unknown.status_code == 202  # says the same, whether or not the address exists
    reset_token = token_from_mail(system.wait_mail(email, "重置登录密码"))
    weak = asker.post("/api/v1/password/reset", {"token": reset_token, "password": "short",
                                                 "password_confirm": "short"})
    assert weak.status_code == 400 and "password" in weak.json()["error"]["fields"]
    new = "Xyz789#$"
    assert asker.post("/api/v1/password/reset", {"token": reset_token, "password": new,
                                                 "password_confirm": new}).status_code == 200
    assert asker.post("/api/v1/password/reset", {"token": reset_token, "password": new,
                                                 "password_confirm": new}).status_code == 400
    first, second = Person(system), Person(system)
    assert first.login(email, new).status_code == 201 and second.login(email, new).status_code == 201
    newer = "Qwe456&*"
    wrong_old = first.post("/api/v1/me/password", {"old_password": "nope", "password": newer,
                                                   "password_confirm": newer})
    assert wrong_old.status_code == 400 and "old_password" in wrong_old.json()["error"]["fields"]
    changed = first.post("/api/v1/me/password", {"old_password": new, "password": newer,
                                                 "password_confirm": newer})
    assert changed.status_code == 200
    assert first.get("/api/v1/me").status_code == 200
    assert second.get("/api/v1/me").status_code == 401


# 6 -------------------------------------------------------------------------------------
def test_verify_email_by_emailed_code_and_mobile_by_sms(system):
    visitor, email, token = _signed_up(system)
    assert visitor.activate(token, make_id_number()).status_code == 200
    person = Person(system)
    assert person.login(email).status_code == 201
    assert person.post("/api/v1/me/email/code").status_code == 202
    assert person.post("/api/v1/me/email/code").status_code == 429
    code = system.wait_mail(email, "邮箱验证码")["body"].split("验证码为：")[1][:6]
    assert person.post("/api/v1/me/email/verify", {"code": "000000" if code != "000000" else "111111"}
                       ).status_code == 400
    assert person.post("/api/v1/me/email/verify", {"code": code}).status_code == 200

    bad_mobile = person.post("/api/v1/me/mobile/code", {"mobile": "2381234567"})
    assert bad_mobile.status_code == 400 and "mobile" in bad_mobile.json()["error"]["fields"]
    assert person.post("/api/v1/me/mobile/code", {"mobile": "13987654321"}).status_code == 202
    with system.db("accounts").connect() as conn:  # the default SMS sender keeps it in the store
        sms = conn.execute(sa.text("SELECT body FROM outgoing_messages WHERE channel='sms' AND "
                                   "recipient='13987654321' ORDER BY id DESC")).scalar()
    sms_code = sms.split("验证码为")[1][:6]
    assert person.post("/api/v1/me/mobile/verify", {"code": sms_code}).status_code == 200
    profile = person.get("/api/v1/me/profile").json()
    assert profile["email_verified"] and profile["mobile_verified"] and profile["mobile"] == "13987654321"


# 7 -------------------------------------------------------------------------------------
def test_personal_info_is_saved_and_must_agree_with_the_id_number(system):
    visitor, email, token = _signed_up(system)
    id_number = make_id_number("19800315", sequence=123)  # 3rd-from-last digit odd: 男
    assert visitor.activate(token, id_number).status_code == 200
    person = Person(system)
    assert person.login(email).status_code == 201
    info = {"name": "测试2", "gender": "男", "birth_date": "1980-03-15", "nation": "汉族",
            "education": "博士研究生", "title": "研究员", "work_unit": "兰州大学",
            "address": "甘肃省兰州市城关区天水南路222号", "postcode": "730000", "phone": "0931-8912345"}
    wrong = person.put("/api/v1/me/profile", {**info, "gender": "女", "birth_date": "1981-01-01",
                                               "postcode": "7300"})
    assert wrong.status_code == 400
    assert set(wrong.json()["error"]["fields"]) == {"gender", "birth_date", "postcode"}
    saved = person.put("/api/v1/me/profile", info)
    assert saved.status_code == 200, saved.text
    again = person.get("/api/v1/me/profile").json()
    assert {k: again[k] for k in info} == info
    assert again["id_number_masked"] == id_number[:6] + "********" + id_number[-4:]


def test_nobody_reads_another_users_data(system, office):
    unit, admin = approved_unit_admin(system, office)
    other_unit, other_admin = approved_unit_admin(system, office)
    assert other_admin.get(f"/api/v1/units/{unit['id']}/registrants").status_code == 403
    assert other_admin.get(f"/api/v1/units/{unit['id']}").status_code == 403
    assert admin.get(f"/api/v1/units/{unit['id']}/registrants").status_code == 200
    assert office.get(f"/api/v1/units/{unit['id']}/registrants").status_code == 200


# 8 -------------------------------------------------------------------------------------
def test_the_first_office_account_comes_from_the_command_and_has_no_default_password(system, office):
    me = office.get("/api/v1/me").json()
    assert {"role": "office", "unit_id": None} in me["grants"]
    with system.db("accounts").connect() as conn:
        hashes = conn.execute(sa.text("SELECT password_hash FROM users WHERE email = :e"),
                              {"e": me["email"]}).scalar()
    assert hashes.startswith("$argon2")
