"""Render, sign and store one certificate: the CPU-bound part, run in the worker itself.

reportlab's fonts and pyHanko are not thread-safe, so never in threads; a render and signature
hold this process's other workers for their duration (logged as `render_ms`).
"""
from __future__ import annotations

import io
import logging
import time
from dataclasses import dataclass

from services.common.file_store import Stored

from services.common.clock import CHINA

from ..domain.certificate import Approval, Certificate
from ..domain.contents import certificate_fields, verify_url
from ..domain.checkcode import check_code
from ..rendering import render_certificate, render_certificate_preview_png, sign_pdf
from ..rendering.revoked import mark_revoked

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Produced:
    fields: dict
    pdf: Stored
    png: Stored


def produce(approved: Approval, snapshot: dict, settings, store) -> Produced:
    code = check_code(approved.registration_number, settings.check_code_secret)
    fields = certificate_fields(approved, snapshot, code)
    started = time.perf_counter()
    unsigned = render_certificate(fields, seal_image=settings.seal_image,
                                  office_name=settings.office_name,
                                  verify_url=verify_url(settings.public_url,
                                                        approved.registration_number, code))
    pdf = sign_pdf(unsigned, key_pem=settings.key_pem, cert_pem=settings.cert_pem)
    signed = time.perf_counter()
    png = render_certificate_preview_png(pdf)
    log.info("certificate rendered", extra={
        "registration_number": approved.registration_number,
        "render_ms": round((signed - started) * 1000, 1),
        "preview_ms": round((time.perf_counter() - signed) * 1000, 1)})
    return Produced(fields, *_put_both(store, pdf, png, settings.max_file_bytes))


def produce_revoked(certificate: Certificate, settings, store) -> Produced:
    """The signed PDF of a revoked certificate marked 已注销 on every page, and its preview."""
    revoked_on = certificate.revoked_at.astimezone(CHINA).date()
    pdf = mark_revoked(store.read(certificate.pdf_key), revoked_on)
    png = render_certificate_preview_png(pdf)
    return Produced({}, *_put_both(store, pdf, png, settings.max_file_bytes))


def _put_both(store, pdf: bytes, png: bytes, limit: int) -> tuple[Stored, Stored]:
    pdf_stored = store.put(io.BytesIO(pdf), limit)
    try:
        return pdf_stored, store.put(io.BytesIO(png), limit)
    except BaseException:
        store.delete(pdf_stored.key)
        raise


def discard(store, produced: Produced) -> None:
    store.delete(produced.pdf.key)
    store.delete(produced.png.key)
