"""The one table from errors to HTTP status, and the one error shape:

    {"error": {"code": "...", "message": "中文说明", "fields": {"field": "中文说明"}}}
"""
from __future__ import annotations

import json

from nameko.exceptions import RemoteError, UnknownService, get_module_path, registry
from werkzeug.wrappers import Response

from services.common import errors as service_errors
from services.common.rpc import RpcTimeout

STATUS = {
    service_errors.InvalidInput: 400,
    service_errors.NotAuthenticated: 401,
    service_errors.Forbidden: 403,
    service_errors.NotFound: 404,
    service_errors.Conflict: 409,
    service_errors.Gone: 410,
    service_errors.Locked: 423,
    service_errors.TooManyRequests: 429,
    service_errors.PayloadTooLarge: 413,
    service_errors.UnsupportedType: 415,
    service_errors.DatabaseUnavailable: 503,
    service_errors.ServiceError: 400,
}



def register_remote_errors() -> None:
    """Let nameko rebuild the services' error classes from RPC replies."""
    for cls in service_errors.ALL_ERRORS:
        registry[get_module_path(cls)] = cls.from_wire


def error_body(code: str, message: str, fields: dict | None = None, details: dict | None = None):
    body = {"code": code, "message": message}
    if fields:
        body["fields"] = fields
    if details:
        body["details"] = details
    return {"error": body}


def json_response(status: int, payload, headers: dict | None = None) -> Response:
    return Response(json.dumps(payload, ensure_ascii=False), status=status, headers=headers,
                    content_type="application/json; charset=utf-8")


def _retry_after(exc) -> dict | None:
    """429s and 503s tell when to come back: the seconds the service gave, or a minute."""
    if not isinstance(exc, (service_errors.TooManyRequests, service_errors.DatabaseUnavailable)):
        return None
    try:
        seconds = max(1, int(exc.details.get("retry_after", 60)))
    except (TypeError, ValueError):
        seconds = 60
    return {"Retry-After": str(seconds)}


def response_for(exc: Exception) -> Response:
    for cls in type(exc).__mro__:
        if cls in STATUS:
            return json_response(STATUS[cls], {"error": exc.as_dict()}, headers=_retry_after(exc))
    if isinstance(exc, UnknownService):
        return json_response(503, error_body("service_unavailable", "服务暂时不可用，请稍后再试",
                                             details={"service": exc.args[0] if exc.args else None}))
    if isinstance(exc, RpcTimeout):
        return json_response(504, error_body("service_timeout", "服务响应超时，请稍后再试"))
    if isinstance(exc, RemoteError):
        return json_response(500, error_body("internal_error", "系统内部错误，请稍后再试"))
    return json_response(500, error_body("internal_error", "系统内部错误，请稍后再试"))
