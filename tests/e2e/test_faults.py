"""Faults, done for real: kill -9 each process in the middle of a journey and start it again,
restart RabbitMQ, restart PostgreSQL. Afterwards every saved draft, submission, decision, email,
certificate and event is there, exactly once (tests/support/journeys.check_exactly_once).

Restarting RabbitMQ or PostgreSQL disturbs anything else running on this machine for a few
seconds; these tests wait until the broker or the database answers again and the system is
ready, and take only a couple of steps on each side of the restart."""
import datetime as dt
import os
import signal
import subprocess
import time

import eventlet
import pytest
import requests
import sqlalchemy as sa
from kombu import Connection

from tests.support import journeys as jr
from tests.support.system import PG_ADMIN, System

pytestmark = [pytest.mark.e2e, pytest.mark.faults]

BACKENDS = [b for b in os.environ.get("TEST_BACKENDS", "sqlite,postgres").split(",") if b]
PRODUCERS_OF_JOURNEY_EVENTS = {"registration", "review", "certificates"}
PG_CLUSTER = os.environ.get("TEST_PG_CLUSTER", "15 main").split()


@pytest.fixture(scope="module", params=BACKENDS)
def faulty(request, tmp_path_factory):
    system = System(str(tmp_path_factory.mktemp(f"faults-{request.param}")), request.param)
    try:
        system.up()
        recorder = jr.Recorder(system.amqp_uri)
        yield {"system": system, "cast": jr.make_cast(system), "recorder": recorder}
        recorder.close()
    finally:
        system.down()


@pytest.fixture(autouse=True)
def everything_running(faulty):
    """A test that failed half-way must not leave the next one without a process."""
    system = faulty["system"]
    stopped = [n for n, p in system.programs.items() if p.process is None or p.process.poll() is not None]
    if stopped:
        system.start(*stopped)
    yield


def _messages_in(system, queue: str) -> int:
    out = subprocess.run(["rabbitmqctl", "-q", "list_queues", "-p", system.tag, "name", "messages"],
                         capture_output=True, text=True, check=True, timeout=60).stdout
    return sum(int(line.split()[1]) for line in out.splitlines()
               if line.split() and line.split()[0] == queue)


def _submit_and_lose_the_answer(system, journey) -> None:
    """The registrant submits; the gateway is killed while the call is inside the registration
    service, so the answer never comes back, although the submission was made."""
    registration = system.programs["registration"].process
    registration.send_signal(signal.SIGSTOP)  # holds the call until the gateway is gone
    try:
        call = eventlet.spawn(journey.owner.post, f"/api/v1/achievements/{journey.draft_id}/submit",
                              headers={"Idempotency-Key": f"submit-{journey.draft_id}"})
        jr.wait_until(lambda: _messages_in(system, "rpc-registration") >= 1, 30,
                      "the submit call queued for the registration service")
        system.kill("gateway")
        with pytest.raises(requests.ConnectionError):
            call.wait()
    finally:
        registration.send_signal(signal.SIGCONT)


def _hold_the_counter(system, category: str):
    """A transaction of the test's own holding the lock every approval of `category` takes
    for its 登记号 (the counter row on PostgreSQL, the write lock of the file on SQLite).
    Returns the function that lets go."""
    year = dt.date.today().year
    insert = sa.text("INSERT INTO number_counters (year, category, last_serial) "
                     "VALUES (:y, :c, 0) ON CONFLICT DO NOTHING")
    engine = system.db("review")
    with engine.begin() as conn:
        conn.execute(insert, {"y": year, "c": category})
    if system.backend == "postgres":
        conn = engine.connect()
        conn.execute(sa.text("SELECT last_serial FROM number_counters WHERE year = :y "
                             "AND category = :c FOR UPDATE"), {"y": year, "c": category})
    else:
        conn = engine.connect()
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    def release():
        conn.rollback()
        conn.close()
        engine.dispose()
    return release


def _blocked_in_review(system) -> bool:
    if system.backend == "postgres":
        name = system.db_urls["review"].rsplit("/", 1)[1]
        return jr.rows(system, "review", "SELECT pid FROM pg_stat_activity WHERE datname = :d "
                       "AND wait_event_type = 'Lock'", d=name)
    return _messages_in(system, "rpc-review") >= 1


