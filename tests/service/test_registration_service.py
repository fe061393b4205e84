"""The registration service's entry points with nameko's worker_factory: a real SQLite database,
the real form definitions, no broker.

What matters: a save is a compare-and-set on the 版本号, submit freezes one snapshot however
often it is sent, a draft is its registrant's alone while snapshots are read by their
reviewers, and the registrant's status follows the review events (once each, newest wins)."""
import json
import uuid

import pytest
import sqlalchemy as sa
from nameko.testing.services import worker_factory

from services.common.errors import Conflict, Forbidden, InvalidInput, NotAuthenticated, NotFound
from services.registration.app.store import metadata
from services.registration.domain.definitions import FormRegistry
from services.registration.service import MIGRATIONS, RegistrationService
from services.registration.settings import RegistrationSettings
from tests.support.catalogue import validate_event
from tests.support.local_database import LocalDatabase
from tests.support.registration_worker import OWNER, STRANGER, filled

UNIT_ADMIN = {"user_id": 11, "grants": [{"role": "unit_admin", "unit_id": 5}]}
OTHER_ADMIN = {"user_id": 12, "grants": [{"role": "unit_admin", "unit_id": 6}]}
OFFICE = {"user_id": 1, "grants": [{"role": "office", "unit_id": None}]}


@pytest.fixture(scope="module")
def registry():
    return FormRegistry.load()


@pytest.fixture
def service(tmp_path, registry):
    db = LocalDatabase(tmp_path / "registration.db", "registration", MIGRATIONS, metadata)
    # no registration window: the sample document was evaluated in 2021
    return worker_factory(RegistrationService, db=db, forms=registry,
                          settings=RegistrationSettings(window_months=0))


def outbox(service) -> list[dict]:
    with service.db.engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT envelope FROM outbox ORDER BY id"))
        return [json.loads(r.envelope) for r in rows]


def review_event(event_type: str, data: dict) -> dict:
    return {"event_id": uuid.uuid4().hex, "type": event_type, "producer": "review", "data": data}


def test_a_new_draft_starts_empty_on_the_latest_form_of_the_callers_unit(service):
    draft = service.create_draft(OWNER, {"category": "applied"})
    assert (draft["form_id"], draft["version"], draft["status"], draft["unit_id"]) == \
        ("applied-2021", 1, "editing", 5)
    assert draft["title"] == "（未填写成果名称）" and draft["content"] == {} and draft["editable"]
    assert [d["id"] for d in service.list_drafts(OWNER)["items"]] == [draft["id"]]
    assert service.list_drafts(STRANGER)["items"] == []
    with pytest.raises(InvalidInput) as caught:
        service.create_draft(OWNER, {"category": "poetry"})
    assert "category" in caught.value.fields
    with pytest.raises(InvalidInput) as caught:
        service.create_draft(OWNER, {"category": "applied", "unit_id": 6})
    assert "unit_id" in caught.value.fields
    with pytest.raises(Forbidden):
        service.create_draft(OFFICE, {"category": "applied"})
    with pytest.raises(NotAuthenticated):
        service.create_draft(None, {"category": "applied"})


def test_a_save_on_a_stale_version_gets_409_with_the_current_content(service):
    draft = service.create_draft(OWNER, {"category": "applied"})
    saved = service.save_draft(OWNER, draft["id"], 1, {"overview": {"title": "测试成果", "end_date": "2021-13"}})
    assert saved["version"] == 2 and saved["saved_sections"] == ["overview"]
    assert [p["field"] for p in saved["problems"]] == ["end_date"]
    with pytest.raises(Conflict) as caught:
        service.save_draft(OWNER, draft["id"], 1, {"overview": {"title": "另一个"}})
    assert caught.value.code == "version_conflict"
    assert caught.value.details == {"current_version": 2, "content": {"overview": {"title": "测试成果"}}}
    listed = service.list_drafts(OWNER)["items"][0]
    assert (listed["title"], listed["version"]) == ("测试成果", 2)
    with pytest.raises(InvalidInput):
        service.save_draft(OWNER, draft["id"], True, {"overview": {}})
    with pytest.raises(InvalidInput):
        service.save_draft(OWNER, draft["id"], 2, {})


