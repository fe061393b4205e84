"""The accounts service's entry points with nameko's worker_factory: real SQLite database,
no broker. What the gateway relies on: clean payloads, declared errors, events recorded."""
import dataclasses
import re

import pytest
import sqlalchemy as sa
from nameko.testing.services import worker_factory

from services.accounts.domain import ratelimit
from services.accounts.models import metadata
from services.accounts.service import MIGRATIONS, AccountsService
from services.accounts.settings import AccountsSettings
from services.common.errors import (Conflict, Forbidden, Gone, InvalidInput, Locked, NotAuthenticated,
                                    TooManyRequests)
from tests.support.local_database import LocalDatabase


@pytest.fixture
def service(tmp_path):
    answers = {}
    svc = worker_factory(AccountsService,
                         db=LocalDatabase(tmp_path / "accounts.db", "accounts", MIGRATIONS, metadata),
                         settings=AccountsSettings(public_url="http://kj.test"))
    svc.captcha_issued = lambda captcha_id, answer: answers.__setitem__(captcha_id, answer)
    svc.answers = answers
    return svc


def captcha(svc):
    issued = svc.new_captcha()
    return {"captcha_id": issued["captcha_id"], "captcha_answer": svc.answers[issued["captcha_id"]]}


UNIT = {"name": "兰州测试研究所", "credit_code": "91350100M000100Y43", "nature": "科研院所",
        "address": "兰州市城关区", "admin_name": "李四", "admin_email": "li@example.com",
        "admin_mobile": "13912345678"}


def test_a_captcha_comes_as_a_png_and_answers_once(service):
    issued = service.new_captcha()
    import base64
    assert base64.b64decode(issued["png"]).startswith(b"\x89PNG")
    answer = {"captcha_id": issued["captcha_id"], "captcha_answer": service.answers[issued["captcha_id"]]}
    assert service.register_unit({**UNIT, **answer})["status"] == "pending"
    with pytest.raises(InvalidInput) as caught:
        service.register_unit({**UNIT, "credit_code": "911100001000080343", **answer})
    assert "captcha_answer" in caught.value.fields


def test_registering_a_unit_records_the_event_and_no_mail_yet(service):
    unit = service.register_unit({**UNIT, **captcha(service)})
    with service.db.engine.connect() as conn:
        events = conn.execute(sa.text("SELECT event_type, published_at FROM outbox")).all()
        mails = conn.execute(sa.text("SELECT count(*) FROM outgoing_messages")).scalar()
    assert [(e.event_type, e.published_at) for e in events] == [("unit_registered", None)]
    assert mails == 0 and unit["credit_code"] == UNIT["credit_code"]


def test_office_only_entry_points_check_the_caller_themselves(service):
    registrant = {"user_id": 7, "grants": [{"role": "registrant", "unit_id": None}]}
    with pytest.raises(NotAuthenticated):
        service.list_units(None)
    with pytest.raises(Forbidden):
        service.list_units(registrant)
    with pytest.raises(Forbidden):
        service.approve_unit(registrant, 1)
    office = {"user_id": 1, "grants": [{"role": "office", "unit_id": None}]}
    assert service.list_units(office)["total"] == 0
    with pytest.raises(InvalidInput):
        service.list_units(office, page="x")


def test_approval_grants_the_admin_role_and_queues_the_activation_mail(service):
    unit = service.register_unit({**UNIT, **captcha(service)})
    office = {"user_id": None, "grants": []}
    with pytest.raises(NotAuthenticated):
        service.approve_unit(office, unit["id"])
    with service.db.begin() as uow:  # an office user to decide
        uow.session.execute(sa.text(
            "INSERT INTO users (email, name, status, failed_logins, created_at) "
            "VALUES ('o@x.cn', '王', 'active', 0, CURRENT_TIMESTAMP)"))
    office = {"user_id": 1, "grants": [{"role": "office", "unit_id": None}]}
    assert service.approve_unit(office, unit["id"])["status"] == "approved"
    with service.db.engine.connect() as conn:
        mail = conn.execute(sa.text("SELECT recipient, subject, body FROM outgoing_messages")).one()
        types = [r[0] for r in conn.execute(sa.text("SELECT event_type FROM outbox ORDER BY id"))]
    assert mail.recipient == "li@example.com" and "账号激活" in mail.subject
    assert "http://kj.test/activate?token=" in mail.body
    assert types == ["unit_registered", "role_granted", "unit_approved"]


def an_approved_unit_admin(service):
    """The unit's admin, activated from the link the approval mailed: (caller, password)."""
    unit = service.register_unit({**UNIT, **captcha(service)})
    with service.db.begin() as uow:
        uow.session.execute(sa.text(
            "INSERT INTO users (email, name, status, failed_logins, created_at) "
            "VALUES ('o@x.cn', '王', 'active', 0, CURRENT_TIMESTAMP)"))
    service.approve_unit({"user_id": 1, "grants": [{"role": "office", "unit_id": None}]}, unit["id"])
    with service.db.engine.connect() as conn:
        body = conn.execute(sa.text("SELECT body FROM outgoing_messages")).scalar()
    token = re.search(r"token=([\w-]+)", body).group(1)
    assert service.activation_info(token) == {"name": "李四", "email": "li@example.com", "roles": ["unit_admin"]}
    form = {"id_type": "身份证", "id_number": "11010519491231002X", "id_valid_from": "2019-06-18",
            "id_valid_to": "长期", "password": PASSWORD, "password_confirm": PASSWORD}
    with pytest.raises(InvalidInput) as refused:
        service.activate(token, {**form, "captcha_id": "nope", "captcha_answer": "1"})
    assert refused.value.code == "captcha_wrong"
    assert service.activate(token, {**form, **captcha(service)})["email"] == "li@example.com"
    with pytest.raises(Gone):
        service.activate(token, {**form, **captcha(service)})
    logged = service.login({"email": "LI@example.com", "password": PASSWORD, **captcha(service)})
    return logged["user"], unit["id"], logged["token"]


