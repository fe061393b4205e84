"""Image captchas: issued with an id, answered once, expiring. A wrong answer is reported
together with the form's own problems."""
from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from services.common.clock import utcnow
from services.common.errors import InvalidInput, invalid

from ..domain import captcha, tokens
from . import limits, store, views

CAPTCHA_FIELD = "captcha_answer"
WRONG = "验证码错误或已过期，请换一张重试"


@dataclass(frozen=True)
class Issued:
    captcha_id: str
    answer: str      # never returned: the service's captcha_issued hook may see it
    view: dict


def issue(uow, settings, client) -> Issued:
    """A new captcha for a client address within its limit; expired ones are swept."""
    limits.hit(uow, settings.rate_limits, "captcha_ip", limits.client_ip(client))
    answer, captcha_id, now = captcha.new_answer(), str(uuid.uuid4()), utcnow()
    store.add_captcha(uow.session, captcha_id, tokens.digest(answer), now,
                      now + dt.timedelta(seconds=settings.captcha_seconds))
    return Issued(captcha_id, answer,
                  views.captcha(captcha_id, captcha.render_png(answer), settings.captcha_seconds))


def consume(uow, data) -> bool:
    """True if the form's captcha answer is right. The captcha is used up either way, so
    this runs in a unit of work of its own that commits whatever the form then gets."""
    data = data if isinstance(data, dict) else {}
    captcha_id, answer = data.get("captcha_id"), data.get(CAPTCHA_FIELD)
    if not isinstance(captcha_id, str) or not isinstance(answer, str):
        return False
    row = store.take_captcha(uow.session, captcha_id)
    return (row is not None and not tokens.expired(row.expires_at, utcnow())
            and tokens.same_digest(row.answer_hash, answer.strip()))


def require(captcha_ok: bool) -> None:
    """For forms without fields of their own to report (login)."""
    if not captcha_ok:
        raise invalid({CAPTCHA_FIELD: WRONG}, WRONG, code="captcha_wrong")


def read_with_captcha(reader, captcha_ok: bool, *args):
    """Run a form reader; a wrong captcha is reported together with the form's problems."""
    try:
        clean = reader(*args)
    except InvalidInput as exc:
        if not captcha_ok:  # a new error: the one raised carries its fields as made (errors.py)
            raise invalid({CAPTCHA_FIELD: WRONG, **exc.fields}, exc.message, exc.code) from None
        raise
    require(captcha_ok)
    return clean


def admit(uow, settings, bucket: str, captcha_ok: bool, client) -> dict:
    """A public form of another service (an 异议): within its rate limit, with a right captcha.
    Nothing is counted when the captcha is wrong (the unit of work rolls back)."""
    limits.hit(uow, settings.rate_limits, bucket, limits.client_ip(client))
    require(captcha_ok)
    return {"admitted": True}