def test_the_check_names_every_problem_and_passes_a_complete_draft(service):
    empty = service.create_draft(OWNER, {"category": "applied"})
    checked = service.check_draft(OWNER, empty["id"])
    assert not checked["passed"] and not checked["can_submit"] and checked["verdict"] == "检查未通过"
    draft = filled(service)
    assert service.check_draft(OWNER, draft["id"]) == {
        "passed": True, "can_submit": True, "verdict": "所有检查全部合格", "problems": []}
    with pytest.raises(InvalidInput) as caught:
        service.submit_draft(OWNER, empty["id"])
    assert caught.value.code == "check_failed"


def test_submit_freezes_one_snapshot_however_often_it_is_sent(service):
    draft = filled(service)
    first = service.submit_draft(OWNER, draft["id"], "req-1")
    assert (first["status"], first["status_label"], first["repeated"]) == ("unit_review", "待单位审核", False)
    assert not first["editable"] and first["submitted_at"]
    again = service.submit_draft(OWNER, draft["id"], "req-1")
    assert (again["snapshot_id"], again["repeated"]) == (first["snapshot_id"], True)
    retried = service.submit_draft(OWNER, draft["id"])  # no request id: same version under review
    assert (retried["snapshot_id"], retried["repeated"]) == (first["snapshot_id"], True)
    with pytest.raises(Conflict) as caught:
        service.submit_draft(OWNER, draft["id"], "req-2")
    assert caught.value.code == "not_editable"
    with pytest.raises(Conflict):
        service.save_draft(OWNER, draft["id"], draft["version"], {"summary": {"summary": "改"}})
    with pytest.raises(Conflict) as caught:
        service.delete_draft(OWNER, draft["id"])
    assert caught.value.code == "was_submitted"
    events = outbox(service)
    assert [e["type"] for e in events] == ["submitted"]
    validate_event(events[0])
    assert events[0]["data"]["snapshot_id"] == first["snapshot_id"]
    assert events[0]["data"]["first_level"] == "unit" and events[0]["data"]["title"] == draft["title"]


def test_a_draft_is_its_registrants_alone(service):
    draft = filled(service)
    attachment_id = draft["attachments"][0]["id"]
    for call in (lambda who: service.get_draft(who, draft["id"]),
                 lambda who: service.check_draft(who, draft["id"]),
                 lambda who: service.copy_draft(who, draft["id"]),
                 lambda who: service.form_pdf_input(who, draft["id"]),
                 lambda who: service.locate_attachment(who, draft["id"], attachment_id),
                 lambda who: service.delete_attachment(who, draft["id"], attachment_id),
                 lambda who: service.save_draft(who, draft["id"], draft["version"], {"summary": {}})):
        with pytest.raises(NotFound):
            call(STRANGER)
        with pytest.raises(NotFound):
            call(OFFICE)
    located = service.locate_attachment(OWNER, draft["id"], attachment_id)
    assert located["storage_key"] and located["kind"] == draft["attachments"][0]["kind"]


