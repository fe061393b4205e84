"""The request id of an HTTP request, carried by every RPC the gateway makes for it."""
from __future__ import annotations

from nameko.extensions import DependencyProvider


class RequestContext(DependencyProvider):
    """Puts the request id into the worker's context data, so every RPC carries it."""

    def get_dependency(self, worker_ctx):
        return _Setter(worker_ctx)


class _Setter:
    def __init__(self, worker_ctx):
        self.worker_ctx = worker_ctx

    def set(self, request_id: str) -> None:
        self.worker_ctx.data["request_id"] = request_id
