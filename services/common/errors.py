"""Errors a service raises on purpose, and how they travel to the gateway.

Each error has a stable ASCII `code` for programs, a Chinese `message` for people and
optional per-field messages. Over RPC nameko serialises an exception as its class path
and args; the one arg here is a JSON string, so the gateway rebuilds the same class with
every field intact (gateway/errors.py registers `from_wire` with nameko). The HTTP status
of each class lives in the gateway's one table (gateway/errors.py), not here.
"""
from __future__ import annotations

import json


class ServiceError(Exception):
    default_code = "error"
    default_message = "请求无法完成"

    def __init__(self, code: str | None = None, message: str | None = None,
                 fields: dict | None = None, details: dict | None = None):
        self.code = code or self.default_code
        self.message = message or self.default_message
        self.fields = dict(fields or {})
        self.details = dict(details or {})
        # One JSON string: nameko turns non-string args (numbers in details) into strings.
        super().__init__(json.dumps(self.as_dict(), ensure_ascii=False))

    @classmethod
    def from_wire(cls, text: str) -> "ServiceError":
        """Rebuild the error from the arg nameko carried in an RPC reply."""
        data = json.loads(text)
        return cls(data.get("code"), data.get("message"), data.get("fields"), data.get("details"))

    def __str__(self):
        return f"{self.code}: {self.message}"

    def as_dict(self) -> dict:
        body = {"code": self.code, "message": self.message}
        if self.fields:
            body["fields"] = self.fields
        if self.details:
            body["details"] = self.details
        return body


class InvalidInput(ServiceError):
    default_code = "invalid_input"
    default_message = "提交的信息有误，请检查后重试"


class NotAuthenticated(ServiceError):
    default_code = "not_authenticated"
    default_message = "请先登录"


class Forbidden(ServiceError):
    default_code = "forbidden"
    default_message = "您没有权限进行此操作"


class NotFound(ServiceError):
    default_code = "not_found"
    default_message = "请求的内容不存在"


class Conflict(ServiceError):
    default_code = "conflict"
    default_message = "操作与当前状态冲突"


class Gone(ServiceError):
    default_code = "gone"
    default_message = "链接已失效"


class Locked(ServiceError):
    default_code = "locked"
    default_message = "账号已被临时锁定"


class TooManyRequests(ServiceError):
    default_code = "too_many_requests"
    default_message = "操作过于频繁，请稍后再试"


class PayloadTooLarge(ServiceError):
    default_code = "too_large"
    default_message = "内容超过大小限制"


class UnsupportedType(ServiceError):
    default_code = "unsupported_type"
    default_message = "不支持该文件类型"


class DatabaseUnavailable(ServiceError):
    """The database could not do the work just now (connection lost, no free connection, a
    lock held too long); the transaction was rolled back and the same request may be retried."""
    default_code = "database_unavailable"
    default_message = "数据库暂时不可用，请稍后再试"

    def __init__(self, code=None, message=None, fields=None, details=None):
        super().__init__(code, message, fields, {"retry_after": 5, **(details or {})})


ALL_ERRORS = (ServiceError, InvalidInput, NotAuthenticated, Forbidden, NotFound,
              Conflict, Gone, Locked, TooManyRequests, PayloadTooLarge, UnsupportedType,
              DatabaseUnavailable)

# Every entrypoint declares these, so nameko logs them as expected, not as crashes.
EXPECTED = ALL_ERRORS


def invalid(fields: dict, message: str | None = None, code: str = "invalid_input") -> InvalidInput:
    """An InvalidInput naming each bad field."""
    return InvalidInput(code, message or InvalidInput.default_message, fields)
