"""Render, sign and store one certificate: the CPU-bound part, run in the rendering process
beside this one (rendering/process.py), one call at a time; the worker waits for it on a pipe
(logged as `render_ms`, the render and signature, and `preview_ms`)."""
from __future__ import annotations

import io
import logging
from dataclasses import dataclass

from services.common.file_store import Stored

from services.common.clock import CHINA

from ..domain.certificate import Approval, Certificate
from ..domain.contents import certificate_fields, verify_url
from ..domain.checkcode import check_code
from ..rendering import process

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Produced:
    fields: dict
    pdf: Stored
    png: Stored


def produce(approved: Approval, snapshot: dict, settings, store) -> Produced:
    code = check_code(approved.registration_number, settings.check_code_secret)
    fields = certificate_fields(approved, snapshot, code)
    made = process.shared().call(
        "certificate", fields, seal_image=settings.seal_image, office_name=settings.office_name,
        verify_url=verify_url(settings.public_url, approved.registration_number, code),
        key_pem=settings.key_pem, cert_pem=settings.cert_pem)
    log.info("certificate rendered", extra={
        "registration_number": approved.registration_number,
        "render_ms": made["render_ms"], "preview_ms": made["preview_ms"]})
    return Produced(fields, *_put_both(store, made["pdf"], made["png"], settings.max_file_bytes))


def produce_revoked(certificate: Certificate, settings, store) -> Produced:
    """The signed PDF of a revoked certificate marked 已注销 on every page, and its preview."""
    revoked_on = certificate.revoked_at.astimezone(CHINA).date()
    made = process.shared().call("revoked", store.read(certificate.pdf_key), revoked_on)
    return Produced({}, *_put_both(store, made["pdf"], made["png"], settings.max_file_bytes))


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
