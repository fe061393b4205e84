"""Several instances: two processes of every service, of the gateway (on the same port) and of
the mailer. RPC calls are shared by the instances; each event is handled once per consuming
service; the outbox relay publishes each event once (PostgreSQL); periodic work (the
certificates' retry timer, the mailer's polling) happens once; 登记号 stay gap-free."""
import collections
import datetime as dt
import json
import os
import time

import eventlet
import pytest
import requests
from nameko.standalone.rpc import ClusterRpcProxy

from tests.support import journeys as jr
from tests.support.client import unique_email
from tests.support.system import System

pytestmark = pytest.mark.e2e

BACKENDS = [b for b in os.environ.get("TEST_BACKENDS", "sqlite,postgres").split(",") if b]
SERVICES = ("accounts", "registration", "review", "certificates")
YEAR = dt.date.today().year


@pytest.fixture(scope="module", params=BACKENDS)
def doubled(request, tmp_path_factory):
    """The whole system with a second instance of each service, the gateway and the mailer."""
    system = System(str(tmp_path_factory.mktemp(f"instances-{request.param}")), request.param)
    try:
        system.up()
        second = {name: system.add_instance(name) for name in (*SERVICES, "gateway", "mailer")}
        for service in SERVICES:  # both instances consume RPCs and events before anything starts
            jr.wait_until(lambda: jr.consumers_of(system.amqp_uri, f"rpc-{service}") == 2, 60,
                          f"two consumers of rpc-{service}")
        gateways = {system.programs[n].process.pid for n in ("gateway", second["gateway"])}
        jr.wait_until(lambda: jr.listening_pids(system.http_port) >= gateways, 60,
                      "both gateways listening on the one port")
        recorder = jr.Recorder(system.amqp_uri)
        cast = jr.make_cast(system)
        yield {"system": system, "second": second, "cast": cast, "recorder": recorder,
               "gateways": gateways}
        recorder.close()
    finally:
        system.down()


def test_rpc_calls_are_shared_by_both_instances_of_each_service(doubled):
    system, second = doubled["system"], doubled["second"]
    with ClusterRpcProxy({"AMQP_URI": system.amqp_uri}, timeout=10) as rpc:
        for service in SERVICES:
            pids = collections.Counter(getattr(rpc, service).whoami() for _ in range(20))
            expected = {system.programs[service].process.pid, system.programs[second[service]].process.pid}
            assert set(pids) == expected, (service, pids)

    # the two gateways share the port (SO_REUSEPORT): new connections are spread over both
    sessions = [requests.Session() for _ in range(24)]
    try:
        for session in sessions:
            assert session.get(system.url + "/healthz", timeout=10).status_code == 200
        assert jr.connected_pids(system.http_port) == doubled["gateways"]
    finally:
        for session in sessions:
            session.close()


def test_journeys_through_two_of_everything_happen_exactly_once(doubled):
    """Each event is handled once per consuming service, each side effect happens once (one case
    per submission, one certificate per approval, one email per notice, each sent by one of the
    two mailers), and on PostgreSQL the two relays of a producer publish each event once."""
    system, cast, recorder = doubled["system"], doubled["cast"], doubled["recorder"]
    plan = [("applied", True), ("basic", True), ("soft", True), ("applied", False),
            ("basic", False), ("soft", False), ("applied", True), ("soft", False)]
    pool = eventlet.GreenPool(8)
    journeys = list(pool.imap(lambda p: jr.whole(cast, jr.start(cast, *p)), plan))
    jr.check_exactly_once(system, cast, journeys, recorder,
                          once_on_the_wire=system.backend == "postgres")
    # SQLite: the two relays of one producer may both publish a row (by design, see
    # services/common/outbox.py); the consumers absorbed any repeat (checked above)


