"""What a 科技成果登记证书 shows, taken from the approval and the frozen, approved snapshot.

The snapshot's content is `{section: {field: value}}` as the registration form defines it:
`overview.title`, `units.units` and `completers.completers` (ordered rows with `name`), and
`evaluation.evaluation_method / evaluation_unit / evaluation_date`.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from services.common.errors import invalid

from .checkcode import registration_number

CATEGORY_LABELS = {"applied": "应用技术类", "basic": "基础理论类", "soft": "软科学类"}


@dataclass(frozen=True)
class Approval:
    """The facts of an `approved` event the certificate needs."""
    registration_number: str
    snapshot_id: int
    registered_on: dt.date
    draft_id: int | None = None
    owner_id: int | None = None


def approval(data: dict) -> Approval:
    """Read an approved event's data; InvalidInput naming what is missing or malformed."""
    data = data if isinstance(data, dict) else {}
    number = registration_number(data.get("registration_number"))
    snapshot_id = data.get("snapshot_id")
    problems = {}
    if not _is_int(snapshot_id):
        problems["snapshot_id"] = "缺少提交记录编号"
    try:
        registered_on = dt.date.fromisoformat(str(data.get("registered_on"))[:10])
    except ValueError:
        problems["registered_on"] = "登记日期应为 YYYY-MM-DD"
    if problems:
        raise invalid(problems, "审核通过事件的内容不完整")
    return Approval(number, snapshot_id, registered_on, _int_or_none(data.get("draft_id")),
                    _int_or_none(data.get("owner_id")))


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _int_or_none(value) -> int | None:
    return value if _is_int(value) else None


def _names(rows) -> list[str]:
    names = [str(r.get("name") or "").strip() for r in rows or () if isinstance(r, dict)]
    return [n for n in names if n]


def certificate_fields(approved: Approval, snapshot: dict, check_code: str) -> dict:
    """The `cert` dict render_certificate draws."""
    content = snapshot.get("content") or {}
    overview, evaluation = content.get("overview") or {}, content.get("evaluation") or {}
    return {
        "registration_number": approved.registration_number,
        "title": str(overview.get("title") or "").strip(),
        "category": CATEGORY_LABELS.get(snapshot.get("category"), ""),
        "units": _names((content.get("units") or {}).get("units")),
        "completers": _names((content.get("completers") or {}).get("completers")),
        "evaluation_method": evaluation.get("evaluation_method") or "",
        "evaluation_unit": evaluation.get("evaluation_unit") or "",
        "evaluation_date": evaluation.get("evaluation_date") or "",
        "registered_on": approved.registered_on.isoformat(),
        "check_code": check_code,
    }


def verify_url(public_url: str, number: str, code: str) -> str:
    """Where the QR code leads: the public verification page, number and code filled in."""
    return f"{public_url.rstrip('/')}/verify?{urlencode({'number': number, 'code': code})}"


def retry_delay(attempts: int) -> float:
    """Seconds before another try at issuing: 30 s doubling up to an hour."""
    return float(min(30 * 2 ** max(attempts - 1, 0), 3600))