def _kill_review_in_the_middle_of_an_approval(system, cast, journey) -> None:
    """The office approves; review is killed while that approval waits for the 登记号 counter
    (nothing committed). The broker hands the unanswered call to the restarted review, which
    approves once; a 504 would have been answered if that took longer than the RPC timeout."""
    case = jr.task(cast.office, journey)
    release = _hold_the_counter(system, journey.category)
    try:
        call = eventlet.spawn(cast.office.post, f"/api/v1/review/cases/{case['case_id']}/approve",
                              {"comment": "予以登记"})
        jr.wait_until(lambda: _blocked_in_review(system), 30, "the approval waiting inside review")
        time.sleep(0.3)
        system.kill("review")
    finally:
        release()
    system.start("review")
    response = call.wait()
    assert response.status_code in (200, 504), response.text
    if response.status_code == 200:
        journey.number = response.json()["registration_number"]
    else:
        journey.number = jr.wait_until(lambda: journey.owner.get(
            f"/api/v1/achievements/{journey.draft_id}").json()["registration_number"], 60,
            "the approval made by the restarted review")
    journey.steps.append("approve")
    again = cast.office.post(f"/api/v1/review/cases/{case['case_id']}/approve")
    assert again.status_code == 409  # a retry by the office cannot approve twice


def _kill_certificates_while_it_issues(system, cast, journey) -> None:
    """certificates has recorded the pending certificate and waits for the snapshot (the
    registration service is paused) when it is killed: the redelivered `approved` event finds
    the approval already recorded, and the retry timer issues it (30 s backoff)."""
    registration = system.programs["registration"].process
    registration.send_signal(signal.SIGSTOP)
    try:
        jr.approve(cast, journey)
        jr.wait_until(lambda: jr.rows(system, "certificates", "SELECT status FROM certificates "
                                      "WHERE registration_number = :n", n=journey.number), 30,
                      "the pending certificate")
        system.kill("certificates")
    finally:
        registration.send_signal(signal.SIGCONT)
    system.start("certificates")


KILL_AFTER = {  # where in the journey each process is killed
    "accounts": "submit",       # right after submit: its notice to the unit admin is being made
    "registration": "submit",   # right after submit: its relay is publishing `submitted`
    "review": "approving",      # in the middle of the office's approval
    "certificates": "issuing",  # in the middle of issuing the certificate
    "mailer": "submit",         # right after submit; mail keeps being queued while it is dead
    "gateway": "submitting",    # while the submit call is inside the registration service
}


@pytest.mark.parametrize("victim", list(KILL_AFTER))
def test_kill_9_in_the_middle_of_a_journey_loses_nothing_and_repeats_nothing(faulty, victim):
    system, cast, recorder = faulty["system"], faulty["cast"], faulty["recorder"]
    journey = jr.start(cast, "applied", with_unit=True)
    at = KILL_AFTER[victim]

    if victim == "gateway":
        _submit_and_lose_the_answer(system, journey)
        system.start("gateway")
        # the client does not know whether it worked and tries again with the same key
        again = jr.submit(journey, key=f"submit-{journey.draft_id}")
        assert again["repeated"] is True
    else:
        jr.submit(journey)
    if at == "submit" and victim != "gateway":
        system.kill(victim)
        if victim == "mailer":  # the next steps run while it is dead; their mail waits for it
            jr.forward(cast, journey)
            jr.approve(cast, journey)
        system.start(victim)
    if "forward" not in journey.steps:
        jr.forward(cast, journey)
    if at == "approving":
        _kill_review_in_the_middle_of_an_approval(system, cast, journey)
    elif at == "issuing":
        _kill_certificates_while_it_issues(system, cast, journey)
    elif "approve" not in journey.steps:
        jr.approve(cast, journey)
    # a certificate whose issuing was cut short is retried by the timer (30 s backoff)
    jr.certificate(journey, timeout=150)

    jr.check_exactly_once(
        system, cast, [journey], recorder,
        # a producer killed between publishing an event and marking it published publishes
        # it again when it starts (the outbox is at-least-once; consumers drop repeats)
        once_on_the_wire=victim not in PRODUCERS_OF_JOURNEY_EVENTS,
        # the mailer killed between handing a message to SMTP and recording it sends that one
        # message again (docs/architecture.md, Mail); a message it had claimed but not sent
        # waits for its claim to expire (2 min) before the new mailer takes it
        mail_repeats_allowed=1 if victim == "mailer" else 0,
        mail_timeout=180 if victim == "mailer" else 30)


def _broker_answers(amqp_uri: str) -> bool:
    with Connection(amqp_uri, connect_timeout=3) as connection:
        connection.ensure_connection(max_retries=1)
        return True


def _ready(system) -> bool:
    response = requests.get(system.url + "/readyz", timeout=15)
    assert response.status_code == 200, response.text  # the last answer is reported on timeout
    return True


def _wait_ready(system, after: str) -> None:
    """Until the gateway and every service answer again; on timeout, say who does not."""
    try:
        jr.wait_until(lambda: _ready(system), 120, f"the system ready after {after}", every=1)
    except AssertionError as exc:
        consumers = subprocess.run(["rabbitmqctl", "-q", "list_queues", "-p", system.tag, "name",
                                    "consumers", "messages"], capture_output=True, text=True).stdout
        raise AssertionError(f"{exc}\n{consumers}\n" + "\n".join(
            system.tail(name, 8) for name in system.programs)) from None


