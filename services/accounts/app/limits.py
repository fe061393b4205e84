"""Rate limit counters, shared by every gateway and accounts instance through the accounts
database (docs/architecture.md, "Rate limits"). `hit` runs inside a unit of work: a request
refused, or failing later in the same unit of work, is rolled back with it, so only what the
unit of work commits is counted."""
from __future__ import annotations

import hashlib
import random
import time

from ..domain import ratelimit
from . import store

SWEEP_ONE_IN = 20  # about one hit in N also deletes the bucket's ended windows


def key_of(*parts) -> str:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()


def hit(uow, limits: dict, bucket: str, key, now_ms: int | None = None) -> None:
    """Count one request of `bucket` by `key`; raise TooManyRequests (429) past the limit.
    A missing key (no client address given, no email) is not counted."""
    limit = limits.get(bucket, ratelimit.OFF)
    if not limit.on or key in (None, ""):
        return
    now_ms = int(time.time() * 1000) if now_ms is None else now_ms
    period_ms = limit.seconds * 1000
    hits, started = store.count_hit(uow.session, bucket, key_of(bucket, key), now_ms, period_ms)
    if random.randrange(SWEEP_ONE_IN) == 0:
        store.sweep_windows(uow.session, bucket, now_ms - period_ms)
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
