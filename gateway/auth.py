"""Who is calling the gateway: a session cookie (browsers, with a CSRF token) or a
bearer token (API clients). The accounts service decides whether the token is live."""
from __future__ import annotations

import hashlib
import hmac
import ipaddress


from services.common.errors import Forbidden, NotAuthenticated

from .sessions import token_hash

SESSION_COOKIE = "kj_session"
CSRF_COOKIE = "kj_csrf"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def token_from(request) -> tuple[str | None, bool]:
    """(token, came from the cookie)."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip() or None, False
    cookie = request.cookies.get(SESSION_COOKIE)
    return (cookie, True) if cookie else (None, False)


def client_address(request, trust_forwarded_for: bool = False) -> str | None:
    """The client's address, for the rate limits the accounts service keeps. The first
    X-Forwarded-For entry only when TRUST_FORWARDED_FOR says a proxy in front sets it (a client
    can write any X-Forwarded-For it likes); otherwise the address the connection came from."""
    if trust_forwarded_for:
        first = request.headers.get("X-Forwarded-For", "").split(",")[0].strip()
        try:
            return str(ipaddress.ip_address(first))
        except ValueError:
            pass  # missing or not an address: the connection's own
    return request.remote_addr


def check_csrf(request, csrf_hash: str) -> None:
    given = request.headers.get(CSRF_HEADER, "")
    digest = hashlib.sha256(given.encode()).hexdigest()
    if not given or not hmac.compare_digest(digest, csrf_hash or ""):
        raise Forbidden("csrf_failed", "页面已过期或请求来源不明，请刷新页面后重试")


def resolve(accounts, call, cache=None) -> None:
    """Fill call.caller from the request's token, or raise NotAuthenticated. With a
    SessionCache (gateway/sessions.py) a token seen lately costs no RPC."""
    token, from_cookie = token_from(call.request)
    if not token:
        raise NotAuthenticated("not_authenticated", "请先登录")
    found = None
    if cache is not None and cache.enabled:
        key = token_hash(token)
        found = cache.get(key)
        if found is None:
            generation = cache.generation
            found = accounts.authenticate(token)
            cache.put(key, found, generation)
    else:
        found = accounts.authenticate(token)
    if from_cookie and call.request.method not in SAFE_METHODS:
        check_csrf(call.request, found["csrf_hash"])
    call.caller, call.token = found["caller"], token


def session_cookies(call, login: dict, secure: bool) -> None:
    max_age = login["expires_in"]
    call.set_cookies.append(((SESSION_COOKIE, login["token"]),
                             {"max_age": max_age, "httponly": True, "samesite": "Lax",
                              "secure": secure, "path": "/"}))
    # readable by the page's script, which echoes it in the X-CSRF-Token header
    call.set_cookies.append(((CSRF_COOKIE, login["csrf_token"]),
                             {"max_age": max_age, "httponly": False, "samesite": "Strict",
                              "secure": secure, "path": "/"}))


def clear_cookies(call) -> None:
    call.delete_cookies.append(((SESSION_COOKIE,), {"path": "/"}))
    call.delete_cookies.append(((CSRF_COOKIE,), {"path": "/"}))
