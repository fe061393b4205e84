"""A 科技成果登记证书 and its life: recorded `pending` at the approval, `issued` once its signed
PDF is stored (and never changed again), revoked when its registration is; the review events it
follows, read; the events it tells. See docs/architecture.md ("Certificates").
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Sequence

from services.common.backoff import backoff_seconds
from services.common.clock import as_utc
from services.common.errors import NotFound, invalid

from .checkcode import registration_number

PENDING, ISSUED = "pending", "issued"


@dataclass(frozen=True)
class Approval:
    """The facts of an `approved` event the certificate needs."""
    registration_number: str
    snapshot_id: int
    registered_on: dt.date
    draft_id: int | None = None
    owner_id: int | None = None


@dataclass(frozen=True)
class Revocation:
    """The facts of a `revoked` event."""
    registration_number: str
    at: dt.datetime | None     # None when the event does not say
    reason: str | None


@dataclass(frozen=True)
class Certificate:
    certificate_id: int
    registration_number: str
    status: str
    snapshot_id: int
    registered_on: dt.date
    draft_id: int | None = None
    owner_id: int | None = None
    unit_id: int | None = None
    # the public fields, shown by the verification, and the check code; set when issued
    title: str | None = None
    category: str | None = None
    units: list = field(default_factory=list)
    check_code: str | None = None
    # the signed PDF and its preview in the file store
    pdf_key: str | None = None
    pdf_sha256: str | None = None
    pdf_size: int | None = None
    png_key: str | None = None
    png_size: int | None = None
    issued_at: dt.datetime | None = None
    revoked_at: dt.datetime | None = None
    # once revoked: the copy marked 已注销 (the signed PDF is no longer handed out)
    revoked_pdf_key: str | None = None
    revoked_pdf_size: int | None = None
    revoked_png_key: str | None = None
    revoked_png_size: int | None = None
    printed_at: dt.datetime | None = None   # when its owner first downloaded the PDF to print

    @property
    def issued(self) -> bool:
        return self.status == ISSUED

    @property
    def needs_revoked_copy(self) -> bool:
        """Issued, then revoked, and its marked copy not made yet."""
        return self.issued and self.revoked_at is not None and self.revoked_pdf_key is None

    @property
    def to_issue(self) -> bool:
        """Still waiting for its PDF, and its registration not revoked."""
        return self.status == PENDING and self.revoked_at is None

    def approval(self) -> Approval:
        return Approval(self.registration_number, self.snapshot_id, self.registered_on,
                        self.draft_id, self.owner_id)


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


def revocation(data: dict) -> Revocation:
    """Read a revoked event's data; InvalidInput (invalid_number) without a 登记号."""
    data = data if isinstance(data, dict) else {}
    reason = "；".join(str(data[k]) for k in ("reason", "comment") if data.get(k))
    return Revocation(registration_number(data.get("registration_number")), _moment(data.get("at")),
                      reason or None)


def retry_delay(attempts: int) -> float:
    """Seconds before another try at issuing: 30 s doubling up to an hour."""
    return float(backoff_seconds(attempts))


def issue(pending: Certificate, snapshot: dict, fields: dict, *, pdf, png, at: dt.datetime) -> Certificate:
    """The certificate as issued: what it shows (`fields`, contents.py), whose it is, and its
    stored PDF and preview (`key`, `sha256`, `size`)."""
    return replace(pending, status=ISSUED, title=fields["title"], category=snapshot.get("category"),
                   units=fields["units"], check_code=fields["check_code"],
                   owner_id=snapshot.get("owner_id") or pending.owner_id,
                   unit_id=snapshot.get("unit_id"),
                   draft_id=pending.draft_id or snapshot.get("draft_id"),
                   pdf_key=pdf.key, pdf_sha256=pdf.sha256, pdf_size=pdf.size,
                   png_key=png.key, png_size=png.size, issued_at=at)


def of_draft(certificates: Sequence[Certificate]) -> Certificate:
    """Of a draft's certificates (newest first) the one its owner sees: the issued one, else the
    newest; NotFound when there is none yet."""
    found = next((c for c in certificates if c.issued), certificates[0] if certificates else None)
    if found is None or found.owner_id is None:
        raise NotFound("certificate_not_found", "该成果尚未登记，暂无登记证书")
    return found


def require_issued(certificate: Certificate) -> None:
    if certificate.revoked_at and not certificate.issued:
        raise NotFound("registration_revoked", "该成果登记已注销，不再生成登记证书")
    if not certificate.issued:
        raise NotFound("certificate_pending", "登记证书正在生成，请稍后再试")


def issued_event(certificate: Certificate) -> dict:
    c = certificate
    return {"registration_number": c.registration_number, "draft_id": c.draft_id,
            "snapshot_id": c.snapshot_id, "owner_id": c.owner_id, "unit_id": c.unit_id,
            "category": c.category, "title": c.title, "units": c.units,
            "registered_on": c.registered_on.isoformat(), "sha256": c.pdf_sha256,
            "issued_at": c.issued_at.isoformat()}


def revoked_event(certificate: Certificate, at: dt.datetime) -> dict:
    return {"registration_number": certificate.registration_number,
            "draft_id": certificate.draft_id, "was_issued": certificate.issued,
            "revoked_at": as_utc(at).isoformat()}


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _int_or_none(value) -> int | None:
    return value if _is_int(value) else None


def _moment(text) -> dt.datetime | None:
    if not isinstance(text, str) or not text:
        return None
    try:
        return as_utc(dt.datetime.fromisoformat(text))
    except ValueError:
        return None
