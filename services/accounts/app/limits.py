"""Rate limit counters in the accounts database, so that every gateway and every accounts
instance counts the same requests: one row per (bucket, key), a fixed window that starts at
the window's first request, bumped with one atomic INSERT … ON CONFLICT DO UPDATE (PostgreSQL
and SQLite both), so concurrent requests on any number of instances are all counted.

`hit` is called inside a unit of work: a request refused (or failing later in the same unit
of work) is rolled back with it, so only what the unit of work commits is counted.
"""
from __future__ import annotations

import hashlib
import random
import time

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from ..domain import ratelimit
from ..models import RateLimitCounter

SWEEP_ONE_IN = 20  # about one hit in N also deletes the bucket's ended windows

_table = RateLimitCounter.__table__


def key_of(*parts) -> str:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()


def _now_ms() -> int:
    return int(time.time() * 1000)


def hit(session, limits: dict, bucket: str, key, now_ms: int | None = None) -> None:
    """Count one request of `bucket` by `key`; raise TooManyRequests (429) past the limit.
    A missing key (no client address given, no email) is not counted."""
    limit = limits.get(bucket, ratelimit.OFF)
    if not limit.on or key in (None, ""):
        return
    now_ms = _now_ms() if now_ms is None else now_ms
    period_ms = limit.seconds * 1000
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    ended = _table.c.window_started_ms + period_ms <= now_ms
    statement = insert(_table).values(bucket=bucket, key_hash=key_of(bucket, key),
                                      window_started_ms=now_ms, hits=1)
    statement = statement.on_conflict_do_update(
        index_elements=[_table.c.bucket, _table.c.key_hash],
        set_={"hits": sa.case((ended, 1), else_=_table.c.hits + 1),
              "window_started_ms": sa.case((ended, now_ms), else_=_table.c.window_started_ms)},
    ).returning(_table.c.hits, _table.c.window_started_ms)
    hits, started = session.execute(statement).one()
    if random.randrange(SWEEP_ONE_IN) == 0:
        session.execute(sa.delete(_table).where(_table.c.bucket == bucket,
                                                _table.c.window_started_ms <= now_ms - period_ms))
    if ratelimit.over(limit, hits):
        raise ratelimit.refusal(bucket, ratelimit.retry_after(limit, started, now_ms))


def client_ip(client) -> str | None:
    """The client address the gateway passed (`{"ip": "…"}`), or None."""
    if isinstance(client, dict) and isinstance(client.get("ip"), str) and client["ip"].strip():
        return client["ip"].strip()[:64]
    return None


def email_key(value) -> str | None:
    """An email as typed into a form, the way accounts finds it (trimmed, lower case)."""
    if isinstance(value, str) and value.strip():
        return value.strip().lower()[:254]
    return None