def test_a_snapshot_is_read_by_its_owner_its_unit_and_the_office_without_storage_keys(service):
    draft = filled(service)
    submitted = service.submit_draft(OWNER, draft["id"])
    snapshot_id = submitted["snapshot_id"]
    for reader in (OWNER, UNIT_ADMIN, OFFICE):
        snapshot = service.get_snapshot(reader, snapshot_id)
        assert snapshot["draft_id"] == draft["id"] and snapshot["content"] == draft["content"]
        assert all("storage_key" not in a for a in snapshot["attachments"])
    for outsider in (STRANGER, OTHER_ADMIN):
        with pytest.raises(Forbidden):
            service.get_snapshot(outsider, snapshot_id)
        with pytest.raises(Forbidden):
            service.locate_snapshot_attachment(outsider, snapshot_id, draft["attachments"][0]["id"])
    with pytest.raises(NotFound):
        service.get_snapshot(OFFICE, snapshot_id + 1)
    with pytest.raises(NotFound):
        service.locate_snapshot_attachment(OFFICE, snapshot_id, 999)
    located = service.locate_snapshot_attachment(OFFICE, snapshot_id, draft["attachments"][0]["id"])
    for_services = service.snapshot_content(snapshot_id)
    assert located in for_services["attachments"] and located["storage_key"]
    assert {k: v for k, v in for_services.items() if k != "attachments"} == \
        {k: v for k, v in service.get_snapshot(OFFICE, snapshot_id).items() if k != "attachments"}


def test_review_events_move_the_status_once_each_and_never_back(service):
    draft = filled(service)
    snapshot_id = service.submit_draft(OWNER, draft["id"])["snapshot_id"]
    ids = {"draft_id": draft["id"], "snapshot_id": snapshot_id}
    forwarded = review_event("forwarded", {**ids, "to_level": "office", "at": "2026-01-02T10:00:00+00:00"})
    service.on_forwarded(forwarded)
    assert service.get_draft(OWNER, draft["id"])["status"] == "office_review"
    older = review_event("forwarded", {**ids, "to_level": "recommender", "at": "2026-01-01T10:00:00+00:00"})
    service.on_forwarded(older)  # late: older than what the draft shows
    assert service.get_draft(OWNER, draft["id"])["status"] == "office_review"
    returned = review_event("returned", {**ids, "from_level": "office", "comment": "请补充",
                                         "section_comments": {"evaluation": "证书编号缺失"},
                                         "at": "2026-01-03T10:00:00"})
    service.on_returned(returned)
    shown = service.get_draft(OWNER, draft["id"])
    assert (shown["status"], shown["editable"]) == ("returned", True)
    assert shown["review_comments"] == {"comment": "请补充", "sections": {"evaluation": "证书编号缺失"},
                                        "by_level": "office"}
    service.on_forwarded(forwarded)  # the same event again: dropped
    assert service.get_draft(OWNER, draft["id"])["status"] == "returned"

    again = service.submit_draft(OWNER, draft["id"])
    assert again["snapshot_id"] != snapshot_id and not again["repeated"]
    service.on_approved(review_event("approved", {**ids, "registration_number": "6202026Y0001",
                                                  "registered_on": "2026-01-04"}))  # the old snapshot's
    assert service.get_draft(OWNER, draft["id"])["status"] == "unit_review"
    service.on_approved(review_event("approved", {
        "draft_id": draft["id"], "snapshot_id": again["snapshot_id"],
        "registration_number": "6202026Y0001", "registered_on": "2026-01-04"}))
    approved = service.get_draft(OWNER, draft["id"])
    assert (approved["status"], approved["registration_number"]) == ("approved", "6202026Y0001")
    assert approved["review_comments"] is None and approved["stage"] == "已登记"

    copy = service.copy_draft(OWNER, draft["id"])
    copy = service.get_draft(OWNER, copy["id"])
    assert (copy["status"], copy["version"], copy["attachments"]) == ("editing", 1, [])
    assert copy["title"] == draft["title"] and copy["content"] == draft["content"]
    problems = service.check_draft(OWNER, copy["id"])["problems"]
    assert "duplicate" in {p["code"] for p in problems}
    service.on_revoked(review_event("revoked", {"draft_id": draft["id"], "snapshot_id": again["snapshot_id"]}))
    assert service.get_draft(OWNER, draft["id"])["status"] == "revoked"


