"""A PNG of a PDF's first page, for the 预览 (preview), rendered with pypdfium2 (a PyPI wheel that
bundles PDFium, so no system package is needed).

PDFium is not thread-safe either: call this in the worker itself or a process pool.
"""
from __future__ import annotations

import io

import pypdfium2 as pdfium


def render_certificate_preview_png(pdf_bytes: bytes, dpi: int = 110) -> bytes:
    """Page 1 of ``pdf_bytes`` as PNG bytes at ``dpi`` (A4 at 110 dpi is about 910 × 1290 px)."""
    document = pdfium.PdfDocument(pdf_bytes)
    try:
        page = document[0]
        bitmap = page.render(scale=dpi / 72, may_draw_forms=True)
        image = bitmap.to_pil()
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=False)
        return out.getvalue()
    finally:
        document.close()
