"""The certificates service's entry points with nameko's worker_factory: a real SQLite database,
a local file store in a temporary folder and a fake registration service; no broker.

What matters: an approval issues one certificate however often its event is delivered, the
stored PDF never changes, and only the owner reads it while anyone with the code verifies it."""
import datetime as dt
import hashlib
import json
import os
import uuid

import pytest
import sqlalchemy as sa
from nameko.testing.services import worker_factory

from services.certificates.domain.checkcode import check_code
from services.certificates.models import metadata
from services.certificates.rendering import generate_development_identity, verify_pdf_signature
from services.certificates.service import MIGRATIONS, CertificatesService
from services.certificates.settings import CertificatesSettings
from services.common.errors import Forbidden, InvalidInput, NotFound
from services.common.file_store import LocalFileStore
from tests.support.catalogue import validate_event
from tests.support.documents import complete_document
from tests.support.local_database import LocalDatabase

OWNER = {"user_id": 9, "name": "王伟任", "grants": [{"role": "registrant", "unit_id": None}]}
STRANGER = {"user_id": 10, "name": "李四", "grants": [{"role": "registrant", "unit_id": None}]}
SECRET = "test-check-code-secret"


class FakeRegistration:
    """registration.snapshot_content, from snapshots the test submitted."""

    def __init__(self):
        self.snapshots, self.calls, self.down = {}, 0, False

    def snapshot_content(self, snapshot_id):
        self.calls += 1
        if self.down:
            raise ConnectionError("registration is not answering")
        return self.snapshots[snapshot_id]


@pytest.fixture(scope="module")
def identity():
    return generate_development_identity()


@pytest.fixture
def service(tmp_path, identity):
    key_pem, cert_pem = identity
    settings = CertificatesSettings(public_url="https://kj.test", key_pem=key_pem, cert_pem=cert_pem,
                                    check_code_secret=SECRET)
    db = LocalDatabase(tmp_path / "certificates.db", "certificates", MIGRATIONS, metadata)
    return worker_factory(CertificatesService, db=db,
                          files=LocalFileStore(str(tmp_path / "files")), registration=FakeRegistration(),
                          settings=settings)


def approved(service, draft_id=17, number="6202026Y0001", owner=OWNER) -> dict:
    """An `approved` event, its snapshot held by the fake registration service."""
    snapshot_id = draft_id + 100
    service.registration.snapshots[snapshot_id] = {
        "id": snapshot_id, "draft_id": draft_id, "form_id": "applied-2021", "category": "applied",
        "owner_id": owner["user_id"], "unit_id": None, "content": complete_document("applied")}
    return {"event_id": str(uuid.uuid4()), "type": "approved", "version": 1, "producer": "review",
            "occurred_at": dt.datetime.now(dt.timezone.utc).isoformat(),
            "data": {"case_id": 1, "draft_id": draft_id, "snapshot_id": snapshot_id,
                     "owner_id": owner["user_id"], "unit_id": None, "category": "applied",
                     "title": "高寒旱区马铃薯全程机械化关键装备研制与应用", "registration_number": number,
                     "registered_on": "2026-03-12"}}


def revoked(number="6202026Y0001") -> dict:
    return {"event_id": str(uuid.uuid4()), "type": "revoked", "version": 1, "producer": "review",
            "occurred_at": dt.datetime.now(dt.timezone.utc).isoformat(),
            "data": {"registration_number": number, "comment": "重复登记", "at": "2026-04-01T08:00:00+00:00"}}


def outbox(service) -> list[dict]:
    with service.db.engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT envelope FROM outbox ORDER BY id")).scalars().all()
    envelopes = [row if isinstance(row, dict) else json.loads(row) for row in rows]
    for envelope in envelopes:
        validate_event(envelope)  # the catalogue is the contract
    return envelopes


def stored_files(service) -> int:
    return sum(len(files) for _, _, files in os.walk(service.files.root))


