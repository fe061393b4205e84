"""What every page of the 登记表 carries: the header with the 版本号, "第 N 页 共 M 页", and the
diagonal 草稿 watermark on a draft.

The page count is known only at the end, so the canvas keeps each page's state and draws the header
and footer of all pages when the document is saved (one pass, no second build).
"""
from __future__ import annotations

from reportlab.lib.colors import Color
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from .text import hidden_from_text

RULE = Color(0.55, 0.55, 0.55)
WATERMARK = Color(0.75, 0.1, 0.1)
WIDTH, HEIGHT = A4
MARGIN = 56.7  # 20 mm


def page_canvas(font: str, title: str, version: int, draft: bool):
    """A canvas class for doc.build(canvasmaker=...) that numbers pages and prints the header."""

    class FormCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                _header_footer(self, font, title, version, draft, number, total)
                Canvas.showPage(self)
            Canvas.save(self)

    return FormCanvas


def draw_watermark(canvas: Canvas, font: str) -> None:
    """The diagonal 草稿 across the page, faint, beneath the content (call at page start)."""
    canvas.saveState()
    canvas.setFillColor(WATERMARK)
    canvas.setFillAlpha(0.12)
    canvas.translate(WIDTH / 2, HEIGHT / 2)
    canvas.rotate(45)
    canvas.setFont(font, 150)
    with hidden_from_text(canvas):  # the header says 草稿 in words; keep copied text clean
        canvas.drawCentredString(0, -50, "草稿", charSpace=40)
    canvas.restoreState()


def _header_footer(canvas: Canvas, font: str, title: str, version: int, draft: bool,
                   number: int, total: int) -> None:
    canvas.saveState()
    canvas.setFont(font, 8.5)
    canvas.setFillColor(Color(0.3, 0.3, 0.3))
    top = HEIGHT - MARGIN + 22
    canvas.drawString(MARGIN, top, title + ("（草稿）" if draft else ""))
    canvas.drawRightString(WIDTH - MARGIN, top, f"版本号：{version}")
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN, top - 5, WIDTH - MARGIN, top - 5)
    canvas.line(MARGIN, MARGIN - 18, WIDTH - MARGIN, MARGIN - 18)
    canvas.setFont(font, 9)
    canvas.drawCentredString(WIDTH / 2, MARGIN - 32, f"第 {number} 页 共 {total} 页")
    canvas.drawRightString(WIDTH - MARGIN, MARGIN - 32, f"版本号：{version}")
    canvas.restoreState()
