"""The transactional outbox: events are rows written with the change they report,
published to RabbitMQ after commit by a relay.

A crash after commit and before publishing leaves the row unpublished, and the next pass
of any instance's relay publishes it. A crash after publishing and before marking the row
publishes it again; consumers drop the repeat by `event_id`. On PostgreSQL several
instances claim disjoint batches (FOR UPDATE SKIP LOCKED), so in steady state each event
is published once.
"""
from __future__ import annotations

import logging

import sqlalchemy as sa
from kombu import Exchange

from .events import exchange_name, utcnow

log = logging.getLogger(__name__)

BATCH = 200


def outbox_table(metadata: sa.MetaData) -> sa.Table:
    return metadata.tables["outbox"]


def add_event(session, metadata: sa.MetaData, envelope: dict, request_id: str | None) -> None:
    session.execute(outbox_table(metadata).insert().values(
        event_id=envelope["event_id"], event_type=envelope["type"], envelope=envelope,
        request_id=request_id, created_at=utcnow(), attempts=0))


def publish_pending(engine: sa.Engine, metadata: sa.MetaData, publisher, exchange: Exchange) -> int:
    """Publish one batch of unpublished events in order; return how many were published."""
    table = outbox_table(metadata)
    query = (sa.select(table.c.id, table.c.envelope, table.c.request_id)
             .where(table.c.published_at.is_(None)).order_by(table.c.id).limit(BATCH))
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:  # row locks held until the batch is marked
            rows = conn.execute(query.with_for_update(skip_locked=True)).all()
            return _publish_rows(conn, table, rows, publisher, exchange, commit_each=False)
    with engine.connect() as conn:
        rows = conn.execute(query).all()
        conn.commit()  # never hold SQLite's write lock while talking to the broker
        return _publish_rows(conn, table, rows, publisher, exchange, commit_each=True)


def _publish_rows(conn, table, rows, publisher, exchange, commit_each: bool) -> int:
    published = 0
    for row in rows:
        headers = {"nameko.request_id": row.request_id} if row.request_id else {}
        try:
            publisher.publish(row.envelope, exchange=exchange,
                              routing_key=row.envelope["type"], extra_headers=headers)
        except Exception as exc:  # broker down: keep the row, a later pass retries
            log.warning("outbox publish failed: %s", exc,
                        extra={"event_id": row.envelope["event_id"]})
            conn.execute(table.update().where(table.c.id == row.id).values(
                attempts=table.c.attempts + 1, last_error=str(exc)[:500]))
            if commit_each:
                conn.commit()
            break
        conn.execute(table.update().where(table.c.id == row.id).values(published_at=utcnow()))
        if commit_each:
            conn.commit()
        published += 1
    return published


HISTORY_PAGE = 1000


def history(engine: sa.Engine, metadata: sa.MetaData, after, limit) -> dict:
    """{"events": [envelope, …], "next": id to ask after, or None at the end}."""
    after = after if isinstance(after, int) and not isinstance(after, bool) and after >= 0 else 0
    limit = min(max(int(limit), 1), HISTORY_PAGE) if isinstance(limit, int) else HISTORY_PAGE
    table = outbox_table(metadata)
    with engine.connect() as conn:
        rows = conn.execute(sa.select(table.c.id, table.c.envelope).where(table.c.id > after)
                            .order_by(table.c.id).limit(limit)).all()
    return {"events": [row.envelope for row in rows],
            "next": rows[-1].id if len(rows) == limit else None}


def backlog(engine: sa.Engine, metadata: sa.MetaData) -> int:
    table = outbox_table(metadata)
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table)
                            .where(table.c.published_at.is_(None))).scalar_one()


def event_exchange(producer: str) -> Exchange:
    # Same arguments as nameko's own event exchange, so both declare it identically.
    return Exchange(exchange_name(producer), type="topic", durable=True, delivery_mode=2,
                    auto_delete=False)
