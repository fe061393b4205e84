"""Verification codes (个人账号管理): a code sent to an email address or a mobile phone proves
it is the user's. One code a minute per channel; a code is tried a few times, then it is spent."""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace

from services.common.errors import ServiceError, TooManyRequests, invalid

from .tokens import expired, same_digest

RESEND_SECONDS = 60


@dataclass(frozen=True)
class Code:
    code_id: int
    target: str                  # the address or number it was sent to
    code_hash: str
    expires_at: dt.datetime
    attempts: int = 0
    used_at: dt.datetime | None = None


@dataclass(frozen=True)
class Check:
    code: Code | None            # as it is after the check (an attempt counted, or used)
    refusal: ServiceError | None = None   # raised after the check is stored (it counts)


def require_resend_allowed(last_sent: dt.datetime | None, now: dt.datetime) -> None:
    elapsed = (now - last_sent).total_seconds() if last_sent else None
    if elapsed is not None and elapsed < RESEND_SECONDS:
        wait = max(1, math.ceil(RESEND_SECONDS - elapsed))
        raise TooManyRequests("code_too_soon", f"验证码已发送，请{wait}秒后再试",
                              details={"retry_after": wait})


def check(code: Code | None, given, max_attempts: int, now: dt.datetime) -> Check:
    """The latest unused code of the channel against what the user typed."""
    if code is None or expired(code.expires_at, now) or code.attempts >= max_attempts:
        return Check(code, invalid({"code": "验证码已失效，请重新获取"}, code="code_expired"))
    if not isinstance(given, str) or not same_digest(code.code_hash, given.strip()):
        return Check(replace(code, attempts=code.attempts + 1),
                     invalid({"code": "验证码错误"}, code="code_wrong"))
    return Check(replace(code, used_at=now))
