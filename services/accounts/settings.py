"""Settings of the accounts service (services/accounts/config.yaml), read once at start."""
from __future__ import annotations

from dataclasses import dataclass, field

from .domain import ratelimit


@dataclass(frozen=True)
class AccountsSettings:
    public_url: str = "http://127.0.0.1:8000"
    activation_hours: int = 72
    reset_hours: int = 2
    captcha_seconds: int = 300
    session_hours: int = 12
    lockout_failures: int = 5
    lockout_minutes: int = 30
    code_minutes: int = 10
    code_attempts: int = 5
    # bucket → Limit (domain/ratelimit.py); the RATE_LIMITS section of the config
    rate_limits: dict = field(default_factory=lambda: ratelimit.limits_from({}))

    @classmethod
    def from_config(cls, config: dict) -> "AccountsSettings":
        section = dict(config.get("ACCOUNTS") or {})

        def number(name: str) -> int:
            return int(section.get(name, getattr(cls, name)))

        return cls(public_url=str(config.get("PUBLIC_URL") or cls.public_url),
                   activation_hours=number("activation_hours"), reset_hours=number("reset_hours"),
                   captcha_seconds=number("captcha_seconds"), session_hours=number("session_hours"),
                   lockout_failures=number("lockout_failures"),
                   lockout_minutes=number("lockout_minutes"), code_minutes=number("code_minutes"),
                   code_attempts=number("code_attempts"),
                   rate_limits=ratelimit.limits_from(config.get("RATE_LIMITS")))
