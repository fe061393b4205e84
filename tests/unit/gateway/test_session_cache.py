"""The gateway's session cache: an authenticated request costs no RPC for a token seen lately,
and a revoked session is forgotten at once (locally, and in every gateway by accounts' events)."""
import pytest
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from gateway.auth import resolve
from gateway.http import Call
from gateway.sessions import SessionCache, token_hash
from services.accounts.domain import tokens
from services.common.errors import Forbidden, NotAuthenticated

CSRF = "csrf-plain"


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


class Accounts:
    """accounts.authenticate, counting the calls."""

    def __init__(self, live=("tok",), expires_in=43200):
        self.live, self.expires_in, self.calls = set(live), expires_in, 0
        self.on_call = None

    def authenticate(self, token):
        self.calls += 1
        if self.on_call:
            self.on_call()
        if token not in self.live:
            raise NotAuthenticated("session_expired", "登录已失效，请重新登录")
        return {"caller": {"user_id": 7, "name": "王伟任", "email": "w@example.com", "grants": []},
                "csrf_hash": tokens.digest(CSRF), "expires_in": self.expires_in}


def call(method="GET", bearer="tok", cookie=None, csrf=None):
    headers = {}
    if bearer:
        headers["Authorization"] = f"Bearer {bearer}"
    if csrf:
        headers["X-CSRF-Token"] = csrf
    builder = EnvironBuilder(method=method, path="/api/v1/me", headers=headers)
    if cookie:
        builder.headers["Cookie"] = f"kj_session={cookie}"
    return Call(request=Request(builder.get_environ()), body={})


def test_the_token_hash_is_the_one_accounts_stores_and_publishes():
    assert token_hash("abc") == tokens.digest("abc")


def test_a_token_seen_lately_costs_no_rpc_until_its_time_is_up():
    clock, accounts = Clock(), Accounts()
    cache = SessionCache(30, 100, clock=clock)
    for _ in range(3):
        request = call()
        resolve(accounts, request, cache)
        assert request.caller["user_id"] == 7 and request.token == "tok"
    assert accounts.calls == 1
    clock.now += 31
    resolve(accounts, call(), cache)
    assert accounts.calls == 2


def test_never_kept_past_the_sessions_own_expiry():
    clock, accounts = Clock(), Accounts(expires_in=5)
    cache = SessionCache(30, 100, clock=clock)
    resolve(accounts, call(), cache)
    clock.now += 6
    resolve(accounts, call(), cache)
    assert accounts.calls == 2


def test_a_forgotten_token_or_user_is_asked_again_and_a_dead_session_is_refused():
    accounts = Accounts()
    cache = SessionCache(30, 100)
    resolve(accounts, call(), cache)
    accounts.live.clear()                      # logged out elsewhere…
    cache.forget_tokens([token_hash("tok")])   # …and the sessions_revoked event arrived
    with pytest.raises(NotAuthenticated):
        resolve(accounts, call(), cache)
    accounts.live.add("tok")
    resolve(accounts, call(), cache)
    cache.forget_user(7)                       # role_granted
    resolve(accounts, call(), cache)
    assert accounts.calls == 4
    with pytest.raises(NotAuthenticated):      # failures are never cached
        resolve(accounts, call(bearer="other"), cache)
    with pytest.raises(NotAuthenticated):
        resolve(accounts, call(bearer=None), cache)


def test_an_answer_fetched_while_a_revocation_happened_is_used_once_not_kept():
    accounts = Accounts()
    cache = SessionCache(30, 100)
    accounts.on_call = lambda: cache.forget_tokens([token_hash("tok")])  # the event, mid-call
    resolve(accounts, call(), cache)
    accounts.on_call = None
    resolve(accounts, call(), cache)
    assert accounts.calls == 2


def test_a_cached_browser_session_still_needs_its_csrf_token():
    accounts = Accounts()
    cache = SessionCache(30, 100)
    resolve(accounts, call(bearer=None, cookie="tok"), cache)
    with pytest.raises(Forbidden):
        resolve(accounts, call("PUT", bearer=None, cookie="tok", csrf="wrong"), cache)
    resolve(accounts, call("PUT", bearer=None, cookie="tok", csrf=CSRF), cache)
    assert accounts.calls == 1


def test_the_cache_is_bounded_least_recently_used_first_and_can_be_off():
    cache = SessionCache(30, 2)
    found = Accounts().authenticate("tok")
    for key in ("a", "b"):
        cache.put(key, found, cache.generation)
    cache.get("a")
    cache.put("c", found, cache.generation)
    assert set(cache.entries) == {"a", "c"}
    off, accounts = SessionCache(0, 100), Accounts()
    resolve(accounts, call(), off)
    resolve(accounts, call(), off)
    assert accounts.calls == 2 and not off.entries
