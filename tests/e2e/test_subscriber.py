"""An agency's subscriber (examples/subscriber/) on the real system: its own durable queue gets
every registration, including those approved while it was down, and it prints each fact once,
a redelivered one (same event_id) included."""
from __future__ import annotations

import ast
import os
import signal
import subprocess
import sys
import time
import uuid

import pytest
from kombu import Connection, Exchange, Producer

from tests.support.achievements import submitted, task_for
from tests.support.client import office_user, signed_up_registrant
from tests.support.events import EventTap
from tests.support.system import PY, ROOT

pytestmark = pytest.mark.e2e

EXAMPLE = os.path.join(ROOT, "examples", "subscriber")
SCRIPT = os.path.join(EXAMPLE, "subscriber.py")


class Subscriber:
    def __init__(self, system, directory, agency):
        self.queue = f"agency.{agency}.registered-achievements"
        self.output = os.path.join(directory, "subscriber.out")
        self.directory = directory
        # Nothing of the project on its path: it runs with kombu alone.
        self.env = {"PATH": os.environ.get("PATH", ""), "AMQP_URI": system.amqp_uri, "AGENCY": agency,
                    "SEEN_DB": os.path.join(directory, "seen.sqlite3"), "PYTHONUNBUFFERED": "1"}
        self.process = None

    def start(self):
        before = self.text().count("listening on")
        with open(self.output, "ab") as out:
            self.process = subprocess.Popen([PY, SCRIPT], cwd=self.directory, env=self.env,
                                            stdout=out, stderr=subprocess.STDOUT)
        self.wait(lambda text: text.count(f"listening on {self.queue}") > before, "never listened")

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        assert self.process.wait(timeout=15) == 0, self.text()

    def text(self):
        if not os.path.exists(self.output):
            return ""
        with open(self.output, encoding="utf-8") as handle:
            return handle.read()

    def wait(self, predicate, message, timeout=20):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if predicate(self.text()):
                return
            assert self.process.poll() is None, self.text()
            time.sleep(0.1)
        raise AssertionError(f"{message}:\n{self.text()}")

    def lines_with(self, needle):
        return [line for line in self.text().splitlines() if needle in line]


def register_one(system, office):
    """A registrant submits, the office approves: a real 登记号 and a real `approved` fact."""
    draft = submitted(signed_up_registrant(system), "soft")
    case = task_for(office, draft["id"])
    response = office.post(f"/api/v1/review/cases/{case['case_id']}/approve", {"comment": "予以登记"})
    assert response.status_code == 200, response.text
    return draft, response.json()["registration_number"]


def publish_again(system, envelope):
    """What a redelivery looks like to a subscriber: the same fact, the same event_id."""
    with Connection(system.amqp_uri) as connection:
        exchange = Exchange("review.events", type="topic", durable=True)
        Producer(connection.channel(), exchange=exchange).publish(
            envelope, routing_key=envelope["type"], declare=[exchange], delivery_mode=2)


def waiting(system, queue):
    with Connection(system.amqp_uri) as connection:
        return connection.channel().queue_declare(queue=queue, passive=True)[1]


def test_the_example_needs_nothing_but_kombu():
    tree = ast.parse(open(SCRIPT, encoding="utf-8").read())
    modules = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
               for alias in node.names}
    modules |= {node.module.split(".")[0] for node in ast.walk(tree)
                if isinstance(node, ast.ImportFrom) and node.module}
    assert modules - set(sys.stdlib_module_names) == {"kombu"}
    with open(os.path.join(EXAMPLE, "requirements.txt")) as handle:
        assert [line.split(">")[0].split("=")[0] for line in handle if line.strip()] == ["kombu"]


def test_an_agency_gets_each_registration_once_including_those_made_while_it_was_down(system, tmp_path):
    office = office_user(system)
    tap = EventTap(system.amqp_uri, "review", "approved")
    subscriber = Subscriber(system, str(tmp_path), f"test{uuid.uuid4().hex[:6]}")
    try:
        subscriber.start()
        first_draft, first = register_one(system, office)
        first_fact = tap.wait_for("approved", lambda d: d["draft_id"] == first_draft["id"])
        subscriber.wait(lambda text: first in text, "the first registration was not printed")
        line = subscriber.lines_with(first)[0]
        assert first_draft["title"] in line and first_fact["data"]["registered_on"] in line

        subscriber.stop()
        second_draft, second = register_one(system, office)          # while it is down
        second_fact = tap.wait_for("approved", lambda d: d["draft_id"] == second_draft["id"])
        publish_again(system, first_fact)                               # a repeat, while down
        deadline = time.time() + 10
        while waiting(system, subscriber.queue) < 2 and time.time() < deadline:
            time.sleep(0.1)
        assert waiting(system, subscriber.queue) == 2  # kept in its durable queue

        subscriber.start()
        subscriber.wait(lambda text: second in text, "the registration made while down was not printed")
        publish_again(system, second_fact)                              # a repeat, while up
        third_draft, third = register_one(system, office)              # comes after it in the queue
        subscriber.wait(lambda text: third in text, "the third registration was not printed")
        subscriber.stop()

        for number, fact in ((first, first_fact), (second, second_fact), (third, None)):
            lines = subscriber.lines_with(number)
            assert len(lines) == 1, subscriber.text()
            if fact:
                assert fact["event_id"] in lines[0]
        assert len([line for line in subscriber.text().splitlines() if line.startswith("已登记")]) == 3
        assert waiting(system, subscriber.queue) == 0
    finally:
        tap.close()
        if subscriber.process and subscriber.process.poll() is None:
            subscriber.process.kill()
