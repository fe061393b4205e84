"""What every service reports to the gateway's /metrics at scrape time."""
from __future__ import annotations

from kombu import Connection

from . import outbox


def dead_letters(amqp_uri: str, service: str) -> int:
    """Messages parked in the service's dead-letter queue (0 if it has none yet)."""
    try:
        with Connection(amqp_uri, connect_timeout=2) as connection:
            channel = connection.channel()
            return channel.queue_declare(queue=f"{service}.dead-letters", passive=True).message_count
    except Exception:  # noqa: BLE001 - no such queue yet
        return 0


def service_gauges(db, amqp_uri: str, service: str) -> dict:
    gauges = {"outbox_backlog": outbox.backlog(db.engine, db.metadata),
              "dead_letters": dead_letters(amqp_uri, service)}
    group = getattr(db, "group", None)
    if group is not None:   # SQLite's group commit (group_commit.py): units per COMMIT = ÷
        gauges.update(group_commits=group.groups, group_commit_units=group.units)
    return gauges
