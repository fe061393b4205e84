"""The whole OpenAPI document under property-based fire (schemathesis + hypothesis): every
operation, with bodies, queries and path values made from its schemas (valid ones, and ones that
break the schema on purpose), as a visitor, as a logged-in registrant and as an office user —
and again on real objects of theirs, so the checks behind the first 404 are reached too.

Whatever is sent: never a 5xx, every answer outside 2xx is the one error shape
{"error": {"code", "message", ["fields"], ["details"]}}, and every answer has the security
headers. ABUSE_EXAMPLES (default 20 per operation and identity) scales the run; ABUSE_SEED
makes it random (it is derandomized otherwise, so a failure is the same failure when re-run)."""
from __future__ import annotations

import os

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

import gateway.service  # noqa: F401 - declares every route
from gateway.http import ROUTES
from gateway.openapi import openapi_path
from tests.support.achievements import filled, task_for
from tests.support.client import Person, office_user, signed_up_registrant, unit_form

pytestmark = pytest.mark.e2e

EXAMPLES = int(os.environ.get("ABUSE_EXAMPLES", "20"))
SEED = os.environ.get("ABUSE_SEED")
LOGOUT = "DELETE /api/v1/session"
ERROR_KEYS = {"code", "message", "fields", "details"}


@pytest.fixture(scope="module")
def schema(system):
    return schemathesis.openapi.from_url(system.url + "/api/v1/openapi.json", timeout=10)


def api_client(system, person) -> Person:
    """A fresh bearer token of the person's (each run ends by logging its token out)."""
    api = Person(system, bearer=True)
    assert api.login(person.get("/api/v1/me").json()["email"]).status_code == 201
    return api


@pytest.fixture(scope="module")
def registrant(system):
    """A registrant with a filled draft (two attachments)."""
    person = signed_up_registrant(system)
    return {"person": person, "draft": filled(person)}


@pytest.fixture(scope="module")
def office(system, registrant):
    """An office user, a case waiting for them (a registrant without a unit submits straight
    to the office) and a unit waiting for their approval."""
    person = office_user(system)
    owner = registrant["person"]
    draft = filled(owner, "soft")
    assert owner.post(f"/api/v1/achievements/{draft['id']}/submit").status_code == 200
    visitor = Person(system)
    unit = visitor.post("/api/v1/units", {**unit_form(), **visitor.captcha()}).json()
    return {"person": person, "case": task_for(person, draft["id"]), "draft": draft, "unit": unit}


def header(response, name: str) -> str:
    """A header of schemathesis' response (its headers: lower-case name → list of values)."""
    values = {k.lower(): v for k, v in response.headers.items()}.get(name.lower()) or [""]
    return values if isinstance(values, str) else ", ".join(values)


def problems_of(response) -> list[str]:
    """What is wrong with one answer (nothing, usually)."""
    found = []
    if response.status_code >= 500:
        found.append(f"{response.status_code}: {response.content[:300]!r}")
    if header(response, "X-Content-Type-Options") != "nosniff" or \
            "frame-ancestors 'none'" not in header(response, "Content-Security-Policy"):
        found.append("security headers missing")
    if not 200 <= response.status_code < 300:
        try:
            body = response.json()
        except ValueError:
            return found + [f"{response.status_code} is not JSON: {response.content[:200]!r}"]
        error = body.get("error") if isinstance(body, dict) else None
        if not (isinstance(error, dict) and set(body) == {"error"} and set(error) <= ERROR_KEYS
                and isinstance(error.get("code"), str) and error["code"]
                and isinstance(error.get("message"), str) and error["message"]
                and isinstance(error.get("fields", {}), dict)
                and isinstance(error.get("details", {}), dict)):
            found.append(f"{response.status_code} not in the error shape: {body!r:.300}")
    return found


# What a careless or hostile client sends where the schema expects text or a number (issue 10):
# NUL, lone surrogates, controls, every Unicode category, huge strings and numbers, deep nesting.
HOSTILE = st.one_of(
    st.sampled_from(["\x00", "标题\x00", "\ud800", "\udfff马", "\x1b[31m", "\u202e", "\ufeff",
                     "x" * 100_000, "长" * 20_000, 2**63, -2**63 - 1, 10**400, 1e308, -0.0,
                     [[[[[[[[]]]]]]]], {"a": {"b": {"c": {"d": {}}}}}]),
    st.text(st.characters(codec=None), min_size=1, max_size=30),
    st.integers(min_value=2**31, max_value=2**80))


def _hostile_case(args):
    """A schema-valid case with one text or number of its body or query replaced by a hostile
    value (or, for a body, the body nested 500 levels deep: a client's JSON encoder
    refuses much more)."""
    case, value, where, deep = args
    if deep and isinstance(case.body, dict):
        case.body = {"x": json_nested(500)}
        return case
    for container in (case.body, case.query):
        if isinstance(container, dict) and container:
            keys = sorted(container, key=str)
            if container is case.query and isinstance(value, str):
                # a URL carries bytes: a lone surrogate arrives as invalid UTF-8 (%ED%A0%80)
                value = value.encode("utf-8", "surrogatepass")
            container[keys[where % len(keys)]] = value
            return case
    return case


def json_nested(depth: int):
    value: list = []
    for _ in range(depth):
        value = [value]
    return value


