"""The response shapes of the certificates service: every dict its RPCs return is built here."""
from __future__ import annotations

import base64

from services.common.categories import CATEGORY_LABELS

from ..domain.certificate import Certificate
from ..domain.contents import verify_url


def public_view(c: Certificate) -> dict:
    """What anyone holding the number and code may see: no person is named."""
    return {"registration_number": c.registration_number, "title": c.title,
            "category": c.category, "category_label": CATEGORY_LABELS.get(c.category, ""),
            "units": list(c.units or []), "registered_on": c.registered_on.isoformat(),
            "status": "revoked" if c.revoked_at else "valid",
            "status_label": "已注销" if c.revoked_at else "有效",
            "revoked_on": c.revoked_at.date().isoformat() if c.revoked_at else None}


def summary_view(c: Certificate) -> dict:
    """A row of 打印科技成果登记证书, for the owner."""
    return {**public_view(c), "draft_id": c.draft_id,
            "issued_at": c.issued_at.isoformat() if c.issued_at else None,
            "sha256": c.pdf_sha256, "size": c.pdf_size}


def owner_view(c: Certificate, public_url: str) -> dict:
    """The owner's certificate with its check code and where its files are (for the gateway):
    the signed PDF while valid; once revoked, the copy marked 已注销, which cannot be printed
    as a certificate."""
    revoked = c.revoked_at is not None
    storage = ({"pdf": c.revoked_pdf_key, "pdf_size": c.revoked_pdf_size, "png": c.revoked_png_key,
                "png_size": c.revoked_png_size} if revoked else
               {"pdf": c.pdf_key, "pdf_size": c.pdf_size, "png": c.png_key, "png_size": c.png_size})
    return {**summary_view(c), "check_code": c.check_code, "printable": not revoked,
            "verify_url": verify_url(public_url, c.registration_number, c.check_code),
            "storage": storage}


TO_PRINT = "to_print"
TO_PRINT_LABEL = "登记证书待打印"


def reminders_view(count: int) -> dict:
    return {"total": count, "kinds": [{"kind": TO_PRINT, "label": TO_PRINT_LABEL, "count": count}]}


def reminder_page(found: list[Certificate], total: int, page: int, page_size: int) -> dict:
    return {"items": [{"kind": TO_PRINT, "kind_label": TO_PRINT_LABEL,
                       "title": f"{c.title or ''}（登记号 {c.registration_number}）", "status_label": "已登记",
                       "at": c.issued_at.isoformat() if c.issued_at else None, "link": "/certificates",
                       "draft_id": c.draft_id} for c in found],
            "total": total, "page": page, "page_size": page_size}


def stored_file(c: Certificate) -> dict:
    return {"registration_number": c.registration_number, "storage_key": c.pdf_key,
            "sha256": c.pdf_sha256, "size": c.pdf_size, "revoked": c.revoked_at is not None}


def form_pdf_view(pdf: bytes) -> dict:
    return {"pdf": base64.b64encode(pdf).decode()}
