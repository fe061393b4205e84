"""A QR code drawn with reportlab's own barcode module, sized directly (getBounds() is slow)."""
from __future__ import annotations

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.pdfgen.canvas import Canvas


def draw_qr(canvas: Canvas, data: str, x: float, y: float, size: float, *, font_name: str) -> None:
    """Draw a QR code for ``data`` with its lower-left corner at (x, y), ``size`` points square
    (the quiet zone included). ``font_name`` keeps the drawing from selecting an unembedded
    Helvetica as its initial font."""
    widget = QrCodeWidget(data, barLevel="M", barWidth=size, barHeight=size)
    drawing = Drawing(size, size, initialFontName=font_name)
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, x, y, showBoundary=False)
