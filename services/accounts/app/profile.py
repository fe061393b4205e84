"""个人账号管理 (verify email and mobile) and 个人信息维护 (personal info)."""
from __future__ import annotations

import datetime as dt
import math

import sqlalchemy as sa

from services.common.errors import TooManyRequests, invalid
from services.common.events import utcnow
from services.common.validation import Form

from ..domain import tokens
from ..domain.people import read_profile
from ..models import User, VerificationCode
from . import grants, outgoing

RESEND_SECONDS = 60


def _iso(value):
    return value.isoformat() if value else None


def as_dict(session, user: User) -> dict:
    id_number = user.id_number
    return {
        "user_id": user.id, "email": user.email, "name": user.name, "mobile": user.mobile,
        "status": user.status,
        "email_verified": user.email_verified_at is not None,
        "mobile_verified": user.mobile_verified_at is not None,
        "id_type": user.id_type,
        # shown masked: the full number never leaves the service after activation
        "id_number_masked": f"{id_number[:6]}********{id_number[-4:]}" if id_number else None,
        "id_valid_from": _iso(user.id_valid_from),
        "id_valid_to": _iso(user.id_valid_to) if user.id_valid_to else ("长期" if id_number else None),
        "gender": user.gender, "birth_date": _iso(user.birth_date), "nation": user.nation,
        "education": user.education, "title": user.title, "work_unit": user.work_unit,
        "address": user.address, "postcode": user.postcode, "phone": user.phone,
        "grants": grants.caller_for(session, user).to_dict()["grants"],
    }


def save(session, user_id: int, data, today: dt.date) -> User:
    user = session.get(User, user_id)
    clean = read_profile(data, user.id_number, today)
    for key, value in clean.items():
        setattr(user, key, value)
    return user


def _throttle(session, user_id: int, channel: str, now: dt.datetime) -> None:
    last_sent = session.scalar(sa.select(sa.func.max(VerificationCode.created_at)).where(
        VerificationCode.user_id == user_id, VerificationCode.channel == channel))
    elapsed = (tokens.aware(now) - tokens.aware(last_sent)).total_seconds() if last_sent else None
    if elapsed is not None and elapsed < RESEND_SECONDS:
        wait = max(1, math.ceil(RESEND_SECONDS - elapsed))
        raise TooManyRequests("code_too_soon", f"验证码已发送，请{wait}秒后再试",
                              details={"retry_after": wait})


def send_code(session, settings, user_id: int, channel: str, data) -> dict:
    """Send a verification code by email, or by SMS to the given mobile number."""
    user = session.get(User, user_id)
    now = utcnow()
    if channel == "email":
        target = user.email
    else:
        form = Form(data)
        target = form.mobile()
        form.done()
    _throttle(session, user.id, channel, now)
    code = tokens.new_numeric_code()
    session.add(VerificationCode(
        user_id=user.id, channel=channel, target=target, code_hash=tokens.digest(code), created_at=now,
        expires_at=now + dt.timedelta(minutes=settings.code_minutes), attempts=0))
    if channel == "email":
        outgoing.email_code(session, user, code, settings.code_minutes)
    else:
        outgoing.sms_code(session, target, code, settings.code_minutes)
    return {"sent_to": target, "expires_in": settings.code_minutes * 60}


def verify_code(session, settings, user_id: int, channel: str, code) -> dict:
    """Check the latest code; a right one marks the email or mobile as verified.

    Returns the error to raise after commit (wrong attempts are counted)."""
    row = session.scalar(sa.select(VerificationCode).where(
        VerificationCode.user_id == user_id, VerificationCode.channel == channel,
        VerificationCode.used_at.is_(None)).order_by(VerificationCode.id.desc()).limit(1))
    now = utcnow()
    if row is None or tokens.expired(row.expires_at, now) or row.attempts >= settings.code_attempts:
        return {"error": invalid({"code": "验证码已失效，请重新获取"}, code="code_expired")}
    if not isinstance(code, str) or not tokens.same_digest(row.code_hash, code.strip()):
        row.attempts += 1
        return {"error": invalid({"code": "验证码错误"}, code="code_wrong")}
    row.used_at = now
    user = session.get(User, user_id)
    if channel == "email":
        user.email_verified_at = now
    else:
        user.mobile, user.mobile_verified_at = row.target, now
    return {"verified": channel, "target": row.target}