def fuzz(system, schema, headers: dict, fixed: dict | None = None) -> tuple[list[str], set[str]]:
    """Run every operation (those taking a fixed path value only, when `fixed` is given);
    the logout last, so the token serves every other operation. (failures, operations run)"""
    failures, ran = [], set()
    operations = [r.ok() for r in schema.get_all_operations()]
    operations.sort(key=lambda op: (op.label == LOGOUT, op.method.upper() == "DELETE"))
    for operation in operations:
        names = {p.name for p in operation.path_parameters}
        path_values = {k: v for k, v in (fixed or {}).items() if k in names}
        if fixed is not None and not path_values:
            continue
        if operation.label == LOGOUT and headers:
            me = requests.get(system.url + "/api/v1/me", headers=headers, timeout=10)
            assert me.status_code == 200, "the token died before the run ended: it tested little"
        strategy = st.one_of(*(operation.as_strategy(generation_mode=mode,
                                                     path_parameters=path_values or None)
                               for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)))
        hostile = st.tuples(operation.as_strategy(generation_mode=GenerationMode.POSITIVE,
                                                  path_parameters=path_values or None),
                            HOSTILE, st.integers(0, 50),
                            st.sampled_from([False, False, False, True])).map(_hostile_case)
        strategy = st.one_of(strategy, hostile)
        seen: dict[str, str] = {}

        @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=SEED is None,
                  phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
        @given(case=strategy)
        def run(case):
            try:
                response = case.call(base_url=system.url, headers=headers, timeout=30)
                found = problems_of(response)
            except requests.RequestException as exc:
                found = [f"no answer: {exc!r:.200}"]
            for problem in found:  # the first example of each kind of problem
                seen.setdefault(problem.split(":")[0],
                                f"{operation.label}: {problem}\n    {case.as_curl_command(headers=headers)[:600]}")

        if SEED is not None:
            run = seed(int(SEED))(run)
        run()
        ran.add(operation.label)
        failures += seen.values()
    return failures, ran


def test_the_document_schemathesis_reads_is_every_route(schema):
    expected = {f"{r.method} {openapi_path(r.path)}" for r in ROUTES} - {"GET /api/v1/openapi.json"}
    assert {r.ok().label for r in schema.get_all_operations()} == expected


def test_a_visitor_gets_no_5xx_and_only_the_one_error_shape(system, schema):
    failures, ran = fuzz(system, schema, {})
    assert not failures, "\n".join(failures)
    assert len(ran) == len(ROUTES) - 1


def test_a_registrant_gets_no_5xx_and_only_the_one_error_shape(system, schema, registrant):
    draft = registrant["draft"]
    headers = {"Authorization": f"Bearer {api_client(system, registrant['person']).token}"}
    on_their_own = {"draft_id": draft["id"], "attachment_id": draft["attachments"][0]["id"]}
    failures, _ = fuzz(system, schema, headers, fixed=on_their_own)
    more, ran = fuzz(system, schema, headers)
    assert not failures + more, "\n".join(failures + more)
    assert len(ran) == len(ROUTES) - 1


def test_an_office_user_gets_no_5xx_and_only_the_one_error_shape(system, schema, office):
    headers = {"Authorization": f"Bearer {api_client(system, office['person']).token}"}
    on_real_ones = {"case_id": office["case"]["case_id"], "draft_id": office["draft"]["id"],
                    "attachment_id": office["draft"]["attachments"][0]["id"],
                    "unit_id": office["unit"]["id"]}
    failures, _ = fuzz(system, schema, headers, fixed=on_real_ones)
    more, ran = fuzz(system, schema, headers)
    assert not failures + more, "\n".join(failures + more)
    assert len(ran) == len(ROUTES) - 1


def test_what_the_fuzzing_found_stays_fixed(system, office):
    """Each was a 500 before: a number too big for the database in a path or a page, and a
    password that is not text (JSON numbers, lists, objects) at login, reset and change.
    A registrant of its own: the office's fuzzing may have 停用ed the module's (a user id it
    guessed, as it may on a system with few accounts)."""
    person = signed_up_registrant(system)
    me, staff = api_client(system, person), api_client(system, office["person"])
    email = person.get("/api/v1/me").json()["email"]
    huge = 2**80
    for path in (f"/api/v1/units/{huge}", f"/api/v1/achievements/{huge}",
                 f"/api/v1/review/cases/{huge}", f"/api/v1/achievements/{huge}/certificate.png"):
        answer = staff.get(path)
        assert answer.status_code == 404 and answer.json()["error"]["code"] == "not_found", path
    assert staff.post(f"/api/v1/units/{huge}/reject", {"reason": "无"}).status_code == 404
    for path in (f"/api/v1/units?page={huge}", f"/api/v1/review/search?page={huge}",
                 f"/api/v1/review/tasks?page={huge}"):
        answer = staff.get(path)
        assert answer.status_code == 400 and "page" in answer.json()["error"]["fields"], path
    for password in (12345678, ["Abc123!@"], {"a": 1}, 1.5, True):
        visitor = Person(system)
        login = visitor.post("/api/v1/session", {"email": email, "password": password, **visitor.captcha()})
        assert login.json()["error"]["code"] in ("bad_credentials", "account_locked"), password  # the 5th locks
        reset = visitor.post("/api/v1/password/reset", {"token": "x", "password": password,
                                                        "password_confirm": password})
        assert reset.status_code == 400 and "password" in reset.json()["error"]["fields"], password
        change = me.post("/api/v1/me/password", {"old_password": password, "password": password,
                                                 "password_confirm": password})
        assert change.status_code == 400 and "old_password" in change.json()["error"]["fields"], password
    assert me.get("/api/v1/me").status_code == 200
