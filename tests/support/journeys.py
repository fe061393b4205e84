"""Journeys through the whole system, and the check that everything a journey made is there
exactly once: the draft, its one submission, its decisions (timeline), its emails, its one
certificate and its events, once in each consumer's processed_events. Shared by the tests of
several instances (tests/e2e/test_instances.py) and of faults (tests/e2e/test_faults.py)."""
from __future__ import annotations

import collections
import email.parser
import email.policy
import hashlib
import json
import os
import re
import subprocess
import time
import uuid
from dataclasses import dataclass, field

import sqlalchemy as sa
from kombu import Connection, Exchange, Queue

from tests.support.achievements import filled
from tests.support.catalogue import validate_event
from tests.support.client import (Person, activate_from_mail, office_user, signed_up_registrant,
                                  unique_email, unit_form)

PRODUCERS = ("accounts", "registration", "review", "certificates")
FORWARDED = "成果已通过审核并报送上级"
REGISTERED = "成果已登记"
NEW_TASK = "新的待审核成果"

# Who consumes what, as recorded in each service's processed_events:
# (consuming service, consumer name, producer, event types)
CONSUMERS = [
    ("review", "review.submitted", "registration", {"submitted"}),
    ("accounts", "accounts.notices", "registration", {"submitted"}),
    ("accounts", "accounts.notices", "review",
     {"forwarded", "returned", "withdrawn", "refused", "approved", "revoked"}),
    ("registration", "registration.review_events", "review",
     {"forwarded", "returned", "withdrawn", "refused", "approved", "revoked"}),
    ("certificates", "certificates.approved", "review", {"approved"}),
    ("certificates", "certificates.revoked", "review", {"revoked"}),
    ("reports", "reports", "registration", {"submitted"}),
    ("reports", "reports", "review", {"forwarded", "returned", "withdrawn", "refused", "approved", "revoked"}),
    ("reports", "reports", "certificates", {"issued"}),
]


def wait_until(predicate, timeout: float, what: str, every: float = 0.2):
    """Poll until `predicate()` is truthy and return it; fail with `what` after `timeout`."""
    deadline = time.time() + timeout
    while True:
        try:
            value = predicate()
        except Exception as exc:  # noqa: BLE001 - a system coming back may refuse for a while
            value, error = None, exc
        else:
            error = None
        if value:
            return value
        if time.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}" + (f": {error!r}" if error else ""))
        time.sleep(every)


# -- the people ----------------------------------------------------------------------------
@dataclass
class Cast:
    office: Person
    office_email: str
    admin: Person
    admin_email: str
    unit_id: int
    registrant: Person
    email: str
    loner: Person  # a registrant without a unit: the office reviews first
    loner_email: str


def make_cast(system) -> Cast:
    """The office, an approved unit with its admin, and a registrant of that unit."""
    office = office_user(system)
    visitor = Person(system)
    form = unit_form()
    unit = visitor.post("/api/v1/units", {**form, **visitor.captcha()}).json()
    assert office.post(f"/api/v1/units/{unit['id']}/approve").status_code == 200
    admin = activate_from_mail(system, form["admin_email"])
    email = unique_email("many")
    admin.post(f"/api/v1/units/{unit['id']}/registrants", {"name": "王伟任", "email": email})
    registrant = activate_from_mail(system, email)
    loner = signed_up_registrant(system)
    return Cast(office, office.get("/api/v1/me").json()["email"], admin, form["admin_email"],
                unit["id"], registrant, email, loner, loner.get("/api/v1/me").json()["email"])


# -- one journey, step by step --------------------------------------------------------------
@dataclass
class Journey:
    draft_id: int
    title: str
    category: str
    with_unit: bool
    owner: Person
    email: str
    snapshot_id: int | None = None
    case_id: int | None = None
    number: str | None = None
    steps: list[str] = field(default_factory=list)


def start(cast: Cast, category: str = "applied", with_unit: bool = True) -> Journey:
    """A complete draft, saved with its attachments, not yet submitted: of the unit's
    registrant (unit admin, then office) or of the registrant without a unit (office only)."""
    owner, email = (cast.registrant, cast.email) if with_unit else (cast.loner, cast.loner_email)
    draft = filled(owner, category)
    return Journey(draft["id"], draft["title"], category, with_unit, owner, email)


def submit(journey: Journey, key: str | None = None) -> dict:
    headers = {"Idempotency-Key": key} if key else None
    response = journey.owner.post(f"/api/v1/achievements/{journey.draft_id}/submit", headers=headers)
    assert response.status_code == 200, response.text
    journey.snapshot_id = response.json()["snapshot_id"]
    if "submit" not in journey.steps:
        journey.steps.append("submit")
    return response.json()


