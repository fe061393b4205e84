"""Calling a service's command entry point as nameko would, with a request id and an
Idempotency-Key in the worker's context, on a worker made by nameko's worker_factory."""
from __future__ import annotations

import uuid
from types import SimpleNamespace

from services.common.commands import Pending


def invoke(service, method: str, *args, request_id: str | None = None, key: str | None = None,
           **kwargs):
    """`service.<method>(*args)` as one RPC carrying `request_id` (a new one if None) and the
    client's Idempotency-Key `key`: the same request id and arguments are a redelivery."""
    entrypoint_method = getattr(type(service), method)
    ctx = SimpleNamespace(
        entrypoint=SimpleNamespace(
            method_name=method, container=SimpleNamespace(service_cls=type(service)),
            sensitive_arguments=next((e.sensitive_arguments for e in getattr(
                entrypoint_method, "nameko_entrypoints", ()) if hasattr(e, "sensitive_arguments")), ())),
        args=args, kwargs=kwargs,
        data={"request_id": request_id or uuid.uuid4().hex,
              **({"idempotency_key": key} if key else {})})
    service.command_request = Pending(ctx)
    try:
        return getattr(service, method)(*args, **kwargs)
    finally:
        service.command_request = None
