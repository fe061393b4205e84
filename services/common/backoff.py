"""How long to wait before the next attempt of work that failed (mail, certificates)."""
from __future__ import annotations


def backoff_seconds(attempts: int, first: int = 30, cap: int = 3600) -> int:
    """30 s after the first failure, doubling, never more than an hour."""
    return min(first * 2 ** max(attempts - 1, 0), cap)