def task(person: Person, journey: Journey, timeout: float = 60) -> dict:
    """The journey's case, once it is in `person`'s queue."""
    def found():
        listed = person.get(f"/api/v1/review/tasks?page_size=100&q={journey.title}")
        if listed.status_code != 200:
            return None
        return next((c for c in listed.json()["items"] if c["draft_id"] == journey.draft_id), None)
    case = wait_until(found, timeout, f"draft {journey.draft_id} in the queue")
    journey.case_id = case["case_id"]
    return case


def forward(cast: Cast, journey: Journey, timeout: float = 60) -> dict:
    case = task(cast.admin, journey, timeout)
    response = cast.admin.post(f"/api/v1/review/cases/{case['case_id']}/approve", {"comment": "同意报送"})
    assert response.status_code == 200, response.text
    journey.steps.append("forward")
    return response.json()


def approve(cast: Cast, journey: Journey, timeout: float = 60) -> str:
    case = task(cast.office, journey, timeout)
    response = cast.office.post(f"/api/v1/review/cases/{case['case_id']}/approve", {"comment": "予以登记"})
    assert response.status_code == 200, response.text
    journey.number = response.json()["registration_number"]
    journey.steps.append("approve")
    return journey.number


def certificate(journey: Journey, timeout: float = 90) -> dict:
    def issued():
        response = journey.owner.get(f"/api/v1/achievements/{journey.draft_id}/certificate")
        return response.json() if response.status_code == 200 else None
    return wait_until(issued, timeout, f"the certificate of {journey.number}", every=0.3)


def whole(cast: Cast, journey: Journey) -> Journey:
    submit(journey)
    if journey.with_unit:
        forward(cast, journey)
    approve(cast, journey)
    certificate(journey)
    return journey


# -- what tests read straight from the databases, the mail sink and the broker ---------------
def rows(system, service: str, sql: str, **params) -> list:
    engine = system.db(service)
    try:
        with engine.connect() as conn:
            return conn.execute(sa.text(sql), params).all()
    finally:
        engine.dispose()


def outbox(system, producer: str) -> list[dict]:
    """Every event the producer recorded, with whether its relay has published it."""
    found = []
    for row in rows(system, producer, "SELECT envelope, published_at FROM outbox ORDER BY id"):
        envelope = row.envelope if isinstance(row.envelope, dict) else json.loads(row.envelope)
        found.append({**envelope, "published": row.published_at is not None})
    return found


def processed(system, service: str) -> list[tuple[str, str]]:
    return [(r.consumer, r.event_id) for r in rows(system, service,
                                                     "SELECT consumer, event_id FROM processed_events")]


def sent_message_ids(system) -> list[str]:
    """The Message-ID of every email the sink received (the mailer sets <outgoing-<row id>@…>),
    one entry per received copy. A system whose sink is elsewhere (a container) says them itself."""
    if hasattr(system, "sent_message_ids"):
        return system.sent_message_ids()
    parser = email.parser.BytesHeaderParser(policy=email.policy.default)
    ids = []
    if not os.path.isdir(system.mail_dir):
        return ids
    for name in os.listdir(system.mail_dir):
        if name.endswith(".eml"):
            with open(os.path.join(system.mail_dir, name), "rb") as handle:
                ids.append(str(parser.parse(handle)["Message-ID"]))
    return ids


def mails_about(system, to: str, subject: str, title: str) -> list[dict]:
    return [m for m in system.mails(to) if subject in m["subject"] and title in m["body"]]


class Recorder:
    """Every event the producers publish, from durable queues of the test's own (bound with
    '#' to each producer's exchange), so it survives a restart of RabbitMQ; each drain uses a
    fresh connection. Every event is checked against the catalogue (docs/events/)."""

    def __init__(self, amqp_uri: str, producers=PRODUCERS):
        self.amqp_uri = amqp_uri
        tag = uuid.uuid4().hex[:8]
        self.queues = [Queue(f"test-record-{tag}-{p}",
                             Exchange(f"{p}.events", type="topic", durable=True),
                             routing_key="#", durable=True, auto_delete=False) for p in producers]
        self.seen: list[dict] = []
        with Connection(amqp_uri, connect_timeout=10) as connection:
            channel = connection.channel()
            for queue in self.queues:
                queue(channel).declare()

    def drain(self) -> list[dict]:
        with Connection(self.amqp_uri, connect_timeout=10) as connection:
            channel = connection.channel()
            for queue in self.queues:
                bound = queue(channel)
                while (message := bound.get(no_ack=False)) is not None:
                    if (message.headers or {}).get("x-published-by") != "test":
                        validate_event(message.payload)
                    self.seen.append(message.payload)
                    message.ack()
        return self.seen

    def settle(self, system, quiet: float = 1.5, timeout: float = 60) -> list[dict]:
        """Drain until every outbox row is published and nothing new came for `quiet` seconds."""
        def settled():
            if any(not e["published"] for p in PRODUCERS for e in outbox(system, p)):
                return False
            before = len(self.drain())
            time.sleep(quiet)
            return len(self.drain()) == before
        wait_until(settled, timeout, "every outbox row published and delivered", every=0.3)
        return self.seen

    def close(self) -> None:
        try:
            with Connection(self.amqp_uri, connect_timeout=5) as connection:
                channel = connection.channel()
                for queue in self.queues:
                    queue(channel).delete()
        except Exception:  # noqa: BLE001 - the vhost goes with the system anyway
            pass


