"""An agency's view of the events: its own queue on a producer's exchange, with kombu only."""
from __future__ import annotations

import time
import uuid

from kombu import Connection, Exchange, Queue

from .catalogue import validate_event

# Tests that stand in for a service (publishing its events directly) mark them, so the contract
# check applies to what the services themselves publish.
SYNTHETIC = {"x-published-by": "test"}


class EventTap:
    def __init__(self, amqp_uri: str, producer: str, routing_key: str = "#"):
        self.connection = Connection(amqp_uri)
        exchange = Exchange(f"{producer}.events", type="topic", durable=True)
        self.queue = Queue(f"test-tap-{uuid.uuid4().hex[:8]}", exchange, routing_key=routing_key,
                           durable=False, auto_delete=True)
        self.channel = self.connection.channel()
        self.bound = self.queue(self.channel)
        self.bound.declare()
        self.seen: list[dict] = []

    def drain(self) -> list[dict]:
        while True:
            message = self.bound.get(no_ack=True)
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
        self.connection.release()
