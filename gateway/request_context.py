"""The request id of an HTTP request, and the client's Idempotency-Key on a command route,
carried by every RPC the gateway makes for it (nameko puts the worker's context data in the
`nameko.*` headers of each call)."""
from __future__ import annotations

from nameko.extensions import DependencyProvider


class RequestContext(DependencyProvider):
    """Puts the request id into the worker's context data, so every RPC carries it."""

    def get_dependency(self, worker_ctx):
        return _Setter(worker_ctx)


class _Setter:
    def __init__(self, worker_ctx):
        self.worker_ctx = worker_ctx

    def set(self, request_id: str, idempotency_key: str | None = None) -> None:
        self.worker_ctx.data["request_id"] = request_id
        self.worker_ctx.data.pop("idempotency_key", None)
        if idempotency_key:
            self.set_idempotency_key(idempotency_key)

    def set_idempotency_key(self, key: str) -> None:
        """The key a command's service records its first answer under (services/common/commands.py)."""
        self.worker_ctx.data["idempotency_key"] = key
