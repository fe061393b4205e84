"""The office's seal on a certificate: a configured PNG, or a plain red round seal drawn as vectors."""
from __future__ import annotations

import io
import math

from reportlab.lib.colors import Color
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from .text import hidden_from_text

SEAL_RED = Color(0.86, 0.09, 0.11)
SEAL_ALPHA = 0.88  # stamp ink lets the printed text beneath show through


def draw_seal(canvas: Canvas, cx: float, cy: float, radius: float, *,
              office_name: str, font_name: str, image: bytes | None = None) -> None:
    """Draw the seal centred at (cx, cy): the PNG ``image`` if given, else the default red seal."""
    if image:
        _draw_image(canvas, image, cx, cy, radius)
    else:
        _draw_default(canvas, cx, cy, radius, office_name, font_name)


def _draw_image(canvas: Canvas, image: bytes, cx: float, cy: float, radius: float) -> None:
    reader = ImageReader(io.BytesIO(image))
    width, height = reader.getSize()
    scale = 2 * radius / max(width, height)
    w, h = width * scale, height * scale
    canvas.drawImage(reader, cx - w / 2, cy - h / 2, w, h, mask="auto")


def _draw_default(canvas: Canvas, cx: float, cy: float, radius: float,
                  office_name: str, font_name: str) -> None:
    canvas.saveState()
    canvas.setStrokeColor(SEAL_RED)
    canvas.setFillColor(SEAL_RED)
    canvas.setStrokeAlpha(SEAL_ALPHA)
    canvas.setFillAlpha(SEAL_ALPHA)
    canvas.setLineWidth(radius * 0.055)
    canvas.circle(cx, cy, radius * 0.96, stroke=1, fill=0)
    _draw_star(canvas, cx, cy, radius * 0.29)
    _draw_arc_text(canvas, cx, cy, radius, office_name, font_name)
    canvas.restoreState()


def _draw_star(canvas: Canvas, cx: float, cy: float, outer: float) -> None:
    inner = outer * 0.382
    path = canvas.beginPath()
    for i in range(10):
        r = outer if i % 2 == 0 else inner
        angle = math.radians(90 + i * 36)
        x, y = cx + r * math.cos(angle), cy + r * math.sin(angle)
        if i == 0:
            path.moveTo(x, y)
        else:
            path.lineTo(x, y)
    path.close()
    canvas.drawPath(path, stroke=0, fill=1)


def _draw_arc_text(canvas: Canvas, cx: float, cy: float, radius: float,
                   text: str, font_name: str) -> None:
    """Set the characters clockwise along the upper arc, each upright towards the rim."""
    chars = [c for c in text if not c.isspace()]
    if not chars:
        return
    size = radius * (0.32 if len(chars) <= 10 else 0.32 * 10 / len(chars))
    baseline = radius * 0.86 - size
    span = min(240.0, (len(chars) - 1) * 31.0)
    step = span / (len(chars) - 1) if len(chars) > 1 else 0.0
    canvas.setFont(font_name, size)
    with hidden_from_text(canvas):  # the office name is printed beside the seal anyway
        for i, char in enumerate(chars):
            theta = 90 + span / 2 - i * step
            canvas.saveState()
            canvas.translate(cx, cy)
            canvas.rotate(theta - 90)
            canvas.drawCentredString(0, baseline, char)
            canvas.restoreState()
