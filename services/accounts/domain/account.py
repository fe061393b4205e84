"""A person's account and what happens to it: activation from the emailed link, login with
lockout, password change and reset. Each decision returns a new Account (or raises); the
repository (app/store.py) stores it."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from services.common.errors import Conflict, Forbidden, InvalidInput, Locked, ServiceError, invalid

from . import password as passwords
from .lockout import LockoutPolicy
from .people import read_new_password

PENDING, ACTIVE = "pending", "active"   # not activated yet / may log in
BAD_LOGIN = "登录账号或密码错误"


@dataclass(frozen=True)
class Account:
    user_id: int
    email: str
    name: str
    status: str = PENDING
    password_hash: str | None = None
    failed_logins: int = 0
    locked_until: dt.datetime | None = None
    id_type: str | None = None
    id_number: str | None = None
    id_valid_from: dt.date | None = None
    id_valid_to: dt.date | None = None
    activated_at: dt.datetime | None = None
    disabled_at: dt.datetime | None = None   # 停用 by the office: no login until enabled again


@dataclass(frozen=True)
class LoginAttempt:
    account: Account | None
    refusal: ServiceError | None = None   # raised after the attempt is stored (it counts)


def activate(account: Account, clean: dict, id_number_taken: bool, now: dt.datetime) -> Account:
    """个人信息激活: `clean` as read by people.read_activation."""
    if id_number_taken:
        raise invalid({"id_number": "该证件号码已绑定其他账号，请直接使用原账号登录"},
                      code="id_number_taken")
    return replace(account, id_type=clean["id_type"], id_number=clean["id_number"],
                   id_valid_from=clean["id_valid_from"], id_valid_to=clean["id_valid_to"],
                   password_hash=passwords.hash_password(clean["password"]), status=ACTIVE,
                   activated_at=now)


def require_pending(account: Account) -> None:
    """A new activation link is sent only to an account not activated yet."""
    if account.status != PENDING:
        raise Conflict("already_active", "账号已激活，请直接登录")


def attempt_login(account: Account | None, password, policy: LockoutPolicy,
                  now: dt.datetime) -> LoginAttempt:
    """A login with `password`: the account as it is afterwards (failures counted, a lock,
    a fresher hash) and the refusal, if any."""
    if account is None or account.status != ACTIVE:
        return LoginAttempt(account, invalid({"password": BAD_LOGIN}, BAD_LOGIN, code="bad_credentials"))
    if account.disabled_at is not None and passwords.verify_password(account.password_hash, password):
        return LoginAttempt(account, Forbidden("account_disabled", "该账号已停用，请联系登记机构"))
    if account.disabled_at is not None:   # a wrong password says no more than for anyone else
        return LoginAttempt(account, invalid({"password": BAD_LOGIN}, BAD_LOGIN, code="bad_credentials"))
    if policy.is_locked(account.locked_until, now):
        return LoginAttempt(account, _locked(policy, {"locked_until": account.locked_until.isoformat()}))
    if not passwords.verify_password(account.password_hash, password):
        failures, locked_until = policy.after_failure(account.failed_logins, now)
        account = replace(account, failed_logins=failures, locked_until=locked_until)
        if locked_until:
            return LoginAttempt(account, _locked(policy))
        left = policy.remaining(failures)
        return LoginAttempt(account, invalid({"password": f"{BAD_LOGIN}，再错{left}次账号将被锁定"},
                                             BAD_LOGIN, code="bad_credentials"))
    account = replace(account, failed_logins=0, locked_until=None)
    if passwords.needs_rehash(account.password_hash):
        account = replace(account, password_hash=passwords.hash_password(password))
    return LoginAttempt(account)


def change_password(account: Account, data) -> Account:
    """The old password and a new one that meets the policy; every problem is named at once."""
    form = data if isinstance(data, dict) else {}
    old_ok = passwords.verify_password(account.password_hash, form.get("old_password"))
    try:
        new = read_new_password(form)
    except InvalidInput as exc:
        if not old_ok:  # a new error: the one raised carries its fields as made (errors.py)
            raise invalid({"old_password": "原密码不正确", **exc.fields}, exc.message, exc.code) from None
        raise
    if not old_ok:
        raise invalid({"old_password": "原密码不正确"})
    return replace(account, password_hash=passwords.hash_password(new))


def reset_password(account: Account, new_password: str) -> Account:
    """A new password from a reset link; it also lifts a lockout."""
    return replace(account, password_hash=passwords.hash_password(new_password),
                   failed_logins=0, locked_until=None)


def _locked(policy: LockoutPolicy, details: dict | None = None) -> Locked:
    return Locked("account_locked", f"密码连续错误{policy.max_failures}次，账号已锁定，"
                  f"请{policy.lock_minutes}分钟后再试或找回密码", details=details)
