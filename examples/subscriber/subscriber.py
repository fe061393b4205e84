#!/usr/bin/env python3
"""An agency's subscriber to 科技成果登记 facts, with kombu only.

It declares the agency's own durable queue, ``agency.<AGENCY>.registered-achievements``, bound
to the review service's topic exchange ``review.events`` with the routing keys ``approved``
(审核通过，予以登记) and ``revoked`` (注销登记), and prints each registered achievement: its
登记号, title and registration date. Facts published while the subscriber is down wait in its
queue. Delivery is at least once, so it remembers the ``event_id`` of every fact it has printed
(a small SQLite file) and skips repeats; it acknowledges a message only after printing and
remembering it.

Environment:
  AMQP_URI   the broker, e.g. amqp://agency:secret@mq.example.gov.cn:5672/   (required)
  AGENCY     your agency's short name, part of the queue name        (default: example)
  SEEN_DB    the SQLite file of event_ids already handled  (default: seen-<AGENCY>.sqlite3)

Run:  AMQP_URI=... AGENCY=kjt python subscriber.py
"""
from __future__ import annotations

import logging
import os
import signal
import sqlite3
import sys
import time

from kombu import Connection, Exchange, Queue, binding
from kombu.mixins import ConsumerMixin

log = logging.getLogger("subscriber")

# What to listen to: (exchange, routing key). See docs/events/review.yaml for the payloads.
BINDINGS = [("review.events", "approved"), ("review.events", "revoked")]


class Seen:
    """The event_ids already handled, in a local SQLite file."""

    def __init__(self, path: str):
        self.db = sqlite3.connect(path)
        self.db.execute("CREATE TABLE IF NOT EXISTS seen ("
                        "event_id TEXT PRIMARY KEY, type TEXT, seen_at REAL)")
        self.db.commit()

    def __contains__(self, event_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM seen WHERE event_id = ?", (event_id,)).fetchone() is not None

    def add(self, event_id: str, event_type: str) -> None:
        self.db.execute("INSERT OR IGNORE INTO seen VALUES (?, ?, ?)", (event_id, event_type, time.time()))
        self.db.commit()


def describe(event: dict) -> str | None:
    """The line printed for one fact (None: not one we print)."""
    data = event.get("data") or {}
    if event.get("type") == "approved":
        return (f"已登记 {data.get('registration_number')} 《{data.get('title')}》 "
                f"登记日期 {data.get('registered_on')}  (event {event.get('event_id')})")
    if event.get("type") == "revoked":
        return (f"已注销 {data.get('registration_number')} 《{data.get('title')}》 "
                f"(event {event.get('event_id')})")
    return None


class Subscriber(ConsumerMixin):
    def __init__(self, connection: Connection, queue: Queue, seen: Seen):
        self.connection = connection  # ConsumerMixin reconnects with it when the broker goes away
        self.queue = queue
        self.seen = seen

    def get_consumers(self, Consumer, channel):
        return [Consumer(queues=[self.queue], callbacks=[self.on_message], accept=["json"],
                         prefetch_count=10)]

    def on_consume_ready(self, connection, channel, consumers, **kwargs):
        print(f"listening on {self.queue.name}", flush=True)

    def on_message(self, event, message):
        event_id = event.get("event_id") if isinstance(event, dict) else None
        if not event_id:
            log.error("not an event envelope, dropped: %r", event)
            message.reject(requeue=False)
            return
        if event_id in self.seen:
            log.info("repeat of %s skipped", event_id)
            message.ack()
            return
        line = describe(event)
        if line:
            print(line, flush=True)
        # A crash here (printed, not yet remembered) prints it once more after the restart:
        # the one place where at-least-once shows. Remember, then acknowledge.
        self.seen.add(event_id, event.get("type", ""))
        message.ack()


def main() -> int:
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "WARNING"),
                        format="%(asctime)s %(levelname)s %(message)s")
    amqp_uri = os.environ.get("AMQP_URI")
    if not amqp_uri:
        print("set AMQP_URI, e.g. amqp://guest:guest@127.0.0.1:5672/", file=sys.stderr)
        return 2
    agency = os.environ.get("AGENCY", "example")
    seen = Seen(os.environ.get("SEEN_DB", f"seen-{agency}.sqlite3"))

    # The producers' exchanges: topic, durable (declaring them again with the same arguments
    # is harmless, and lets the subscriber start before the producer ever has).
    exchanges = {name: Exchange(name, type="topic", durable=True) for name, _ in BINDINGS}
    queue = Queue(f"agency.{agency}.registered-achievements", durable=True, auto_delete=False,
                  bindings=[binding(exchanges[name], routing_key=key) for name, key in BINDINGS])

    with Connection(amqp_uri, heartbeat=30) as connection:
        subscriber = Subscriber(connection, queue, seen)

        def stop(signum, frame):
            subscriber.should_stop = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        subscriber.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
