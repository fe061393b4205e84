"""Commands run once (services/common/commands.py), on a real SQLite database through the
registration and accounts services' entry points: a repeat of a command, redelivered with the
same request id or sent again with the same Idempotency-Key, answers the first answer and
changes nothing; a failure records nothing; a key is never another request's answer."""
import datetime as dt
import json

import pytest
import sqlalchemy as sa

from services.common import commands
from services.common.errors import Conflict, InvalidInput
from services.registration.app.store import metadata
from services.registration.domain.definitions import FormRegistry
from tests.support.commands import invoke
from tests.support.registration_worker import OWNER, STRANGER, filled, registration_worker


@pytest.fixture(scope="module")
def registry():
    return FormRegistry.load()


@pytest.fixture
def service(tmp_path, registry):
    return registration_worker(f"sqlite:///{tmp_path}/registration.db", registry)


def rows(service, sql):
    with service.db.engine.connect() as conn:
        return conn.execute(sa.text(sql)).all()


def test_a_redelivered_save_answers_the_first_answer_and_saves_once(service):
    draft = service.create_draft(OWNER, {"category": "applied"})
    sections = {"summary": {"summary": "第一次"}}
    first = invoke(service, "save_draft", OWNER, draft["id"], 1, sections, request_id="req-save-1")
    again = invoke(service, "save_draft", OWNER, draft["id"], 1, sections, request_id="req-save-1")
    assert again == first and first["version"] == 2
    assert service.get_draft(OWNER, draft["id"])["version"] == 2
    # a new request with the stale version is a real conflict
    with pytest.raises(Conflict) as caught:
        invoke(service, "save_draft", OWNER, draft["id"], 1, sections, request_id="req-save-2")
    assert caught.value.code == "version_conflict"


def test_one_request_id_with_other_arguments_is_another_request(service):
    """X-Request-ID alone never makes two different requests share an answer."""
    draft = service.create_draft(OWNER, {"category": "applied"})
    first = invoke(service, "save_draft", OWNER, draft["id"], 1, {"summary": {"summary": "甲"}},
                   request_id="same-id-1")
    second = invoke(service, "save_draft", OWNER, draft["id"], 2, {"summary": {"summary": "乙"}},
                    request_id="same-id-1")
    assert (first["version"], second["version"]) == (2, 3)


def test_an_idempotency_key_with_other_arguments_is_refused(service):
    draft = service.create_draft(OWNER, {"category": "applied"})
    invoke(service, "save_draft", OWNER, draft["id"], 1, {"summary": {"summary": "甲"}}, key="k-1")
    with pytest.raises(Conflict) as caught:
        invoke(service, "save_draft", OWNER, draft["id"], 2, {"summary": {"summary": "乙"}}, key="k-1")
    assert caught.value.code == "idempotency_key_reused"
    # the same key is the caller's own: another person, or another command, is another scope
    other = service.create_draft(STRANGER, {"category": "applied"})
    assert invoke(service, "save_draft", STRANGER, other["id"], 1, {"summary": {"summary": "丙"}},
                  key="k-1")["version"] == 2


def test_a_failed_command_records_nothing_and_a_retry_does_the_work(service):
    draft = service.create_draft(OWNER, {"category": "applied"})
    with pytest.raises(InvalidInput):
        invoke(service, "save_draft", OWNER, draft["id"], "x", {}, key="k-fail")
    assert rows(service, "SELECT * FROM command_log WHERE key = 'k:k-fail'") == []
    with pytest.raises(InvalidInput):
        invoke(service, "submit_draft", OWNER, draft["id"], key="k-submit")  # check fails
    assert rows(service, "SELECT * FROM command_log WHERE key = 'k:k-submit'") == []


def test_a_repeated_submit_answers_the_first_snapshot_and_emits_once(service):
    draft = filled(service)
    first = invoke(service, "submit_draft", OWNER, draft["id"], key="submit-1")
    again = invoke(service, "submit_draft", OWNER, draft["id"], key="submit-1")
    assert again == {**first, "repeated": True} and first["repeated"] is False
    redelivered = invoke(service, "submit_draft", OWNER, draft["id"], request_id="rid-submit-1")
    assert invoke(service, "submit_draft", OWNER, draft["id"], request_id="rid-submit-1") == \
        {**redelivered, "repeated": True}
    submitted = [r for r in rows(service, "SELECT event_type FROM outbox") if r[0] == "submitted"]
    assert len(submitted) == 1
    assert len(rows(service, f"SELECT id FROM snapshots WHERE draft_id = {draft['id']}")) == 1


