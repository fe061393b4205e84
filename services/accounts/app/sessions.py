"""Login, logout, who a session token belongs to, and passwords.

Ending sessions returns the revoked token hashes (the gateway that asked forgets them at
once) and emits `sessions_revoked` for every other gateway."""
from __future__ import annotations

import datetime as dt

from services.common.clock import utcnow
from services.common.errors import NotAuthenticated, ServiceError

from ..domain import account as accounts, links, people, tokens
from ..domain.lockout import LockoutPolicy
from ..domain.links import RESET
from . import captchas, grants, limits, outgoing, signup, store, views


def admit_login(uow, settings, data, client) -> bool:
    """Before a login: count it (by address and by account) and use up its captcha, in a
    unit of work of its own: wrong passwords are what these limits are for. True if the
    captcha was answered right."""
    data = data if isinstance(data, dict) else {}
    limits.hit(uow, settings.rate_limits, "login_ip", limits.client_ip(client))
    limits.hit(uow, settings.rate_limits, "login_email", limits.email_key(data.get("email")))
    return captchas.consume(uow, data)


def login(uow, settings, data, captcha_ok: bool) -> dict | ServiceError:
    """A new session, or the refusal to raise *after* this unit of work commits (a wrong
    password must still count toward the lockout)."""
    captchas.require(captcha_ok)
    data = data if isinstance(data, dict) else {}
    email, now = data.get("email"), utcnow()
    policy = LockoutPolicy(settings.lockout_failures, settings.lockout_minutes)
    found = store.account_by_email(uow.session, email) if isinstance(email, str) else None
    attempt = accounts.attempt_login(found, data.get("password"), policy, now)
    if attempt.account is not None and attempt.account != found:
        store.save_account(uow.session, attempt.account)
    if attempt.refusal is not None:
        return attempt.refusal
    token, csrf = tokens.new_token(), tokens.new_token()
    store.add_login_session(uow.session, found.user_id, tokens.digest(token), tokens.digest(csrf),
                            now, now + dt.timedelta(hours=settings.session_hours))
    return views.login(token, csrf, settings.session_hours * 3600,
                       grants.caller_for(uow, attempt.account))


def authenticate(uow, token) -> dict:
    """The caller behind a session token, the hash its CSRF token must match, and how many
    seconds the session has left (the gateway caches the answer no longer than that).
    Two queries: the session with its user, then the user's grants."""
    found = store.login_session_with_account(
        uow.session, tokens.digest(token if isinstance(token, str) else ""))
    now = utcnow()
    if found is None or found[0].revoked_at is not None or tokens.expired(found[0].expires_at, now):
        raise NotAuthenticated("session_expired", "登录已失效，请重新登录")
    row, account = found
    left = (row.expires_at - now).total_seconds()
    return views.authenticated(grants.caller_for(uow, account), row.csrf_hash, max(int(left), 0))


def end_all(uow, user_id: int, now, reason: str) -> list[str]:
    """End every session of the user (停用 of the account) and tell every gateway."""
    return _revoked(uow, user_id, store.end_login_sessions(uow.session, user_id, now), reason)


def _revoked(uow, user_id: int, hashes: list[str], reason: str) -> list[str]:
    """Tell every gateway (`sessions_revoked`) to forget these sessions at once."""
    if hashes:
        uow.emit("sessions_revoked", {"user_id": user_id, "token_hashes": hashes, "reason": reason})
    return hashes


def logout(uow, token) -> dict:
    """End the session; revokes nothing if it was not live."""
    digest = tokens.digest(token if isinstance(token, str) else "")
    row = store.login_session(uow.session, digest)
    if row is None or row.revoked_at is not None:
        return views.logged_out([])
    store.end_login_session(row, utcnow())
    return views.logged_out(_revoked(uow, row.user_id, [digest], "logout"))


def change_password(uow, caller, current_token, data) -> dict:
    """A new password ends every other session of the user."""
    account = accounts.change_password(store.load_account(uow.session, caller.user_id), data)
    store.save_account(uow.session, account)
    keep = tokens.digest(current_token) if current_token else None
    revoked = store.end_login_sessions(uow.session, account.user_id, utcnow(), keep_hash=keep)
    return views.password_changed(_revoked(uow, account.user_id, revoked, "password_changed"))


def forgot_password(uow, settings, data, captcha_ok: bool, client) -> dict:
    """Mail a reset link if the address has an active account; say nothing either way.
    Counted whether or not the address has an account."""
    email = captchas.read_with_captcha(people.read_email, captcha_ok, data)
    limits.hit(uow, settings.rate_limits, "reset_ip", limits.client_ip(client))
    limits.hit(uow, settings.rate_limits, "reset_email", email)
    account = store.account_by_email(uow.session, email)
    if account is not None and account.status == accounts.ACTIVE:
        token = signup.issue_link(uow, account, RESET, settings.reset_hours)
        outgoing.reset_email(uow, settings, account, token)
    return views.sent()


def reset_password(uow, plain, data) -> dict:
    """A new password from a reset link; every session of the user ends."""
    new = people.read_new_password(data)
    now = utcnow()
    link = links.require_reset_usable(store.link_by_token(uow.session, plain, RESET), now)
    account = accounts.reset_password(store.load_account(uow.session, link.user_id), new)
    store.save_link(uow.session, links.use(link, now))
    store.save_account(uow.session, account)
    revoked = store.end_login_sessions(uow.session, account.user_id, now)
    return views.password_reset(_revoked(uow, account.user_id, revoked, "password_reset"))
