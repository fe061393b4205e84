"""Login, logout, who a session token belongs to, and passwords."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from services.common.errors import InvalidInput, Locked, NotAuthenticated, ServiceError, invalid
from services.common.events import utcnow

from ..domain import password as passwords
from ..domain import tokens
from ..domain.lockout import LockoutPolicy
from ..domain.people import read_new_password
from ..models import LinkToken, LoginSession, User
from . import grants, outgoing, signup

RESET = "reset"
BAD_LOGIN = "登录账号或密码错误"


def login(uow, settings, email, password) -> dict | ServiceError:
    """A new session, or the error to raise *after* this unit of work commits (a wrong
    password must still count toward the lockout)."""
    session = uow.session
    policy = LockoutPolicy(settings.lockout_failures, settings.lockout_minutes)
    now = utcnow()
    user = signup.find_user(session, email) if isinstance(email, str) else None
    if user is None or user.status != "active":
        return invalid({"password": BAD_LOGIN}, BAD_LOGIN, code="bad_credentials")
    if policy.is_locked(user.locked_until, now):
        return Locked("account_locked", f"密码连续错误{policy.max_failures}次，账号已锁定，"
                      f"请{policy.lock_minutes}分钟后再试或找回密码",
                      details={"locked_until": user.locked_until.isoformat()})
    if not passwords.verify_password(user.password_hash, password):
        user.failed_logins, user.locked_until = policy.after_failure(user.failed_logins, now)
        if user.locked_until:
            return Locked("account_locked", f"密码连续错误{policy.max_failures}次，账号已锁定，"
                          f"请{policy.lock_minutes}分钟后再试或找回密码")
        left = policy.remaining(user.failed_logins)
        return invalid({"password": f"{BAD_LOGIN}，再错{left}次账号将被锁定"}, BAD_LOGIN,
                       code="bad_credentials")
    user.failed_logins, user.locked_until = 0, None
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    token, csrf = tokens.new_token(), tokens.new_token()
    session.add(LoginSession(user_id=user.id, token_hash=tokens.digest(token),
                             csrf_hash=tokens.digest(csrf), created_at=now,
                             expires_at=now + dt.timedelta(hours=settings.session_hours)))
    return {"token": token, "csrf_token": csrf,
            "expires_in": settings.session_hours * 3600,
            "user": grants.caller_for(session, user).to_dict()}


def authenticate(session, token) -> dict:
    """The caller behind a session token, the hash its CSRF token must match, and how many
    seconds the session has left (the gateway caches the answer no longer than that).
    Two queries: the session with its user, then the user's grants."""
    found = session.execute(
        sa.select(LoginSession, User).join(User, User.id == LoginSession.user_id)
        .where(LoginSession.token_hash == tokens.digest(token if isinstance(token, str) else ""))
    ).first()
    now = utcnow()
    if found is None or found[0].revoked_at is not None or tokens.expired(found[0].expires_at, now):
        raise NotAuthenticated("session_expired", "登录已失效，请重新登录")
    row, user = found
    left = (tokens.aware(row.expires_at) - now).total_seconds()
    return {"caller": grants.caller_for(session, user).to_dict(), "csrf_hash": row.csrf_hash,
            "expires_in": max(int(left), 0)}


def _revoked(uow, user_id: int, hashes: list[str], reason: str) -> list[str]:
    """Tell every gateway (`sessions_revoked`) to forget these sessions at once."""
    if hashes:
        uow.emit("sessions_revoked", {"user_id": user_id, "token_hashes": hashes, "reason": reason})
    return hashes


def logout(uow, token) -> list[str]:
    """End the session; returns the revoked token hashes (none if it was not live)."""
    digest = tokens.digest(token if isinstance(token, str) else "")
    row = uow.session.scalar(sa.select(LoginSession).where(LoginSession.token_hash == digest))
    if row is None or row.revoked_at is not None:
        return []
    row.revoked_at = utcnow()
    return _revoked(uow, row.user_id, [digest], "logout")


def _revoke_all(uow, user_id: int, reason: str, keep_token: str | None = None) -> list[str]:
    """Revoke every live session of the user (but `keep_token`'s); returns the hashes of
    those that had not expired yet (the others cannot be in any gateway's cache)."""
    session, now = uow.session, utcnow()
    live = sa.and_(LoginSession.user_id == user_id, LoginSession.revoked_at.is_(None))
    if keep_token:
        live = sa.and_(live, LoginSession.token_hash != tokens.digest(keep_token))
    hashes = [h for h, expires_at in session.execute(
        sa.select(LoginSession.token_hash, LoginSession.expires_at).where(live))
        if not tokens.expired(expires_at, now)]
    session.execute(sa.update(LoginSession).where(live).values(revoked_at=now))
    return _revoked(uow, user_id, hashes, reason)


def change_password(uow, user_id: int, current_token: str, data) -> list[str]:
    """A new password ends every other session of the user; returns their token hashes."""
    session = uow.session
    user = session.get(User, user_id)
    form = data if isinstance(data, dict) else {}
    old_ok = passwords.verify_password(user.password_hash, form.get("old_password"))
    try:
        new = read_new_password(form)
    except InvalidInput as exc:
        if not old_ok:  # a new error: the one raised carries its fields as made (errors.py)
            raise invalid({"old_password": "原密码不正确", **exc.fields}, exc.message, exc.code) from None
        raise
    if not old_ok:
        raise invalid({"old_password": "原密码不正确"})
    user.password_hash = passwords.hash_password(new)
    return _revoke_all(uow, user.id, "password_changed", keep_token=current_token)


def forgot_password(session, settings, email: str) -> None:
    """Mail a reset link if the address has an active account; say nothing either way."""
    user = signup.find_user(session, email)
    if user is not None and user.status == "active":
        token = signup.issue_link(session, user, RESET, settings.reset_hours)
        outgoing.reset_email(session, settings, user, token)


def reset_password(uow, plain, new_password: str) -> list[str]:
    """A new password from a reset link; every session of the user ends (their token
    hashes are returned)."""
    session = uow.session
    row = session.scalar(sa.select(LinkToken).where(
        LinkToken.token_hash == tokens.digest(plain if isinstance(plain, str) else ""),
        LinkToken.purpose == RESET))
    if row is None or row.used_at is not None or tokens.expired(row.expires_at, utcnow()):
        raise invalid({"token": "重置链接无效或已过期，请重新找回密码"}, code="link_invalid")
    user = session.get(User, row.user_id)
    row.used_at = utcnow()
    user.password_hash = passwords.hash_password(new_password)
    user.failed_logins, user.locked_until = 0, None
    return _revoke_all(uow, user.id, "password_reset")
