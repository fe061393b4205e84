"""What a 科技成果登记证书 shows, taken from the approval and the frozen, approved snapshot.

The snapshot's content is `{section: {field: value}}` as the registration form defines it:
`overview.title`, `units.units` and `completers.completers` (ordered rows with `name`), and
`evaluation.evaluation_method / evaluation_unit / evaluation_date`.
"""
from __future__ import annotations

from urllib.parse import urlencode

from services.common.categories import CATEGORY_LABELS

from .certificate import Approval


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


def _names(rows) -> list[str]:
    names = [str(r.get("name") or "").strip() for r in rows or () if isinstance(r, dict)]
    return [n for n in names if n]
