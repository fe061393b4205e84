"""The look shared by the 登记表's grids and tables: widths, rules, shading, labels."""
from __future__ import annotations

from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_CENTER
from reportlab.platypus import Paragraph, TableStyle

from .form_pages import MARGIN, WIDTH
from .text import paragraph, style

CONTENT_WIDTH = WIDTH - 2 * MARGIN - 12  # the frame's width inside its 6 pt paddings
LINE = Color(0.55, 0.55, 0.55)
SHADE = Color(0.94, 0.95, 0.96)
BAND = Color(0.86, 0.89, 0.93)
REQUIRED = "#C00000"
PADDING = 4


def table_style(font: str, extra=()) -> TableStyle:
    return TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), font),  # else an empty cell selects unembedded Helvetica
        ("GRID", (0, 0), (-1, -1), 0.5, LINE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), PADDING), ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 3.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 4.5),
        *extra])


def label(font: str, field: dict, size: float = 9.5, **extra) -> Paragraph:
    """A field's label, a red * before it when the field is required."""
    mark = f'<font color="{REQUIRED}">*</font>' if field.get("required") else ""
    para = paragraph(field.get("label", ""), style(font, size, **extra))
    return Paragraph(mark + para.text, para.style)


def header(font: str, text: str, required=False) -> Paragraph:
    return label(font, {"label": text, "required": required}, size=9, alignment=TA_CENTER)
