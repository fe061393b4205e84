"""A command delivered twice answers the same both times (issue 10, 4): a save whose RPC the
registration service receives again after it committed (as RabbitMQ redelivers it to a
restarted process) answers the first answer, not 409; the same request sent again with its
Idempotency-Key or its X-Request-ID answers the same; a key is never another request's answer."""
import uuid

import pytest
import requests
from nameko.standalone.rpc import ClusterRpcProxy

from tests.support.achievements import PDF, stored_files, upload
from tests.support.client import signed_up_registrant

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def registrant(system):
    return signed_up_registrant(system)


def new_draft(person) -> dict:
    created = person.post("/api/v1/achievements", {"category": "applied"})
    assert created.status_code == 201, created.text
    return created.json()


def test_a_save_rpc_delivered_twice_answers_the_same_both_times(system, registrant):
    draft = new_draft(registrant)
    caller = registrant.get("/api/v1/me").json()
    request_id = uuid.uuid4().hex
    sections = {"summary": {"summary": "重投递"}}
    with ClusterRpcProxy({"AMQP_URI": system.amqp_uri}, timeout=10,
                         context_data={"request_id": request_id}) as rpc:
        first = rpc.registration.save_draft(caller, draft["id"], draft["version"], sections)
        again = rpc.registration.save_draft(caller, draft["id"], draft["version"], sections)
    assert again == first and first["version"] == draft["version"] + 1
    assert registrant.get(f"/api/v1/achievements/{draft['id']}").json()["version"] == first["version"]


def test_a_save_sent_again_with_its_request_id_or_key_answers_the_first_answer(registrant):
    draft = new_draft(registrant)
    path, body = f"/api/v1/achievements/{draft['id']}", {
        "version": draft["version"], "sections": {"summary": {"summary": "一次"}}}
    for headers in ({"X-Request-ID": uuid.uuid4().hex}, {"Idempotency-Key": str(uuid.uuid4())}):
        first = registrant.put(path, body, headers=headers)
        again = registrant.put(path, body, headers=headers)
        assert first.status_code == again.status_code == 200, (first.text, again.text)
        assert again.json() == first.json()
        body = {**body, "version": first.json()["version"]}
    assert registrant.get(path).json()["version"] == draft["version"] + 2


def test_one_request_id_on_two_different_requests_shares_nothing(registrant):
    draft = new_draft(registrant)
    path, rid = f"/api/v1/achievements/{draft['id']}", uuid.uuid4().hex
    first = registrant.put(path, {"version": draft["version"], "sections": {"summary": {"summary": "甲"}}},
                           headers={"X-Request-ID": rid})
    second = registrant.put(path, {"version": first.json()["version"], "sections": {"summary": {"summary": "乙"}}},
                            headers={"X-Request-ID": rid})
    assert (first.status_code, second.status_code) == (200, 200)
    assert second.json()["version"] == first.json()["version"] + 1
    stale = registrant.put(path, {"version": draft["version"], "sections": {"summary": {"summary": "丙"}}},
                           headers={"X-Request-ID": rid})
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "version_conflict"


def test_an_idempotency_key_reused_for_another_request_is_refused(registrant):
    draft = new_draft(registrant)
    path, key = f"/api/v1/achievements/{draft['id']}", str(uuid.uuid4())
    first = registrant.put(path, {"version": draft["version"], "sections": {"summary": {"summary": "甲"}}},
                           headers={"Idempotency-Key": key})
    assert first.status_code == 200
    other = registrant.put(path, {"version": first.json()["version"], "sections": {"summary": {"summary": "乙"}}},
                           headers={"Idempotency-Key": key})
    assert other.status_code == 409 and other.json()["error"]["code"] == "idempotency_key_reused"
    bad = registrant.put(path, {"version": first.json()["version"], "sections": {}},
                         headers={"Idempotency-Key": "has space"})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid_idempotency_key"


def test_a_copy_and_a_delete_sent_again_with_their_key_happen_once(registrant):
    draft = new_draft(registrant)
    key = {"Idempotency-Key": str(uuid.uuid4())}
    copied = registrant.post(f"/api/v1/achievements/{draft['id']}/copy", headers=key)
    again = registrant.post(f"/api/v1/achievements/{draft['id']}/copy", headers=key)
    assert copied.status_code == again.status_code == 201 and again.json() == copied.json()
    key = {"Idempotency-Key": str(uuid.uuid4())}
    assert registrant.delete(f"/api/v1/achievements/{copied.json()['id']}", headers=key).status_code == 200
    assert registrant.delete(f"/api/v1/achievements/{copied.json()['id']}", headers=key).status_code == 200
    ids = [d["id"] for d in registrant.get("/api/v1/achievements").json()["items"]]
    assert copied.json()["id"] not in ids and draft["id"] in ids


def test_the_openapi_document_names_the_key_on_command_routes_only(system):
    doc = requests.get(system.url + "/api/v1/openapi.json", timeout=10).json()
    save = doc["paths"]["/api/v1/achievements/{draft_id}"]
    assert "Idempotency-Key" in [p["name"] for p in save["put"]["parameters"]]
    assert "Idempotency-Key" not in [p["name"] for p in save["get"]["parameters"]]
    submit = doc["paths"]["/api/v1/achievements/{draft_id}/submit"]["post"]
    assert "Idempotency-Key" in [p["name"] for p in submit["parameters"]]


def test_an_upload_sent_again_with_its_key_is_one_attachment_and_one_file(system, registrant):
    draft = new_draft(registrant)
    before = stored_files(system)
    key = {"Idempotency-Key": str(uuid.uuid4())}
    first = upload(registrant, draft["id"], "other", "a.pdf", PDF, headers=key)
    again = upload(registrant, draft["id"], "other", "a.pdf", PDF, headers=key)
    assert first.status_code == again.status_code == 201 and again.json() == first.json()
    assert len(registrant.get(f"/api/v1/achievements/{draft['id']}").json()["attachments"]) == 1
    assert stored_files(system) == before + 1