def _why_not_approved(system, journey) -> str:
    """What the registration service holds about a draft the review service approved, and the
    state of its review-event queues: for a test that fails on a busy machine."""
    draft = rows(system, "registration", "SELECT status, review_at, (SELECT max(id) FROM snapshots "
                 "WHERE draft_id = :d) AS snapshot FROM drafts WHERE id = :d", d=journey.draft_id)
    cases = rows(system, "review", "SELECT id, snapshot_id, status, updated_at FROM cases "
                 "WHERE draft_id = :d", d=journey.draft_id)
    queues = subprocess.run(["rabbitmqctl", "-q", "list_queues", "-p", system.tag, "name",
                             "consumers", "messages_ready", "messages_unacknowledged"],
                            capture_output=True, text=True, timeout=60).stdout
    return (f"registration draft: {draft}\nreview case: {cases}\nqueues of registration:\n" +
            "\n".join(line for line in queues.splitlines() if "registration" in line) +
            "\n" + system.tail("registration", 15))


def consumers_of(amqp_uri: str, queue: str) -> int:
    with Connection(amqp_uri, connect_timeout=5) as connection:
        channel = connection.channel()
        try:
            return channel.queue_declare(queue=queue, passive=True).consumer_count
        finally:
            channel.close()


def listening_pids(port: int) -> set[int]:
    out = subprocess.run(["ss", "-Htlnp", f"( sport = :{port} )"], capture_output=True,
                         text=True, check=True).stdout
    return {int(p) for p in re.findall(r"pid=(\d+)", out)}


def connected_pids(port: int) -> set[int]:
    out = subprocess.run(["ss", "-Htnp", "state", "established", f"( sport = :{port} )"],
                         capture_output=True, text=True, check=True).stdout
    return {int(p) for p in re.findall(r"pid=(\d+)", out)}


def assert_gap_free(system) -> dict[str, list[int]]:
    """Every 登记号 the system gave, per (year, category): 1, 2, 3 … with no gap or repeat."""
    serials = collections.defaultdict(list)
    for row in rows(system, "review", "SELECT registration_number FROM cases "
                                      "WHERE registration_number IS NOT NULL"):
        serials[row.registration_number[:8]].append(int(row.registration_number[8:]))
    for prefix, got in serials.items():
        assert sorted(got) == list(range(1, len(got) + 1)), (prefix, sorted(got))
    return serials


