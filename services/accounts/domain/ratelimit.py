"""Rate limits: how many requests of a kind one client address (or one account) may make in a
window, and what a refused one is told. Plain rules; the counters live in the accounts
database (app/limits.py) so every gateway and every accounts instance shares them.

A limit is written `COUNT per SECONDS` (or `COUNT/SECONDS`) in the RATE_LIMITS section of
services/accounts/config.yaml; `off` (or a count of 0) switches a bucket off.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from services.common.errors import TooManyRequests

_SPEC = re.compile(r"^\s*(\d+)\s*(?:per|/)\s*(\d+)\s*s?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Limit:
    count: int     # requests allowed in one window
    seconds: int   # the window, from the first request in it

    @property
    def on(self) -> bool:
        return self.count > 0 and self.seconds > 0


OFF = Limit(0, 0)

# bucket → (default, what the person was doing, in the message they get)
BUCKETS: dict[str, tuple[Limit, str]] = {
    "login_ip": (Limit(10, 60), "登录尝试"),              # per client address
    "login_email": (Limit(5, 60), "该账号的登录尝试"),      # per login account (lockout is separate)
    "captcha_ip": (Limit(30, 60), "获取验证码"),           # per client address
    "registration_ip": (Limit(5, 3600), "注册"),          # units and registrants accepted, per address
    "activation_ip": (Limit(20, 3600), "激活尝试"),        # per client address
    "reset_ip": (Limit(10, 3600), "找回密码"),             # per client address
    "reset_email": (Limit(3, 3600), "该邮箱的找回密码"),     # per account asked about
    "code_user": (Limit(5, 3600), "发送验证码"),           # per user, email and SMS together
    "objection_ip": (Limit(5, 3600), "提出异议"),          # 公示 objections, per client address
}


def parse(value, default: Limit) -> Limit:
    """`10 per 60`, `10/60`, `off`; a missing value keeps the default."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    if isinstance(value, bool) or str(value).strip().lower() in ("off", "false", "0", "none"):
        return OFF
    match = _SPEC.match(str(value))
    if not match:
        raise ValueError(f"rate limit {value!r}: write COUNT per SECONDS, e.g. '10 per 60', or 'off'")
    return Limit(int(match.group(1)), int(match.group(2)))


def limits_from(section) -> dict[str, Limit]:
    """Every bucket's limit: the defaults above, overridden by RATE_LIMITS."""
    section = dict(section or {})
    unknown = set(section) - set(BUCKETS)
    if unknown:
        raise ValueError(f"unknown rate limit buckets in RATE_LIMITS: {sorted(unknown)}; "
                         f"known: {sorted(BUCKETS)}")
    return {name: parse(section.get(name), default) for name, (default, _) in BUCKETS.items()}


def wait_text(seconds: int) -> str:
    if seconds < 120:
        return f"{seconds}秒"
    if seconds < 2 * 3600:
        return f"{math.ceil(seconds / 60)}分钟"
    return f"{math.ceil(seconds / 3600)}小时"


def refusal(bucket: str, retry_after: int) -> TooManyRequests:
    """The error a refused request gets: 429, a Chinese message, Retry-After in details."""
    retry_after = max(1, int(retry_after))
    doing = BUCKETS[bucket][1]
    return TooManyRequests("rate_limited", f"{doing}过于频繁，请{wait_text(retry_after)}后再试",
                           details={"retry_after": retry_after, "limit": bucket})


def over(limit: Limit, hits: int) -> bool:
    return limit.on and hits > limit.count


def retry_after(limit: Limit, window_started_ms: int, now_ms: int) -> int:
    """Whole seconds until the window that refused the request ends (at least 1)."""
    return max(1, math.ceil((window_started_ms + limit.seconds * 1000 - now_ms) / 1000))
