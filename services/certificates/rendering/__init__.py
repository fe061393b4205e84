"""Plain-Python rendering core of the certificates service (no nameko here).

- render_certificate: the 科技成果登记证书 PDF (A4, embedded CJK font, seal, QR code, deterministic bytes)
- render_certificate_preview_png: page 1 of a PDF as PNG, for the 预览
- render_form_pdf: the registration form (登记表) PDF, with 版本号, page numbers and a 草稿 watermark
- sign_pdf / verify_pdf_signature: PAdES baseline B with pyHanko
- generate_development_identity: a self-signed key and certificate for development

Everything here is CPU-bound and must not run in threads (reportlab's font subsetting state and
PDFium are shared per process). The service calls it through process.py: one rendering process
beside each service process, which alone imports reportlab, pyHanko, PDFium and the parsed font.

The names below are imported when first used (PEP 562), so that importing one light module of
this package (office, errors, fonts' lookup, process) does not load the PDF libraries.
"""
from __future__ import annotations

import importlib

_WHERE = {
    "DEFAULT_OFFICE": "office", "STATEMENT": "certificate", "render_certificate": "certificate",
    "CjkFontError": "errors", "SignatureError": "errors", "RenderingFailed": "errors",
    "find_cjk_font": "fonts", "register_cjk_font": "fonts", "render_form_pdf": "form_pdf",
    "generate_development_identity": "identity", "render_certificate_preview_png": "preview",
    "sign_pdf": "signing", "verify_pdf_signature": "signing",
}
__all__ = sorted(_WHERE)


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
    globals()[name] = value
    return value
