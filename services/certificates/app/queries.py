"""What the registrant and the public may read: the owner's certificates, and verification."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from services.common.errors import Forbidden, NotFound, invalid
from services.common.identity import Caller

from ..domain.certificate import CATEGORY_LABELS, verify_url
from ..domain.checkcode import registration_number, verify_check_code
from ..models import ISSUED, Certificate

NOT_VERIFIED = ("not_verified", "未找到与该登记号和核验码相符的登记证书，请核对后重试")


def _iso(value) -> str | None:
    if isinstance(value, dt.datetime) and value.tzinfo is None:  # SQLite gives naive times back
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.isoformat() if value is not None else None


def public(c: Certificate) -> dict:
    """What anyone holding the number and code may see: no person is named."""
    return {"registration_number": c.registration_number, "title": c.title,
            "category": c.category, "category_label": CATEGORY_LABELS.get(c.category, ""),
            "units": list(c.units or []), "registered_on": c.registered_on.isoformat(),
            "status": "revoked" if c.revoked_at else "valid",
            "status_label": "已注销" if c.revoked_at else "有效",
            "revoked_on": c.revoked_at.date().isoformat() if c.revoked_at else None}


def summary(c: Certificate) -> dict:
    """A row of 打印科技成果登记证书, for the owner."""
    return {**public(c), "draft_id": c.draft_id, "issued_at": _iso(c.issued_at),
            "sha256": c.pdf_sha256, "size": c.pdf_size}


def of_draft(session, caller: Caller, draft_id, public_url: str) -> dict:
    """The owner's certificate of one achievement, with where its files are (for the gateway)."""
    rows = session.scalars(sa.select(Certificate).where(Certificate.draft_id == draft_id)
                           .order_by(Certificate.id.desc())).all() if isinstance(draft_id, int) else []
    found = next((c for c in rows if c.status == ISSUED), rows[0] if rows else None)
    if found is None or found.owner_id is None:
        raise NotFound("certificate_not_found", "该成果尚未登记，暂无登记证书")
    if found.owner_id != caller.user_id:
        raise Forbidden("not_owner", "只有该成果的登记人可以查看和打印登记证书")
    if found.revoked_at and found.status != ISSUED:
        raise NotFound("registration_revoked", "该成果登记已注销，不再生成登记证书")
    if found.status != ISSUED:
        raise NotFound("certificate_pending", "登记证书正在生成，请稍后再试")
    return {**summary(found), "check_code": found.check_code,
            "verify_url": verify_url(public_url, found.registration_number, found.check_code),
            "storage": {"pdf": found.pdf_key, "png": found.png_key, "png_size": found.png_size}}


def mine(session, caller: Caller) -> list[dict]:
    rows = session.scalars(sa.select(Certificate).where(Certificate.owner_id == caller.user_id,
                                                        Certificate.status == ISSUED)
                           .order_by(Certificate.registered_on.desc(), Certificate.id.desc()))
    return [summary(c) for c in rows]


def verify(session, number, code, secret: str) -> dict:
    """Valid or revoked, with the public fields; a wrong code answers like an unknown number."""
    missing = {k: m for k, v, m in (("number", number, "请输入登记号"), ("code", code, "请输入核验码"))
               if not isinstance(v, str) or not v.strip()}
    if missing:
        raise invalid(missing, "请输入登记号和核验码")
    number = registration_number(number)
    matches = verify_check_code(number, code, secret)
    found = session.scalar(sa.select(Certificate).where(Certificate.registration_number == number,
                                                        Certificate.status == ISSUED))
    if found is None or not matches:
        raise NotFound(*NOT_VERIFIED)
    return public(found)