def test_a_redelivered_approval_issues_one_certificate_with_the_same_sha256(service, identity):
    event = approved(service)
    service.on_approved(event)
    first = service.certificate_of_draft(OWNER, 17)
    service.on_approved(event)                                      # redelivered: same event_id
    service.on_approved({**approved(service), "event_id": str(uuid.uuid4())})  # same 登记号 again
    again = service.certificate_of_draft(OWNER, 17)
    assert again == first and service.registration.calls == 1 and stored_files(service) == 2
    assert [e["type"] for e in outbox(service)] == ["issued"]
    pdf = service.files.read(first["storage"]["pdf"])
    assert hashlib.sha256(pdf).hexdigest() == first["sha256"] == outbox(service)[0]["data"]["sha256"]
    assert verify_pdf_signature(pdf, [identity[1]])["valid"]
    assert service.files.read(first["storage"]["png"]).startswith(b"\x89PNG")
    assert first["check_code"] == check_code("6202026Y0001", SECRET)
    assert first["verify_url"] == f"https://kj.test/verify?number=6202026Y0001&code={first['check_code']}"
    assert [c["registration_number"] for c in service.list_mine(OWNER)] == ["6202026Y0001"]


def test_only_the_owner_reads_the_certificate_and_only_once_it_is_issued(service):
    with pytest.raises(NotFound) as caught:
        service.certificate_of_draft(OWNER, 17)
    assert caught.value.code == "certificate_not_found" and caught.value.message == "该成果尚未登记，暂无登记证书"
    service.on_approved(approved(service))
    with pytest.raises(Forbidden) as caught:
        service.certificate_of_draft(STRANGER, 17)
    assert "登记人" in caught.value.message
    assert service.list_mine(STRANGER) == []


def test_anyone_with_the_code_verifies_the_public_fields_and_nothing_about_people(service):
    service.on_approved(approved(service))
    code = check_code("6202026Y0001", SECRET)
    answer = service.verify("620 2026 Y 0001", code.lower())
    assert answer == {"registration_number": "6202026Y0001", "title": "高寒旱区马铃薯全程机械化关键装备研制与应用",
                      "category": "applied", "category_label": "应用技术类",
                      "units": ["甘肃省农业机械化技术推广总站", "甘肃某农机装备有限公司"],
                      "registered_on": "2026-03-12", "status": "valid", "status_label": "有效",
                      "revoked_on": None}
    with pytest.raises(NotFound) as wrong_code:
        service.verify("6202026Y0001", "AAAAAA" if code != "AAAAAA" else "BBBBBB")
    with pytest.raises(NotFound) as unknown:
        service.verify("6202026Y0002", check_code("6202026Y0002", SECRET))
    assert wrong_code.value.as_dict() == unknown.value.as_dict()
    with pytest.raises(InvalidInput) as missing:
        service.verify("6202026Y0001", "")
    assert set(missing.value.fields) == {"code"}


def test_a_revoked_registration_verifies_as_revoked_and_is_told_once(service):
    service.on_approved(approved(service))
    event = revoked()
    service.on_revoked(event)
    service.on_revoked(event)
    answer = service.verify("6202026Y0001", check_code("6202026Y0001", SECRET))
    assert answer["status"] == "revoked" and answer["revoked_on"] == "2026-04-01"
    assert service.certificate_of_draft(OWNER, 17)["status_label"] == "已注销"
    assert [(e["type"], e["data"].get("was_issued")) for e in outbox(service)] == [("issued", None),
                                                                                  ("revoked", True)]


def test_a_revocation_that_arrives_before_the_approval_stops_the_certificate(service):
    service.on_revoked(revoked())
    service.on_approved(approved(service))
    assert service.registration.calls == 0 and stored_files(service) == 0
    with pytest.raises(NotFound) as caught:
        service.certificate_of_draft(OWNER, 17)
    assert caught.value.code == "registration_revoked"
    assert [(e["type"], e["data"]["was_issued"]) for e in outbox(service)] == [("revoked", False)]


def test_when_registration_does_not_answer_the_certificate_is_issued_on_a_later_try(service):
    service.registration.down = True
    service.on_approved(approved(service))
    with pytest.raises(NotFound) as caught:
        service.certificate_of_draft(OWNER, 17)
    assert caught.value.code == "certificate_pending" and outbox(service) == []
    service.registration.down = False
    service.retry_pending()                                   # not due yet: 30 s after the first try
    assert service.registration.calls == 1
    with service.db.engine.begin() as conn:
        conn.execute(sa.text("UPDATE certificates SET next_attempt_at = :t"),
                     {"t": dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=1)})
    service.retry_pending()
    assert service.certificate_of_draft(OWNER, 17)["status"] == "valid"
    assert [e["type"] for e in outbox(service)] == ["issued"]
