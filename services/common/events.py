"""The one envelope every event travels in.

`event_id` lets consumers drop repeats (delivery is at least once); `type` is also the
routing key on the producer's `<service>.events` topic exchange; `version` changes only
when `data` changes incompatibly. The catalogue of types is docs/events/.
"""
from __future__ import annotations

import uuid

from .clock import utcnow


def make_envelope(producer: str, event_type: str, data: dict, version: int = 1) -> dict:
    return {
        "event_id": str(uuid.uuid4()),
        "type": event_type,
        "version": version,
        "occurred_at": utcnow().isoformat(),
        "producer": producer,
        "data": data,
    }


def exchange_name(producer: str) -> str:
    return f"{producer}.events"
