"""The flowables of a 登记表 section: its heading, instructions, and its plain fields as a grid."""
from __future__ import annotations

from reportlab.platypus import CondPageBreak, Paragraph, Table

from .dates import chinese_number
from .form_style import BAND, CONTENT_WIDTH, LINE, PADDING, SHADE, label, table_style
from .form_values import format_value, is_short
from .text import paragraph, style

LABEL_WIDTH = 78
HALF_VALUE = CONTENT_WIDTH / 2 - LABEL_WIDTH


def heading(font: str, number: int, title: str) -> Paragraph:
    return paragraph(f"{chinese_number(number)}、{title or ''}", style(
        font, 12.5, leading=1.3, backColor=BAND, borderPadding=(4, 5, 4, 5),
        spaceBefore=14, spaceAfter=8, leftIndent=5, rightIndent=5, keepWithNext=1))


def instructions(font: str, text) -> list[Paragraph]:
    lines = [line.strip() for line in str(text or "").splitlines() if line.strip()]
    return [paragraph(line, style(font, 10, leading=1.6, firstLineIndent=20, spaceAfter=3))
            for line in lines]


def field_grid(font: str, fields: list[dict], values: dict, code_label=None) -> list:
    """Plain fields as a grid: two short ones share a row, a long one spans the whole row, and a
    textarea gets a full-width box below its label that may run over several pages."""
    rows = []
    pending = None  # a short field waiting for a partner
    for field in fields:
        text = format_value(field, values.get(field.get("key")), code_label)
        cells = [label(font, field), paragraph(text, style(font, 10))]
        if field.get("type") == "textarea":
            if pending:
                rows.append(("pair", pending + ["", ""]))
                pending = None
            rows.append(("box", [label(font, field), text]))
            continue
        if is_short(field, text):
            if pending:
                rows.append(("pair", pending + cells))
                pending = None
            else:
                pending = cells
            continue
        if pending:
            rows.append(("pair", pending + ["", ""]))
            pending = None
        rows.append(("full", cells))
    if pending:
        rows.append(("pair", pending + ["", ""]))
    return _grid_tables(font, rows)


def _text_box(font: str, caption: Paragraph, text: str) -> list:
    """A shaded label row, then the text boxed in the table's outline; reportlab splits a paragraph
    across pages cleanly (a table row split with splitInRow leaves a tall blank tail)."""
    head = Table([[caption]], colWidths=[CONTENT_WIDTH])
    head.setStyle(table_style(font, [("BACKGROUND", (0, 0), (-1, -1), SHADE)]))
    pad = PADDING
    box = paragraph(text or "\u00a0", style(
        font, 10, leading=1.6, borderWidth=0.5, borderColor=LINE, borderPadding=(pad, pad, pad + 1, pad),
        leftIndent=pad, rightIndent=pad, spaceBefore=pad, spaceAfter=pad + 1))
    return [CondPageBreak(72), head, box]  # never a label alone at the foot of a page


def _grid_tables(font: str, rows) -> list:
    """Consecutive rows of one shape share a table; a long value may split across pages."""
    tables, index = [], 0
    while index < len(rows):
        shape = rows[index][0]
        if shape == "box":
            tables += _text_box(font, *rows[index][1])
            index += 1
            continue
        group = []
        while index < len(rows) and rows[index][0] == shape:
            group.append(rows[index][1])
            index += 1
        widths = ([LABEL_WIDTH, HALF_VALUE, LABEL_WIDTH, HALF_VALUE] if shape == "pair"
                  else [LABEL_WIDTH, CONTENT_WIDTH - LABEL_WIDTH])
        table = Table(group, colWidths=widths)
        shaded = [("BACKGROUND", (0, 0), (0, -1), SHADE)]
        if shape == "pair":
            shaded.append(("BACKGROUND", (2, 0), (2, -1), SHADE))
        table.setStyle(table_style(font, shaded))
        tables.append(table)
    return tables