def test_attachments_count_against_the_allowance_and_go_with_a_deleted_draft(service):
    draft = service.create_draft(OWNER, {"category": "applied"})
    allowance = service.attachment_allowance(OWNER, draft["id"])
    assert allowance["remaining_bytes"] == allowance["total_limit"] == 200 * 2**20
    assert "evaluation_proof" in allowance["kinds"]
    meta = {"kind": "evaluation_proof", "filename": "a.pdf", "key": "k1", "sha256": "0" * 64,
            "size": 150 * 2**20, "content_type": "application/pdf"}
    added = service.add_attachment(OWNER, draft["id"], meta)
    assert added["kind_label"] == allowance["kinds"]["evaluation_proof"] and "storage_key" not in added
    assert service.attachment_allowance(OWNER, draft["id"])["max_file_bytes"] == 20 * 2**20
    with pytest.raises(InvalidInput) as caught:
        service.add_attachment(OWNER, draft["id"], {**meta, "key": "k2"})
    assert caught.value.code == "total_too_large"
    with pytest.raises(InvalidInput) as caught:
        service.add_attachment(OWNER, draft["id"], {**meta, "kind": "poem", "size": 1})
    assert "kind" in caught.value.fields
    service.add_attachment(OWNER, draft["id"], {**meta, "key": "k3", "size": 10})
    assert service.delete_attachment(OWNER, draft["id"], added["id"]) == {"storage_key": "k1", "orphaned": True}
    pdf_input = service.form_pdf_input(OWNER, draft["id"])
    assert pdf_input["draft"] and [a["filename"] for a in pdf_input["attachments"]] == ["a.pdf"]
    assert pdf_input["form"]["id"] == "applied-2021"
    assert service.delete_draft(OWNER, draft["id"]) == {"storage_keys": ["k3"]}
    with pytest.raises(NotFound):
        service.get_draft(OWNER, draft["id"])


def test_forms_and_code_tables(service):
    forms = service.list_forms()
    assert {f["category"] for f in forms if f["latest"]} == {"applied", "basic", "soft"}
    assert service.get_form("applied-2021")["category_label"] == "应用技术类"
    with pytest.raises(NotFound):
        service.get_form("nope")
    with pytest.raises(NotFound):
        service.get_code_table("nope")


def test_other_services_read_several_snapshots_at_once(service):
    first, second = filled(service), filled(service)
    ids = [service.submit_draft(OWNER, d["id"])["snapshot_id"] for d in (first, second)]
    many = service.snapshot_contents([*ids, ids[0], max(ids) + 100])
    assert sorted(many) == sorted(str(i) for i in ids)          # the unknown id is absent
    assert all(many[str(i)] == service.snapshot_content(i) for i in ids)
    for bad in ("1,2", [True], list(range(501)), [1.5]):
        with pytest.raises(InvalidInput) as raised:
            service.snapshot_contents(bad)
        assert "snapshot_ids" in raised.value.fields


def test_my_list_is_searched_by_title_filtered_by_status_and_paged(service):
    made = []
    for n in range(5):
        draft = service.create_draft(OWNER, {"category": "applied"})
        service.save_draft(OWNER, draft["id"], 1, {"overview": {"title": f"马铃薯收获机第{n}代" if n % 2 else f"旱作节水{n}"}})
        made.append(draft["id"])
    found = service.list_drafts(OWNER, q="马铃薯")
    assert (found["total"], {d["title"] for d in found["items"]}) == (2, {"马铃薯收获机第1代", "马铃薯收获机第3代"})
    first = service.list_drafts(OWNER, page=1, page_size=2)
    second = service.list_drafts(OWNER, page=3, page_size=2)
    assert first["total"] == 5 and len(first["items"]) == 2 and len(second["items"]) == 1
    assert service.list_drafts(OWNER, status="approved")["total"] == 0
    assert service.list_drafts(OWNER, status="editing")["total"] == 5
    with pytest.raises(InvalidInput) as caught:
        service.list_drafts(OWNER, status="nonsense")
    assert "status" in caught.value.fields
