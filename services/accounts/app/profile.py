"""个人账号管理 (verify email and mobile) and 个人信息维护 (personal info)."""
from __future__ import annotations

import datetime as dt

from services.common.clock import utcnow
from services.common.errors import ServiceError

from ..domain import codes, people, tokens
from ..domain.people import read_profile
from . import grants, limits, outgoing, store, views


def _view(uow, user_id: int) -> dict:
    return views.profile(store.person(uow.session, user_id),
                         grants.caller_for(uow, store.load_account(uow.session, user_id)))


def get(uow, caller) -> dict:
    return _view(uow, caller.user_id)


def save(uow, caller, data) -> dict:
    person = store.person(uow.session, caller.user_id)
    clean = read_profile(data, person.id_number, dt.date.today())
    store.save_person(uow.session, caller.user_id, clean)
    return _view(uow, caller.user_id)


def send_code(uow, settings, caller, channel, data) -> dict:
    """Send a verification code by email, or by SMS to the given mobile number. Codes not
    sent (a bad number, too soon) are not counted against the user's limit."""
    channel = people.read_channel(channel)
    limits.hit(uow, settings.rate_limits, "code_user", caller.user_id)
    account = store.load_account(uow.session, caller.user_id)
    now = utcnow()
    target = account.email if channel == "email" else people.read_mobile(data)
    codes.require_resend_allowed(store.last_code_sent_at(uow.session, account.user_id, channel), now)
    code = tokens.new_numeric_code()
    store.add_code(uow.session, account.user_id, channel, target, tokens.digest(code), now,
                   now + dt.timedelta(minutes=settings.code_minutes))
    if channel == "email":
        outgoing.email_code(uow, account, code, settings.code_minutes)
    else:
        outgoing.sms_code(uow, target, code, settings.code_minutes)
    return views.code_sent(target, settings.code_minutes)


def verify_code(uow, settings, caller, channel, code) -> dict | ServiceError:
    """Check the latest code; a right one marks the email or mobile as verified. Returns the
    refusal to raise after commit (wrong attempts are counted)."""
    channel = people.read_channel(channel)
    now = utcnow()
    checked = codes.check(store.latest_code(uow.session, caller.user_id, channel), code,
                          settings.code_attempts, now)
    if checked.code is not None:
        store.save_code(uow.session, checked.code)
    if checked.refusal is not None:
        return checked.refusal
    verified = {"email_verified_at": now} if channel == "email" else \
        {"mobile": checked.code.target, "mobile_verified_at": now}
    store.save_person(uow.session, caller.user_id, verified)
    return views.code_verified(channel, checked.code.target)
