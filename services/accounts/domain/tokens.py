"""Secrets sent to people (activation and reset links, session tokens, codes).

Only a hash is stored; the plain value exists in the link or cookie alone.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets


def new_token() -> str:
    return secrets.token_urlsafe(32)


def new_numeric_code(digits: int = 6) -> str:
    return "".join(secrets.choice("0123456789") for _ in range(digits))


def digest(value: str) -> str:
    return hashlib.sha256((value or "").encode()).hexdigest()


def same_digest(stored: str | None, value: str) -> bool:
    return bool(stored) and hmac.compare_digest(stored, digest(value))


def expired(expires_at: dt.datetime, now: dt.datetime) -> bool:
    return now >= expires_at