def test_the_certificates_retry_timer_of_two_instances_claims_each_certificate_once(doubled):
    """With the registration service down, approvals leave pending certificates (the snapshot
    cannot be fetched). When it is back, the retry timers of both certificates instances run
    over the same rows: each certificate is claimed by one of them and issued once."""
    system, cast, recorder, second = (doubled[k] for k in ("system", "cast", "recorder", "second"))
    journeys = [jr.start(cast, category, with_unit=False) for category in ("applied", "basic", "soft", "applied")]
    for j in journeys:
        jr.submit(j)
    for j in journeys:
        jr.task(cast.office, j)
    for name in ("registration", second["registration"]):
        system.stop(name)
    try:
        for j in journeys:
            jr.approve(cast, j)
        numbers = [j.number for j in journeys]

        def failed_once():
            found = jr.rows(system, "certificates", "SELECT registration_number, status, attempts, "
                            "last_error FROM certificates")
            found = [c for c in found if c.registration_number in numbers]
            return len(found) == len(numbers) and all(c.last_error for c in found) and found
        for c in jr.wait_until(failed_once, 60, "a failed first attempt of each certificate"):
            assert (c.status, c.attempts) == ("pending", 1)
    finally:
        system.start("registration", second["registration"])
    for j in journeys:  # the timers' first retry is due 30 s after the failure
        jr.certificate(j, timeout=150)
    jr.check_exactly_once(system, cast, journeys, recorder,
                          once_on_the_wire=system.backend == "postgres")
    found = jr.rows(system, "certificates", "SELECT registration_number, attempts FROM certificates")
    # attempts counts claims: the first try, then one claim by one timer (two would make it 3)
    assert {c.registration_number: c.attempts for c in found if c.registration_number in numbers} \
        == {n: 2 for n in numbers}


def _delivered_by(system, program: str) -> list[int]:
    """The outgoing-message ids a mailer process logged as delivered."""
    with open(system.programs[program].log, encoding="utf-8", errors="replace") as handle:
        return [entry["message_id"] for entry in (json.loads(line) for line in handle
                                                  if line.startswith("{") and '"delivered"' in line)
                if entry.get("message") == "delivered"]


def test_two_mailers_send_each_mail_once(doubled):
    """Mail queued in a burst while both mailers poll: each message reaches the sink once, and
    each was delivered by one of the two mailers (their logs name the message ids)."""
    system, cast = doubled["system"], doubled["cast"]
    invited = []
    pool = eventlet.GreenPool(10)

    def invite(i):
        email = unique_email(f"burst{i}")
        response = cast.admin.post(f"/api/v1/units/{cast.unit_id}/registrants",
                                   {"name": f"测试{i}", "email": email})
        assert response.status_code == 201, response.text
        invited.append(email)
    list(pool.imap(invite, range(30)))
    for email in invited:
        system.wait_mail(email, "账号激活", timeout=60)
    time.sleep(1)  # a second copy, if any, would come right after the first
    for email in invited:
        assert len([m for m in system.mails(email) if "账号激活" in m["subject"]]) == 1
    ids = jr.sent_message_ids(system)
    assert len(ids) == len(set(ids))
    sent = {r.id for r in jr.rows(system, "accounts", "SELECT id FROM outgoing_messages "
                                                      "WHERE status = 'sent'")}
    first, second = (_delivered_by(system, n) for n in ("mailer", doubled["second"]["mailer"]))
    assert sorted(first + second) == sorted(sent)  # each sent message delivered by one mailer
    assert first and second  # both took part (over every mail of this module)


def test_two_review_instances_give_gap_free_registration_numbers_to_concurrent_approvals(doubled):
    """Full journeys, approved at once through both gateways and both review instances: the
    登记号 of each (year, category) are 1, 2, 3 … with no gap and no repeat."""
    system, cast = doubled["system"], doubled["cast"]
    plan = [("applied", False), ("basic", False), ("soft", False)] * 8
    pool = eventlet.GreenPool(12)
    journeys = list(pool.imap(lambda p: jr.start(cast, *p), plan))
    list(pool.imap(jr.submit, journeys))
    list(pool.imap(lambda j: jr.task(cast.office, j), journeys))
    list(pool.imap(lambda j: jr.approve(cast, j), journeys))
    serials = jr.assert_gap_free(system)  # over every approval this system made
    assert set(serials) == {f"620{YEAR}{letter}" for letter in "YJR"}
    assert sum(len(got) for got in serials.values()) >= len(journeys)
    for j in journeys:
        jr.certificate(j)