def _published(system, producer: str, event_type: str, journey) -> bool:
    return any(e["published"] for e in jr.outbox(system, producer)
               if e["type"] == event_type and e["data"].get("draft_id") == journey.draft_id)


class _Paused:
    """SIGSTOP some processes (they keep their connections but do nothing), SIGCONT later."""

    def __init__(self, system, *names):
        self.processes = [system.programs[name].process for name in names]
        for process in self.processes:
            process.send_signal(signal.SIGSTOP)

    def resume(self):
        for process in self.processes:
            process.send_signal(signal.SIGCONT)
        self.processes = []


def _finish_after_the_restart(system, cast, recorder, before, after) -> None:
    """A whole journey after the restart, the one cut by it finished, every process alive, and
    everything of both there exactly once."""
    jr.whole(cast, after)
    jr.certificate(before, timeout=150)
    for name, program in system.programs.items():
        assert program.process.poll() is None, system.tail(name)
    jr.check_exactly_once(system, cast, [before, after], recorder,
                          once_on_the_wire=False, mail_timeout=60)


def test_rabbitmq_restart_in_the_middle_of_a_journey(faulty):
    """The approval's `approved` event waits in the durable queues of two paused consumers when
    the broker stops; they are resumed while it is down. Every process reconnects by itself:
    the consumers get the event after the restart, RPC works again, the outbox relays publish
    what is made afterwards, and the mailer sends its mail."""
    system, cast, recorder = faulty["system"], faulty["cast"], faulty["recorder"]
    before = jr.start(cast, "basic", with_unit=True)
    after = jr.start(cast, "soft", with_unit=True)
    jr.submit(before)
    jr.forward(cast, before)
    paused = _Paused(system, "certificates", "registration")
    try:
        jr.approve(cast, before)
        jr.wait_until(lambda: _published(system, "review", "approved", before), 30,
                      "the approval published")
        subprocess.run(["rabbitmqctl", "stop_app"], check=True, capture_output=True, timeout=120)
    finally:
        paused.resume()
    try:
        time.sleep(2)  # the resumed consumers find the broker gone
    finally:
        subprocess.run(["rabbitmqctl", "start_app"], check=True, capture_output=True, timeout=180)
    jr.wait_until(lambda: _broker_answers(system.amqp_uri), 120, "RabbitMQ answering again", every=1)
    _wait_ready(system, "the broker restart")
    _finish_after_the_restart(system, cast, recorder, before, after)


def _pg_ctl(action: str) -> None:
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", *PG_CLUSTER, action],
                   check=True, capture_output=True, timeout=180)


def _database_answers() -> bool:
    engine = sa.create_engine(PG_ADMIN)
    try:
        with engine.connect() as conn:
            return conn.execute(sa.text("SELECT 1")).scalar() == 1
    finally:
        engine.dispose()


def test_postgres_restart_in_the_middle_of_a_journey(faulty):
    """PostgreSQL stops right after an approval, while work is under way: the certificate
    service and the registration service have the `approved` event to handle (they are resumed
    while the database is down, so their handlers fail and are retried), and the mailer is in
    the middle of sending (the SMTP server is held) when the database goes away, so recording
    what it sent fails. When PostgreSQL is back, every pool drops its dead connections
    (pool_pre_ping) and everything is there exactly once, the mailer still running."""
    system, cast, recorder = faulty["system"], faulty["cast"], faulty["recorder"]
    if system.backend != "postgres":
        pytest.skip("the databases are SQLite files")
    before = jr.start(cast, "applied", with_unit=True)
    after = jr.start(cast, "basic", with_unit=False)
    jr.submit(before)
    jr.forward(cast, before)
    jr.wait_until(lambda: jr.mails_about(system, before.email, jr.FORWARDED, before.title), 30,
                  "the mail about the forwarding")
    paused = _Paused(system, "certificates", "registration", "mailsink")
    try:
        jr.approve(cast, before)
        jr.wait_until(lambda: _published(system, "review", "approved", before), 30,
                      "the approval published")
        jr.wait_until(lambda: jr.rows(system, "accounts", "SELECT id FROM outgoing_messages "
                                      "WHERE status = 'pending' AND claimed_until IS NOT NULL"),
                      30, "the mailer sending the mail about the approval")
        _pg_ctl("stop")
    finally:
        paused.resume()
    try:
        time.sleep(3)  # handlers, relays and the mailer meet a database that is not there
    finally:
        _pg_ctl("start")
    jr.wait_until(_database_answers, 120, "PostgreSQL answering again", every=1)
    _wait_ready(system, "the database restart")
    _finish_after_the_restart(system, cast, recorder, before, after)
