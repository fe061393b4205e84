"""The gateways' session cache end to end, with a second gateway on a port of its own: a token
it has seen costs it no `accounts.authenticate` RPC, and a logout, a password change or a new
role through the first gateway reaches the second one through accounts' events (BROADCAST)."""
import os
import re
import subprocess
import time

import pytest
import requests

from tests.support.client import PASSWORD, Person, approved_unit_admin, office_user, signed_up_registrant
from tests.support.system import ROOT, free_port

pytestmark = pytest.mark.e2e
AUTHENTICATE = re.compile(r'^kj_rpc_seconds_count\{method="authenticate",service="accounts"\} (\S+)$', re.M)


@pytest.fixture(scope="module")
def second_gateway(system):
    port = free_port()
    log = open(os.path.join(system.workdir, "gateway-second.log"), "ab")
    process = subprocess.Popen(system.programs["gateway"].argv, cwd=ROOT, stdout=log,
                               stderr=subprocess.STDOUT,
                               env=dict(system.env, GATEWAY_ADDRESS=f"127.0.0.1:{port}"))
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if requests.get(url + "/readyz", timeout=5).status_code == 200:
                break
        except requests.RequestException:
            time.sleep(0.3)
    else:
        process.kill()
        pytest.fail("the second gateway did not start")
    time.sleep(1)  # its broadcast queues are bound once its consumers are up
    yield url
    process.terminate()
    process.wait(timeout=15)


def on(url, person, path="/api/v1/me"):
    return requests.get(url + path, headers={"Authorization": f"Bearer {person.token}"}, timeout=10)


def authentications(url) -> float:
    found = AUTHENTICATE.search(requests.get(url + "/metrics", timeout=10).text)
    return float(found.group(1)) if found else 0.0


def soon(check, seconds=5.0):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return False


def logged_in(system, email) -> Person:
    person = Person(system, bearer=True)
    assert person.login(email).status_code == 201
    return person


def test_a_token_seen_lately_costs_no_authenticate_rpc(system, second_gateway):
    person = signed_up_registrant(system)
    assert on(second_gateway, person).status_code == 200
    before = authentications(second_gateway)
    for _ in range(5):
        assert on(second_gateway, person).status_code == 200
    assert authentications(second_gateway) == before


def test_a_logout_through_one_gateway_reaches_the_other(system, second_gateway):
    person = signed_up_registrant(system)
    assert on(second_gateway, person).status_code == 200          # now cached there
    assert person.delete("/api/v1/session").status_code == 200    # through the first gateway
    assert person.get("/api/v1/me").status_code == 401            # at once where it happened
    assert soon(lambda: on(second_gateway, person).status_code == 401)


def test_a_password_change_ends_the_other_sessions_in_every_gateway(system, second_gateway):
    first = signed_up_registrant(system)
    email = first.get("/api/v1/me").json()["email"]
    other = logged_in(system, email)
    assert on(second_gateway, first).status_code == 200 and on(second_gateway, other).status_code == 200
    new = "Xyz789#$"
    assert first.post("/api/v1/me/password", {"old_password": PASSWORD, "password": new,
                                              "password_confirm": new}).status_code == 200
    assert other.get("/api/v1/me").status_code == 401
    assert soon(lambda: on(second_gateway, other).status_code == 401)
    assert on(second_gateway, first).status_code == 200


def test_a_new_role_shows_in_every_gateway(system, second_gateway):
    office = office_user(system)
    registrant = signed_up_registrant(system)
    me = on(second_gateway, registrant).json()
    unit, admin = approved_unit_admin(system, office)
    assert admin.post(f"/api/v1/units/{unit['id']}/registrants",
                      {"name": me["name"], "email": me["email"]}).status_code == 201
    wanted = {"role": "registrant", "unit_id": unit["id"]}
    assert wanted in registrant.get("/api/v1/me").json()["grants"]
    assert soon(lambda: wanted in on(second_gateway, registrant).json()["grants"])