def test_create_copy_and_delete_run_once(service):
    created = invoke(service, "create_draft", OWNER, {"category": "applied"}, request_id="rid-create")
    assert invoke(service, "create_draft", OWNER, {"category": "applied"}, request_id="rid-create") == created
    copied = invoke(service, "copy_draft", OWNER, created["id"], key="copy-1")
    assert invoke(service, "copy_draft", OWNER, created["id"], key="copy-1") == copied
    deleted = invoke(service, "delete_draft", OWNER, copied["id"], request_id="rid-delete")
    assert invoke(service, "delete_draft", OWNER, copied["id"], request_id="rid-delete") == deleted
    assert [d["id"] for d in service.list_drafts(OWNER)["items"]] == [created["id"]]


def test_an_upload_sent_again_with_its_key_is_one_attachment(service):
    draft = service.create_draft(OWNER, {"category": "applied"})
    meta = {"kind": "evaluation_proof", "filename": "a.pdf", "sha256": "0" * 64, "size": 10,
            "content_type": "application/pdf"}
    first = invoke(service, "add_attachment", OWNER, draft["id"], {**meta, "key": "bytes-1"}, key="up-1")
    # the gateway stored the bytes again under a new key: the same upload all the same
    again = invoke(service, "add_attachment", OWNER, draft["id"], {**meta, "key": "bytes-2"}, key="up-1")
    assert again == {**first, "repeated": True}  # the gateway drops the flag and the new bytes
    assert len(service.get_draft(OWNER, draft["id"])["attachments"]) == 1


def test_replies_are_stored_compressed_and_pruned_after_a_day(service):
    draft = service.create_draft(OWNER, {"category": "applied"})
    invoke(service, "save_draft", OWNER, draft["id"], 1, {"summary": {"summary": "甲" * 1000}},
           key="big")
    (reply,), = rows(service, "SELECT reply FROM command_log WHERE key = 'k:big'")
    assert json.loads(__import__("zlib").decompress(reply))["version"] == 2
    with service.db.begin() as uow:
        uow.session.execute(sa.text("UPDATE command_log SET created_at = :old"),
                            {"old": dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=25)})
    commands._last_prune.clear()
    assert commands.prune_if_due(service.db, 24) == 1
    assert commands.prune_if_due(service.db, 24) == 0  # not again within ten minutes
    assert rows(service, "SELECT * FROM command_log") == []


def test_a_returned_refusal_is_not_recorded(service):
    table = metadata.tables["command_log"]
    inv = commands.Invocation(9, "verify_code", "rid", False, "f" * 64)
    with service.db.begin() as uow:
        assert commands.claim(uow.session, table, inv) is None
        commands.finish(uow.session, table, inv, Conflict("code_wrong", "验证码错误"))
    assert rows(service, "SELECT * FROM command_log") == []


def test_passwords_never_enter_a_fast_hash():
    """change_password's sensitive arguments count in the fingerprint through salted scrypt."""
    from services.accounts.service import AccountsService

    class Probe(AccountsService):
        pass
    seen = []
    probe = Probe.__new__(Probe)
    probe.command = lambda use_case, *a, **k: seen.append(probe.command_request.invocation())
    me = {"user_id": 3, "grants": []}
    invoke(probe, "change_password", me, "token", {"old_password": "a", "new_password": "b"}, key="pw")
    invoke(probe, "change_password", me, "token", {"old_password": "a", "new_password": "b"}, key="pw")
    invoke(probe, "change_password", me, "token", {"old_password": "a", "new_password": "c"}, key="pw")
    assert seen[0] == seen[1] and seen[0].fingerprint != seen[2].fingerprint
    plain = commands.fingerprint({"token": "token", "data": {"old_password": "a", "new_password": "b"}})
    assert seen[0].fingerprint != plain
