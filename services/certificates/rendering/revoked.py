"""已注销 across every page of a revoked certificate.

The mark is added to the signed PDF as an incremental update (pypdf): the signed revision stays
byte for byte inside the file, so a validator still finds the office's signature and reports
the change made after it, while every viewer and printer shows the mark.
"""
from __future__ import annotations

import datetime as dt
import io

from pypdf import PdfReader, PdfWriter
from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas

from .dates import chinese_date
from .fonts import register_cjk_font

RED = Color(0.78, 0.1, 0.1)
MARK = "已注销"


def mark_revoked(pdf: bytes, revoked_on: dt.date, *, font_path=None) -> bytes:
    """`pdf` with 已注销 and the date of the revocation drawn over every page."""
    font = register_cjk_font(font_path)
    writer = PdfWriter(io.BytesIO(pdf), incremental=True)
    for page in writer.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        page.merge_page(PdfReader(io.BytesIO(_overlay(width, height, font, revoked_on))).pages[0])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _overlay(width: float, height: float, font: str, revoked_on: dt.date) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(width, height), invariant=1, initialFontName=font)
    canvas.saveState()
    canvas.setFillColor(RED, alpha=0.28)
    canvas.setStrokeColor(RED, alpha=0.28)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(35)
    canvas.setFont(font, 130)
    canvas.drawCentredString(0, -45, MARK)
    canvas.restoreState()
    canvas.setFillColor(RED)
    canvas.setFont(font, 13)
    canvas.drawCentredString(width / 2, height - 72,
                             f"本证书所载成果登记已于{chinese_date(revoked_on)}注销，证书不再有效")
    canvas.showPage()
    canvas.save()
    return out.getvalue()
