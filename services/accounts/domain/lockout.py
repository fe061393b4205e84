"""Login lockout: after N failures in a row the account is locked for a while."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class LockoutPolicy:
    max_failures: int = 5
    lock_minutes: int = 30

    def is_locked(self, locked_until: dt.datetime | None, now: dt.datetime) -> bool:
        return locked_until is not None and locked_until > now

    def after_failure(self, failures: int, now: dt.datetime) -> tuple[int, dt.datetime | None]:
        """(new failure count, locked_until or None) after one more wrong password."""
        failures += 1
        if failures >= self.max_failures:
            return 0, now + dt.timedelta(minutes=self.lock_minutes)
        return failures, None

    def remaining(self, failures: int) -> int:
        return max(self.max_failures - failures, 0)
