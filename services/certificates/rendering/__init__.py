"""Plain-Python rendering core of the certificates service (no nameko here).

- render_certificate: the 科技成果登记证书 PDF (A4, embedded CJK font, seal, QR code, deterministic bytes)
- render_certificate_preview_png: page 1 of a PDF as PNG, for the 预览
- render_form_pdf: the registration form (登记表) PDF, with 版本号, page numbers and a 草稿 watermark
- sign_pdf / verify_pdf_signature: PAdES baseline B with pyHanko
- generate_development_identity: a self-signed key and certificate for development

Everything here is CPU-bound and must not run in threads (reportlab's font subsetting state and
PDFium are shared per process): call it in the nameko worker itself or in a process pool.
"""
from .certificate import DEFAULT_OFFICE, STATEMENT, render_certificate
from .fonts import CjkFontError, find_cjk_font, register_cjk_font
from .form_pdf import render_form_pdf
from .identity import generate_development_identity
from .preview import render_certificate_preview_png
from .signing import SignatureError, sign_pdf, verify_pdf_signature

__all__ = [
    "DEFAULT_OFFICE", "STATEMENT", "CjkFontError", "SignatureError", "find_cjk_font",
    "generate_development_identity", "register_cjk_font", "render_certificate",
    "render_certificate_preview_png", "render_form_pdf", "sign_pdf", "verify_pdf_signature",
]