# -- the check ------------------------------------------------------------------------------
def check_exactly_once(system, cast: Cast, journeys: list[Journey], recorder: Recorder | None,
                       *, once_on_the_wire: bool, mail_repeats_allowed: int = 0,
                       mail_timeout: float = 30) -> None:
    """Everything the journeys made is there exactly once.

    `once_on_the_wire`: no event was published twice (steady state on PostgreSQL). Otherwise
    repeats on the wire are allowed (the outbox is at-least-once: SQLite's relay of two
    instances, or a crash between publishing and marking), and the consumers must have absorbed
    them: each event once in each consumer's processed_events and each side effect once.
    `mail_repeats_allowed`: copies of an email beyond the first that the sink may hold (the
    mailer is at-least-once across its own crash: a kill between sending and recording)."""
    drafts = [j.draft_id for j in journeys]
    by_draft = {j.draft_id: j for j in journeys}

    # drafts and their one submission each
    for j in journeys:
        try:
            draft = wait_until(lambda: (lambda d: d if d["status_label"] == "审核通过" else None)(
                j.owner.get(f"/api/v1/achievements/{j.draft_id}").json()), 60,
                f"draft {j.draft_id} approved")
        except AssertionError as exc:
            raise AssertionError(f"{exc}\n{_why_not_approved(system, j)}") from None
        assert draft["title"] == j.title and draft["registration_number"] == j.number
    snapshots = collections.Counter(r.draft_id for r in rows(
        system, "registration", "SELECT draft_id FROM snapshots"))
    assert {d: snapshots[d] for d in drafts} == {d: 1 for d in drafts}

    # one case per submission, decisions once each in the timeline
    cases = collections.Counter(r.draft_id for r in rows(system, "review", "SELECT draft_id FROM cases"))
    assert {d: cases[d] for d in drafts} == {d: 1 for d in drafts}
    for j in journeys:
        steps = j.owner.get(f"/api/v1/achievements/{j.draft_id}/timeline").json()["steps"]
        assert [s["action"] for s in steps] == j.steps, (j.draft_id, steps)

    assert_gap_free(system)

    # one certificate per approval, issued, its stored PDF the one that is served
    certificates = rows(system, "certificates", "SELECT registration_number, draft_id, status, "
                        "pdf_sha256 FROM certificates")
    for j in journeys:
        mine = [c for c in certificates if c.registration_number == j.number]
        assert len(mine) == 1 and mine[0].status == "issued" and mine[0].draft_id == j.draft_id, mine
        pdf = j.owner.get(f"/api/v1/achievements/{j.draft_id}/certificate.pdf")
        assert pdf.status_code == 200 and hashlib.sha256(pdf.content).hexdigest() == mine[0].pdf_sha256

    # every event recorded once, published, and once in each of its consumers
    events = {p: [e for e in outbox(system, p) if (e["data"] or {}).get("draft_id") in by_draft]
              for p in ("registration", "review", "certificates")}
    for producer, recorded in events.items():
        assert all(e["published"] for e in recorded), f"unpublished {producer} events"
        assert len({e["event_id"] for e in recorded}) == len(recorded)
    kinds = {p: collections.Counter((e["data"]["draft_id"], e["type"]) for e in recorded)
             for p, recorded in events.items()}
    for j in journeys:
        assert kinds["registration"][(j.draft_id, "submitted")] == 1
        assert kinds["review"][(j.draft_id, "forwarded")] == (1 if j.with_unit else 0)
        assert kinds["review"][(j.draft_id, "approved")] == 1
        assert kinds["certificates"][(j.draft_id, "issued")] == 1
    # the office's read model counts each registration as registered, with its number
    for j in journeys:
        wait_until(lambda: rows(system, "reports", "SELECT 1 FROM registrations WHERE draft_id = :d "
                                "AND status = 'registered' AND registration_number = :n "
                                "AND certificate_sha256 IS NOT NULL", d=j.draft_id, n=j.number),
                   60, f"draft {j.draft_id} registered in the read model")
    seen = {service: collections.Counter(processed(system, service))
            for service in ("accounts", "registration", "review", "certificates", "reports")}
    for service, consumer, producer, types in CONSUMERS:
        for event in events[producer]:
            if event["type"] in types:
                assert seen[service][(consumer, event["event_id"])] == 1, (consumer, event["type"])
    if recorder is not None:
        wire = collections.Counter(e["event_id"] for e in recorder.settle(system))
        for producer, recorded in events.items():
            for event in recorded:
                assert wire[event["event_id"]] >= 1, f"{producer}.{event['type']} never published"
                if once_on_the_wire:
                    assert wire[event["event_id"]] == 1, f"{producer}.{event['type']} published twice"
        issued = [e for e in recorder.seen if e["type"] == "issued" and e["data"]["draft_id"] in by_draft]
        for e in issued:
            assert e["data"]["sha256"] == next(c.pdf_sha256 for c in certificates
                                               if c.registration_number == e["data"]["registration_number"])

    # each email once: to the reviewers when a case reaches them, to the registrant per decision
    def count(to, subject, title, expected):
        wait_until(lambda: len(mails_about(system, to, subject, title)) >= expected, mail_timeout,
                   f"mail '{subject}' about {title} to {to}")
        return len(mails_about(system, to, subject, title))
    repeats = 0
    for j in journeys:
        expected = [(cast.office_email, NEW_TASK, 1), (j.email, REGISTERED, 1)]
        if j.with_unit:
            expected += [(cast.admin_email, NEW_TASK, 1), (j.email, FORWARDED, 1)]
        for to, subject, n in expected:
            got = count(to, subject, j.title, n)
            assert n <= got <= n + mail_repeats_allowed, (to, subject, got)
            repeats += got - n
    assert repeats <= mail_repeats_allowed
    copies = collections.Counter(sent_message_ids(system))
    sent = {f"outgoing-{r.id}" for r in rows(system, "accounts", "SELECT id FROM outgoing_messages "
                                                               "WHERE status = 'sent'")}
    received = {re.sub(r"^<([^@]+)@.*$", r"\1", k) for k in copies}
    assert sent <= received, sent - received
    extra = sum(n - 1 for n in copies.values())
    assert extra <= mail_repeats_allowed, [k for k, n in copies.items() if n > 1]