PASSWORD = "Abc123!@"


def test_an_activated_admin_logs_in_sees_the_unit_and_assigns_a_registrant(service):
    admin, unit_id, token = an_approved_unit_admin(service)
    assert admin["grants"] == [{"role": "unit_admin", "unit_id": unit_id}]
    assert service.authenticate(token)["caller"] == admin
    assert service.get_unit(admin, unit_id)["status_label"] == "已通过"
    with pytest.raises(Forbidden):
        service.get_unit(admin, unit_id + 1)
    assert service.list_unit_registrants(admin, unit_id)["items"] == []
    assigned = service.assign_registrant(admin, unit_id, {"name": "王五", "email": "wu@example.com"})
    assert assigned["existing_account"] is False and assigned["status"] == "pending"
    listed = service.list_unit_registrants(admin, unit_id)["items"]
    assert [(r["email"], r["status"]) for r in listed] == [("wu@example.com", "pending")]
    service.assign_registrant(admin, unit_id, {"name": "赵六", "email": "liu@example.com"})
    found = service.list_unit_registrants(admin, unit_id, q="赵")
    assert (found["total"], [r["email"] for r in found["items"]]) == (1, ["liu@example.com"])
    second = service.list_unit_registrants(admin, unit_id, page=2, page_size=1)
    assert (second["total"], [r["email"] for r in second["items"]]) == (2, ["liu@example.com"])
    assert listed[0]["granted_at"].endswith("+00:00")   # aware UTC on SQLite too
    with pytest.raises(Conflict):
        service.assign_registrant(admin, unit_id, {"name": "王五", "email": "wu@example.com"})
    profile = service.get_profile(admin)
    assert profile["id_number_masked"] == "110105********002X" and profile["id_valid_to"] == "长期"
    assert service.logout(token)["revoked_token_hashes"]
    with pytest.raises(NotAuthenticated):
        service.authenticate(token)


def test_five_wrong_passwords_lock_the_account_even_though_each_login_is_refused(service):
    an_approved_unit_admin(service)
    limits = {**service.settings.rate_limits, "login_email": ratelimit.OFF}  # counted apart from lockout
    service.settings = dataclasses.replace(service.settings, rate_limits=limits)
    for _ in range(4):
        with pytest.raises(InvalidInput):
            service.login({"email": "li@example.com", "password": "Wrong1!x", **captcha(service)})
    with pytest.raises(Locked):
        service.login({"email": "li@example.com", "password": "Wrong1!x", **captcha(service)})
    with pytest.raises(Locked) as refused:
        service.login({"email": "li@example.com", "password": PASSWORD, **captcha(service)})
    assert refused.value.details["locked_until"].endswith("+00:00")


def test_the_notice_handlers_keep_their_queues():
    from nameko.containers import ServiceContainer
    from services.common.retrying_handler import EventHandler
    container = ServiceContainer(AccountsService, {"AMQP_URI": "memory://", "DB_URL": "sqlite://"})
    queues = set()
    for handler in container.entrypoints:
        if isinstance(handler, EventHandler):
            handler.setup()
            queues.add(handler.queue.name)
    assert queues == {"evt-registration-submitted--accounts.on_submitted",
                      *(f"evt-review-{kind}--accounts.on_{kind}"
                        for kind in ("opened", "forwarded", "returned", "withdrawn", "refused", "approved", "revoked",
                                     "publicity_started", "objected", "objection_dismissed"))}


def test_a_verification_code_proves_the_email_and_wrong_ones_are_counted(service):
    admin, _, _ = an_approved_unit_admin(service)
    with pytest.raises(InvalidInput):
        service.send_verification_code(admin, "fax")
    assert service.send_verification_code(admin, "email") == {"sent_to": "li@example.com", "expires_in": 600}
    with pytest.raises(TooManyRequests):
        service.send_verification_code(admin, "email")
    with service.db.engine.connect() as conn:
        body = conn.execute(sa.text("SELECT body FROM outgoing_messages WHERE subject LIKE '%邮箱验证码'")).scalar()
    code = re.search(r"验证码为：(\d{6})", body).group(1)
    with pytest.raises(InvalidInput) as refused:
        service.verify_code(admin, "email", "000000" if code != "000000" else "111111")
    assert refused.value.code == "code_wrong"
    with service.db.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT attempts FROM verification_codes")).scalar() == 1
    assert service.get_profile(admin)["email_verified"] is False
    assert service.verify_code(admin, "email", code) == {"verified": "email", "target": "li@example.com"}
    assert service.get_profile(admin)["email_verified"] is True
