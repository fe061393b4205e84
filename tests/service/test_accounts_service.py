"""The accounts service's entry points with nameko's worker_factory: real SQLite database,
no broker. What the gateway relies on: clean payloads, declared errors, events recorded."""
import os

import pytest
import sqlalchemy as sa
from nameko.testing.services import worker_factory
from sqlalchemy.orm import sessionmaker

from services.accounts.models import metadata
from services.accounts.service import MIGRATIONS, AccountsService
from services.accounts.settings import AccountsSettings
from services.common import migrations
from services.common.engine import make_engine
from services.common.errors import Forbidden, InvalidInput, NotAuthenticated
from services.common.uow import unit_of_work


class LocalDatabase:
    """The `db` dependency over a local SQLite file, as DatabaseAccess presents it."""

    def __init__(self, path):
        self.engine = make_engine(f"sqlite:///{path}")
        migrations.upgrade(self.engine, MIGRATIONS, "accounts")
        self.factory = sessionmaker(bind=self.engine, expire_on_commit=False)

    def begin(self):
        return unit_of_work(self.factory, metadata, "accounts")


@pytest.fixture
def service(tmp_path):
    answers = {}
    svc = worker_factory(AccountsService, db=LocalDatabase(tmp_path / "accounts.db"),
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
