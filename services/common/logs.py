"""Structured (JSON) logs that carry the request id of the work being done.

The gateway gives every HTTP request an id; nameko carries it in message headers
(`nameko.request_id`) through every RPC and every event the outbox publishes. The
`RequestId` dependency puts it in green-thread-local storage for the log filter.
"""
from __future__ import annotations

import logging
import uuid

from eventlet.corolocal import local
from nameko.extensions import DependencyProvider

_current = local()


def current_request_id() -> str | None:
    return getattr(_current, "request_id", None)


def set_request_id(request_id: str | None) -> None:
    _current.request_id = request_id


class RequestIdFilter(logging.Filter):
    def __init__(self, service: str = ""):
        super().__init__()
        self.service = service

    def filter(self, record):
        record.request_id = current_request_id()
        record.service = self.service
        return True


class RequestId(DependencyProvider):
    """Makes the caller's request id current for the worker (a new one if none came)."""

    def worker_setup(self, worker_ctx):
        request_id = worker_ctx.data.get("request_id") or uuid.uuid4().hex
        worker_ctx.data["request_id"] = request_id
        set_request_id(request_id)

    def worker_teardown(self, worker_ctx):
        set_request_id(None)

    def get_dependency(self, worker_ctx):
        return worker_ctx.data.get("request_id")
