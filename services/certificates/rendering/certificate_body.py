"""The certificate's label/value rows, set as large as they fit, flowing to a 续页 if they never do."""
from __future__ import annotations

from dataclasses import dataclass

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from .dates import chinese_date
from .text import paragraph, style

SIZES = (14, 13.5, 13, 12.5, 12, 11.5, 11, 10.5, 10, 9.5, 9, 8.5, 8)
LABEL_CHARS = 4


@dataclass
class Row:
    label: str  # "" on a row continued from the previous page
    para: Paragraph
    height: float


def body_rows(cert: dict) -> list[tuple[str, str]]:
    """The (label, text) pairs a certificate shows, in order; missing values print as empty."""
    def joined(key: str, sep: str) -> str:
        return sep.join(str(v).strip() for v in cert.get(key) or () if str(v).strip())

    return [
        ("成果名称", cert.get("title") or ""),
        ("成果类别", cert.get("category") or ""),
        ("完成单位", joined("units", "；")),
        ("完成人", joined("completers", "、")),
        ("评价方式", cert.get("evaluation_method") or ""),
        ("评价单位", cert.get("evaluation_unit") or ""),
        ("评价日期", chinese_date(cert.get("evaluation_date"))),
        ("登记日期", chinese_date(cert.get("registered_on"))),
    ]


@dataclass
class Layout:
    size: float
    gap: float  # between rows
    pages: list[list[Row]]


def layout(pairs, font: str, width: float, height: float) -> Layout:
    """The largest size at which all rows fit one page's body, rows spaced out to use the room
    (within reason); else the smallest size, flowing onto further pages."""
    for size in SIZES:
        rows = _wrap(pairs, font, size, width)
        used = sum(r.height for r in rows)
        if used + _gap(size) * (len(rows) - 1) <= height:
            spare = (height - used) / max(len(rows) - 1, 1)
            return Layout(size, min(spare, size * 1.1), [rows])
    size = SIZES[-1]
    return Layout(size, _gap(size), _paginate(_wrap(pairs, font, size, width), size, width, height))


def draw_rows(canvas: Canvas, rows: list[Row], font: str, layout: Layout, x: float, top: float) -> None:
    size = layout.size
    for row in rows:
        if row.label:
            _draw_label(canvas, row.label, font, size, x, top - size)
        row.para.drawOn(canvas, x + (LABEL_CHARS + 1) * size, top - row.height)
        top -= row.height + layout.gap


def _draw_label(canvas: Canvas, label: str, font: str, size: float, x: float, baseline: float) -> None:
    """The label spread evenly over four characters' width (分散对齐), then a full-width colon."""
    spare = LABEL_CHARS * size - stringWidth(label, font, size)
    space = spare / (len(label) - 1) if len(label) > 1 and spare > 0 else 0
    canvas.setFont(font, size)
    canvas.drawString(x, baseline, label, charSpace=space)
    canvas.drawString(x + LABEL_CHARS * size, baseline, "：")


def _gap(size: float) -> float:
    return size * 0.6


def _wrap(pairs, font: str, size: float, width: float) -> list[Row]:
    value_width = width - (LABEL_CHARS + 1) * size
    rows = []
    for label, text in pairs:
        para = paragraph(text, style(font, size))
        rows.append(Row(label, para, para.wrap(value_width, 10**6)[1]))
    return rows


def _paginate(rows: list[Row], size: float, width: float, height: float) -> list[list[Row]]:
    value_width = width - (LABEL_CHARS + 1) * size
    pages, page, room = [], [], height
    queue = list(rows)
    while queue:
        row = queue.pop(0)
        if row.height <= room:
            page.append(row)
            room -= row.height + _gap(size)
            continue
        parts = row.para.split(value_width, room) if room > size * 1.5 else []
        if len(parts) == 2:
            head, tail = parts
            page.append(Row(row.label, head, head.wrap(value_width, room)[1]))
            queue.insert(0, Row("", tail, tail.wrap(value_width, 10**6)[1]))
        elif page:
            queue.insert(0, row)
        else:  # cannot happen with a full page of room; never loop forever
            page.append(row)
        pages.append(page)
        page, room = [], height
    if page:
        pages.append(page)
    return pages
