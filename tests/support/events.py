"""An agency's view of the events: its own queue on a producer's exchange, with kombu only; and
a test standing in for a producer (publish_review_event), its events marked SYNTHETIC."""
from __future__ import annotations

import datetime as dt
import time
import uuid

from kombu import Connection, Exchange, Producer, Queue

from .catalogue import validate_event

# Tests that stand in for a service (publishing its events directly) mark them, so the contract
# check applies to what the services themselves publish.
SYNTHETIC = {"x-published-by": "test"}


class EventTap:
    """A durable queue of the tap's own, like an agency's: events published while the broker
    restarts (tests/e2e/test_faults.py) are still in it afterwards, and drain() reconnects."""

    def __init__(self, amqp_uri: str, producer: str, routing_key: str = "#"):
        self.connection = Connection(amqp_uri)
        exchange = Exchange(f"{producer}.events", type="topic", durable=True)
        self.queue = Queue(f"test-tap-{uuid.uuid4().hex[:8]}", exchange, routing_key=routing_key,
                           durable=True, auto_delete=False)
        self._bind()
        self.seen: list[dict] = []

    def _bind(self) -> None:
        self.connection.ensure_connection(max_retries=60, interval_start=0.5, interval_step=0.5,
                                          interval_max=1)
        self.channel = self.connection.channel()
        self.bound = self.queue(self.channel)
        self.bound.declare()

    def _get(self):
        try:
            return self.bound.get(no_ack=True)
        except self.connection.recoverable_connection_errors + (OSError,):
            self.connection = self.connection.clone()  # the broker restarted: a new connection
            self._bind()
            return self.bound.get(no_ack=True)

    def drain(self) -> list[dict]:
        while True:
            message = self._get()
            if message is None:
                return self.seen
            if (message.headers or {}).get("x-published-by") != "test":
                validate_event(message.payload)  # the catalogue is the contract
            self.seen.append(message.payload)

    def wait_for(self, event_type: str, where=lambda data: True, timeout: float = 15) -> dict:
        deadline = time.time() + timeout
        while time.time() < deadline:
            for event in self.drain():
                if event["type"] == event_type and where(event["data"]):
                    return event
            time.sleep(0.1)
        raise AssertionError(f"no {event_type} event; saw {[e['type'] for e in self.seen]}")

    def close(self) -> None:
        try:
            self.bound.delete()
        except Exception:  # noqa: BLE001 - the broker is gone: nothing left to tidy
            pass
        self.connection.release()


def publish_review_event(system, event_type: str, data: dict) -> None:
    """Stand in for the review service: publish one of its events, marked SYNTHETIC."""
    with Connection(system.amqp_uri) as connection:
        exchange = Exchange("review.events", type="topic", durable=True)
        Producer(connection.channel(), exchange=exchange).publish(
            {"event_id": str(uuid.uuid4()), "type": event_type, "version": 1,
             "occurred_at": dt.datetime.now(dt.timezone.utc).isoformat(), "producer": "review",
             "data": data}, routing_key=event_type, declare=[exchange], delivery_mode=2,
            headers=SYNTHETIC)
