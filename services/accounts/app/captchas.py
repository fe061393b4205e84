"""Image captchas: issued with an id, answered once, expiring."""
from __future__ import annotations

import datetime as dt
import uuid

import sqlalchemy as sa

from services.common.errors import InvalidInput, invalid
from services.common.events import utcnow

from ..domain import captcha, tokens
from ..models import Captcha

CAPTCHA_FIELD = "captcha_answer"
WRONG = "验证码错误或已过期，请换一张重试"


def issue(session, seconds: int, answer: str) -> tuple[str, bytes]:
    """A new captcha: (id, PNG). Expired ones are swept on the way."""
    now = utcnow()
    session.execute(sa.delete(Captcha).where(Captcha.expires_at < now))
    row = Captcha(id=str(uuid.uuid4()), answer_hash=tokens.digest(answer),
                  expires_at=now + dt.timedelta(seconds=seconds))
    session.add(row)
    return row.id, captcha.render_png(answer)


def consume(session, captcha_id, answer) -> bool:
    """True if the answer is right. The captcha is used up either way."""
    if not isinstance(captcha_id, str) or not isinstance(answer, str):
        return False
    row = session.get(Captcha, captcha_id)
    if row is None:
        return False
    session.delete(row)
    return (not tokens.expired(row.expires_at, utcnow())
            and tokens.same_digest(row.answer_hash, answer.strip()))


def read_with_captcha(reader, captcha_ok: bool, *args):
    """Run a form reader; a wrong captcha is reported together with the form's problems."""
    try:
        clean = reader(*args)
    except InvalidInput as exc:
        if not captcha_ok:  # a new error: the one raised carries its fields as made (errors.py)
            raise invalid({CAPTCHA_FIELD: WRONG, **exc.fields}, exc.message, exc.code) from None
        raise
    if not captcha_ok:
        raise invalid({CAPTCHA_FIELD: WRONG}, WRONG, code="captcha_wrong")
    return clean
