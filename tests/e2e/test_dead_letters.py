"""A failing event handler loses nothing: it is retried with a delay, a bounded number of times,
then parked in its service's dead-letter queue, where the operator's command lists it and
replays it once the handler is fixed. Driven on the real broker, in the system's vhost, by a
test-only service (tests/support/flaky_service.py) run with the project's handler and short
delays; and checked once against a real service."""
from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import time
import uuid

import pytest
from kombu import Connection, Exchange, Producer

from services.common import retrying_handler as handlers
from tests.support.achievements import submitted, task_for
from tests.support.client import office_user, signed_up_registrant
from tests.support.system import NAMEKO, PY, ROOT

pytestmark = pytest.mark.e2e

QUEUE = "evt-probe-poked--flaky.on_poked"
MAX_ATTEMPTS = 3
DELAYS = "500ms,1s"


class Flaky:
    """The test-only service as a process of its own in the system's vhost."""

    def __init__(self, system, directory):
        self.system = system
        self.directory = directory
        self.log = os.path.join(directory, "flaky.log")
        self.env = dict(system.env, FLAKY_DIR=directory, EVENT_MAX_ATTEMPTS=str(MAX_ATTEMPTS),
                        EVENT_RETRY_DELAYS=DELAYS)
        self.process = None

    def start(self):
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [NAMEKO, "run", "--broker", self.system.amqp_uri,
                 "tests.support.flaky_service:FlakyService"],
                cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        wait(lambda: consumers(self.system, QUEUE) >= 1 or self._exited(), 30, "flaky never consumed")
        assert not self._exited(), self.tail()

    def _exited(self):
        return self.process.poll() is not None

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()

    def tail(self):
        with open(self.log, errors="replace") as handle:
            return "".join(handle.readlines()[-40:])

    def runs(self, event_id):
        return [r for r in _lines(os.path.join(self.directory, "runs.jsonl")) if r["event_id"] == event_id]

    def applied(self, event_id):
        return [r for r in _lines(os.path.join(self.directory, "applied.jsonl")) if r["event_id"] == event_id]

    def flag(self, name, event_id):
        open(os.path.join(self.directory, f"{name}-{event_id}"), "w").close()

    def unflag(self, name, event_id):
        os.remove(os.path.join(self.directory, f"{name}-{event_id}"))


