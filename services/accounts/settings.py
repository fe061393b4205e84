"""Settings of the accounts service, read once from its config (services/accounts/config.yaml)."""
from __future__ import annotations

from dataclasses import dataclass, field, fields

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
    agreement_version: str = "2021-1"
    # bucket → Limit (domain/ratelimit.py); the RATE_LIMITS section of the config
    rate_limits: dict = field(default_factory=lambda: ratelimit.limits_from({}))

    @classmethod
    def from_config(cls, config: dict) -> "AccountsSettings":
        section = dict(config.get("ACCOUNTS") or {})
        section.setdefault("public_url", config.get("PUBLIC_URL", cls.public_url))
        known = {f.name for f in fields(cls)} - {"rate_limits"}
        return cls(**{k: (int(v) if isinstance(getattr(cls, k), int) else v)
                      for k, v in section.items() if k in known},
                   rate_limits=ratelimit.limits_from(config.get("RATE_LIMITS")))
