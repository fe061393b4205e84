"""Hostile bodies and text at the edge, through the published API on both databases: depth,
size and text rules answer 4xx in the one error shape, and nothing reaches a service or the
database that it cannot hold."""
from __future__ import annotations

import json

import pytest
import requests

from tests.support.client import Person, office_user, signed_up_registrant

pytestmark = pytest.mark.e2e

REFUSED_TEXT = ["马铃薯\x00", "\ud800马铃薯", "马铃薯\x1b[31m"]


@pytest.fixture(scope="module")
def registrant(system):
    return signed_up_registrant(system)


@pytest.fixture(scope="module")
def office(system):
    return office_user(system)


def raw(person: Person, method: str, path: str, body: bytes) -> requests.Response:
    headers = {"Content-Type": "application/json"}
    csrf = person.http.cookies.get("kj_csrf")
    if csrf:
        headers["X-CSRF-Token"] = csrf
    return person.http.request(method, person.system.url + path, data=body, headers=headers,
                               timeout=30)


def one_error_shape(response: requests.Response) -> dict:
    error = response.json()["error"]
    assert isinstance(error["code"], str) and isinstance(error["message"], str)
    return error


def new_draft(person: Person) -> dict:
    created = person.post("/api/v1/achievements", {"category": "applied"})
    assert created.status_code == 201, created.text
    return created.json()


@pytest.mark.parametrize("depth", [100, 5_000, 40_000])  # 40,000 levels: 240 KB, under the limit
def test_deeply_nested_bodies_are_400_anonymous_or_not(system, registrant, depth):
    body = ('{"a":' * depth + "1" + "}" * depth).encode()
    login = raw(Person(system), "POST", "/api/v1/session", body)
    assert login.status_code == 400 and one_error_shape(login)["code"] == "json_too_deep"
    draft = new_draft(registrant)
    save = raw(registrant, "PUT", f"/api/v1/achievements/{draft['id']}", body)
    assert save.status_code == 400 and one_error_shape(save)["code"] == "json_too_deep"


def test_an_oversized_body_is_413_at_once_and_the_next_requests_are_served(system, registrant):
    draft = new_draft(registrant)
    big = json.dumps({"version": draft["version"],
                      "sections": {"basic": {"title": "长" * 5_000_000}}}).encode()
    save = raw(registrant, "PUT", f"/api/v1/achievements/{draft['id']}", big)
    assert save.status_code == 413 and one_error_shape(save)["code"] == "body_too_large"
    signup = raw(Person(system), "POST", "/api/v1/signup", b'{"name": "' + b"x" * 3_000_000 + b'"}')
    assert signup.status_code == 413
    for _ in range(100):
        assert registrant.get(f"/api/v1/achievements/{draft['id']}").status_code == 200


@pytest.mark.parametrize("text", REFUSED_TEXT)
def test_refused_text_in_a_title_is_a_field_error_and_nothing_is_stored(registrant, text):
    draft = new_draft(registrant)
    save = registrant.put(f"/api/v1/achievements/{draft['id']}",
                          {"version": draft["version"], "sections": {"basic": {"title": text}}})
    assert save.status_code == 400, save.text
    assert "sections.basic.title" in one_error_shape(save)["fields"]
    kept = registrant.get(f"/api/v1/achievements/{draft['id']}").json()
    assert kept["version"] == draft["version"]


@pytest.mark.parametrize("text", ["\x00", "马\x00铃", "%00", "\x1f"])
def test_refused_text_in_a_search_is_400_never_an_outage(office, text):
    answer = office.http.get(office.system.url + "/api/v1/review/search", params={"q": text},
                             timeout=30)
    if text == "%00":   # the three characters themselves (sent encoded), not a NUL: a search
        assert answer.status_code == 200, answer.text
    else:
        assert answer.status_code == 400, answer.text
        assert "q" in one_error_shape(answer)["fields"]


def test_refused_text_in_a_path_is_400(system):
    answer = Person(system).get("/api/v1/codetables/a%00b")
    assert answer.status_code == 400 and one_error_shape(answer)["code"] == "invalid_text"
