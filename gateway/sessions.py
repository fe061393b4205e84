"""A short-lived cache, in each gateway process, of who a session token belongs to.

Without it every authenticated request costs two RPCs: `accounts.authenticate(token)` (two
queries), then the call itself. With it a token seen in the last SESSION_CACHE_SECONDS costs
none: the entry (caller, CSRF hash) is kept at most that long, never past the session's own
expiry, in a bounded LRU (SESSION_CACHE_SIZE entries, ~1 KB each).

A cached answer must never outlive the fact it was made from:
- this process forgets a token at once when it ends or replaces sessions itself (logout,
  password change, password reset: accounts returns the revoked token hashes), and a user's
  entries when it changes their roles or profile;
- every other gateway process is told by accounts' events, on a BROADCAST queue of its own
  (`sessions_revoked` → forget those token hashes; `role_granted` → forget the user's entries);
- an answer fetched while an eviction happened is used for that request but not stored (an
  eviction could have been about it), so a revocation racing an authentication cannot be
  overwritten by the stale answer.
What is left: a gateway process cut off from RabbitMQ while a revocation happens elsewhere
keeps the old answer until the entry's time is up (SESSION_CACHE_SECONDS). 0 turns the cache off.
"""
from __future__ import annotations

import hashlib
import time
from collections import OrderedDict

from nameko.extensions import DependencyProvider

DEFAULT_SECONDS = 30.0
DEFAULT_SIZE = 10_000


def token_hash(token: str) -> str:
    """The SHA-256 the accounts service stores (and publishes) instead of the token."""
    return hashlib.sha256(token.encode()).hexdigest()


class SessionCache:
    """Plain data structure, used from one process's green threads (no yield inside a method,
    so no lock is needed)."""

    def __init__(self, seconds: float = DEFAULT_SECONDS, size: int = DEFAULT_SIZE,
                 clock=time.monotonic):
        self.seconds = seconds
        self.size = size
        self.clock = clock
        self.entries: OrderedDict[str, tuple[float, dict, int | None]] = OrderedDict()
        self.generation = 0   # +1 on every eviction
        self.hits = self.misses = 0

    @property
    def enabled(self) -> bool:
        return self.seconds > 0 and self.size > 0

    def get(self, key: str) -> dict | None:
        entry = self.entries.get(key)
        if entry is None:
            self.misses += 1
            return None
        expires_at, found, _user = entry
        if self.clock() >= expires_at:
            del self.entries[key]
            self.misses += 1
            return None
        self.entries.move_to_end(key)
        self.hits += 1
        return found

    def put(self, key: str, found: dict, generation: int) -> None:
        """Store `found` (accounts.authenticate's answer) unless something was evicted since
        `generation` was read, i.e. while the answer was being fetched."""
        if not self.enabled or generation != self.generation:
            return
        keep = self.seconds
        if isinstance(found.get("expires_in"), (int, float)):
            keep = min(keep, float(found["expires_in"]))
        if keep <= 0:
            return
        caller = found.get("caller") or {}
        self.entries[key] = (self.clock() + keep, found, caller.get("user_id"))
        self.entries.move_to_end(key)
        while len(self.entries) > self.size:
            self.entries.popitem(last=False)

    def forget_tokens(self, hashes) -> None:
        self.generation += 1
        for key in hashes or ():
            self.entries.pop(key, None)

    def forget_user(self, user_id) -> None:
        self.generation += 1
        for key in [k for k, (_, _, user) in self.entries.items() if user == user_id]:
            del self.entries[key]

    def clear(self) -> None:
        self.generation += 1
        self.entries.clear()


class SessionCacheProvider(DependencyProvider):
    """One SessionCache per gateway process (container), configured by SESSION_CACHE_SECONDS
    and SESSION_CACHE_SIZE."""

    def setup(self):
        config = self.container.config
        self.cache = SessionCache(float(config.get("SESSION_CACHE_SECONDS", DEFAULT_SECONDS)),
                                  int(config.get("SESSION_CACHE_SIZE", DEFAULT_SIZE)))

    def get_dependency(self, worker_ctx):
        return self.cache