def _lines(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def wait(predicate, timeout, message):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(message)


def queue_state(system, name):
    """(messages, consumers) of a queue, or None if it does not exist."""
    with Connection(system.amqp_uri) as connection:
        channel = connection.channel()
        try:
            _, messages, consumer_count = channel.queue_declare(queue=name, passive=True)
            return messages, consumer_count
        except connection.channel_errors:
            return None


def consumers(system, name):
    state = queue_state(system, name)
    return state[1] if state else 0


def publish(system, producer, event_type, data, event_id=None, envelope=None):
    envelope = envelope or {
        "event_id": event_id or str(uuid.uuid4()), "type": event_type, "version": 1,
        "occurred_at": dt.datetime.now(dt.timezone.utc).isoformat(), "producer": producer,
        "data": data}
    with Connection(system.amqp_uri) as connection:
        exchange = Exchange(f"{producer}.events", type="topic", durable=True)
        Producer(connection.channel(), exchange=exchange).publish(
            envelope, routing_key=event_type, declare=[exchange], delivery_mode=2,
            headers={"nameko.request_id": "dead-letter-test"})
    return envelope.get("event_id")


def poke(system, data):
    return publish(system, "probe", "poked", data)


def command(system, *args):
    result = subprocess.run([PY, "-m", "services.common.deadletters", *args], cwd=ROOT,
                            env=system.env, capture_output=True, text=True, timeout=60)
    return result


def parked(system, service="flaky"):
    result = command(system, "list", "--service", service, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["messages"]


def parked_event(system, event_id, timeout=20):
    found = []

    def there():
        found[:] = [m for m in parked(system) if m["event_id"] == event_id]
        return bool(found)

    wait(there, timeout, f"{event_id} never reached flaky.dead-letters")
    return found[0]


@pytest.fixture(scope="module")
def flaky(system, tmp_path_factory):
    process = Flaky(system, str(tmp_path_factory.mktemp("flaky")))
    process.start()
    yield process
    process.stop()


def test_a_handler_failing_twice_then_succeeding_applies_the_event_once_after_the_delays(system, flaky):
    event_id = poke(system, {"mode": "fail_times", "times": 2})
    wait(lambda: flaky.applied(event_id), 15, f"never applied:\n{flaky.tail()}")
    time.sleep(1.5)  # nothing more comes
    runs = flaky.runs(event_id)
    assert len(runs) == 3 and len(flaky.applied(event_id)) == 1
    assert flaky.applied(event_id)[0]["run"] == 3
    gaps = [b["at"] - a["at"] for a, b in zip(runs, runs[1:])]
    assert gaps[0] >= 0.45 and gaps[1] >= 0.95, gaps  # 500ms, then 1s
    # the delays are queues of the handler's own, handing the message back to its queue
    assert queue_state(system, f"{QUEUE}.retry-500ms") == (0, 0)
    assert queue_state(system, f"{QUEUE}.retry-1s") == (0, 0)
    assert queue_state(system, QUEUE)[0] == 0
    assert event_id not in {m["event_id"] for m in parked(system)}


def test_an_always_failing_handler_is_parked_with_its_error_then_replayed_once_fixed(system, flaky):
    event_id = poke(system, {"mode": "until_fixed"})
    letter = parked_event(system, event_id)
    assert letter["attempts"] == MAX_ATTEMPTS and len(flaky.runs(event_id)) == MAX_ATTEMPTS
    assert letter["handler"] == "flaky.on_poked" and letter["queue"] == QUEUE
    assert letter["event_type"] == "probe.poked"
    assert letter["error"] == f"ValueError: not fixed yet (run {MAX_ATTEMPTS})"
    assert letter["id"] and letter["failed_at"] >= letter["first_failed_at"]
    assert not flaky.applied(event_id)

    listed = command(system, "list", "--service", "flaky")
    assert listed.returncode == 0 and event_id in listed.stdout
    assert "flaky.on_poked" in listed.stdout and "ValueError: not fixed yet" in listed.stdout
    with_trace = command(system, "list", "--service", "flaky", "--traceback")
    assert "flaky_service.py" in with_trace.stdout

    time.sleep(2)  # parked means parked: no more runs
    assert len(flaky.runs(event_id)) == MAX_ATTEMPTS
    refused = command(system, "replay", "--service", "flaky")
    assert refused.returncode == 2 and "--all" in refused.stderr  # nothing replayed by accident

    flaky.flag("fixed", event_id)
    replayed = command(system, "replay", "--service", "flaky", "--id", letter["id"])
    assert replayed.returncode == 0, replayed.stderr
    assert "replayed 1" in replayed.stdout and event_id in replayed.stdout
    wait(lambda: flaky.applied(event_id), 15, f"replay never applied:\n{flaky.tail()}")
    time.sleep(1)
    assert len(flaky.applied(event_id)) == 1 and len(flaky.runs(event_id)) == MAX_ATTEMPTS + 1
    assert event_id not in {m["event_id"] for m in parked(system)}


def test_a_replay_that_fails_again_gets_all_its_attempts_again_and_drop_removes_it(system, flaky):
    event_id = poke(system, {"mode": "until_fixed"})
    parked_event(system, event_id)
    replayed = command(system, "replay", "--service", "flaky", "--id", event_id[:8])
    assert replayed.returncode == 0, replayed.stderr
    wait(lambda: len(flaky.runs(event_id)) == 2 * MAX_ATTEMPTS, 20, "the replay was not retried")
    again = parked_event(system, event_id)
    assert again["attempts"] == MAX_ATTEMPTS and again["replays"] == 1

    dropped = command(system, "drop", "--service", "flaky", "--id", event_id, "--json")
    assert dropped.returncode == 0, dropped.stderr
    assert [m["event_id"] for m in json.loads(dropped.stdout)["messages"]] == [event_id]
    assert event_id not in {m["event_id"] for m in parked(system)}
    time.sleep(1)
    assert not flaky.applied(event_id) and len(flaky.runs(event_id)) == 2 * MAX_ATTEMPTS


def test_a_process_killed_while_handling_gets_the_event_again(system, flaky):
    event_id = str(uuid.uuid4())
    flaky.flag("slow", event_id)
    publish(system, "probe", "poked", {"mode": "slow"}, event_id=event_id)
    wait(lambda: flaky.runs(event_id), 15, "never started")
    flaky.kill()  # kill -9 mid-handling: nothing was acked
    flaky.unflag("slow", event_id)
    flaky.start()
    wait(lambda: flaky.applied(event_id), 15, f"not redelivered:\n{flaky.tail()}")
    assert len(flaky.runs(event_id)) == 2 and len(flaky.applied(event_id)) == 1


def test_the_real_services_apply_events_through_it_and_retry_one_they_cannot_handle(system):
    # an event applied by the real consumers: a submission reaches the office's review queue
    office = office_user(system)
    draft = submitted(signed_up_registrant(system), "soft")
    assert task_for(office, draft["id"])["level"] == "office"

    # an envelope without its event_id, put straight on each handler's own queue (not on the
    # review.events exchange, whose every event must match the catalogue): the handler fails,
    # and the message goes to the handler's 1 s retry queue instead of being acked away
    broken = {"type": "revoked", "producer": "review", "version": 1, "data": {}}
    with Connection(system.amqp_uri) as connection:
        producer = Producer(connection.channel())
        for service in ("registration", "certificates", "accounts"):
            producer.publish(broken, exchange="", routing_key=f"evt-review-revoked--{service}.on_revoked",
                             delivery_mode=2)
    for service in ("registration", "certificates", "accounts"):
        retry = handlers.retry_queue_name(f"evt-review-revoked--{service}.on_revoked", 1)
        wait(lambda: queue_state(system, retry) is not None, 15,
             f"{service} did not retry:\n{system.tail(service)}")
