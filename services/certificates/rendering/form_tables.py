"""Table fields and the attachments list of the 登记表: real tables whose header row repeats on
every page. A table's textarea columns (对成果创造性贡献 …) get a full-width line under each record
instead of a narrow column, so records stay short."""
from __future__ import annotations

from reportlab.lib.enums import TA_CENTER
from reportlab.platypus import Table

from .form_style import CONTENT_WIDTH, PADDING, SHADE, header, label, table_style
from .form_values import format_value
from .text import paragraph, style

SERIAL_WIDTH = 30
TALL_ROW = 600  # a record taller than this may split inside itself (36 pt at least on a page)
WEIGHTS = {"textarea": 3, "id_number": 1.8, "credit_code": 1.8, "email": 1.6, "integer": 0.7,
           "boolean": 0.6, "year": 0.7, "date": 1.1, "mobile": 1.2, "phone": 1.2}


def data_table(font: str, field: dict, rows, code_label=None) -> list:
    columns = [c for c in field.get("columns") or [] if isinstance(c, dict)]
    inline = [c for c in columns if c.get("type") != "textarea"] or columns
    wide = [c for c in columns if c not in inline]
    widths = [SERIAL_WIDTH, *_widths(inline, CONTENT_WIDTH - SERIAL_WIDTH)]
    data = [[header(font, "序号")] + [header(font, c.get("label", ""), c.get("required")) for c in inline]]
    commands = [("BACKGROUND", (0, 0), (-1, 0), SHADE), ("VALIGN", (0, 1), (-1, -1), "TOP")]
    for index, row in enumerate(r for r in rows or [] if isinstance(r, dict)):
        first = len(data)
        data.append([_cell(font, str(index + 1), center=True)]
                    + [_cell(font, format_value(c, row.get(c.get("key")), code_label)) for c in inline])
        for column in wide:
            text = format_value(column, row.get(column.get("key")), code_label)
            data.append(["", _note(font, column, text)] + [""] * (len(inline) - 1))
            commands.append(("SPAN", (1, len(data) - 1), (-1, len(data) - 1)))
        if wide:
            commands.append(("SPAN", (0, first), (0, len(data) - 1)))
    if len(data) == 1:
        data.append([_cell(font, "（无）", center=True)] + [""] * len(inline))
        commands.append(("SPAN", (0, 1), (-1, 1)))
    table = Table(data, colWidths=widths, repeatRows=1, splitInRow=_split_in_row(data, widths))
    table.setStyle(table_style(font, commands))
    caption = label(font, field, size=10.5, spaceBefore=8, spaceAfter=4, keepWithNext=1)
    return [caption, table]


def attachments_table(font: str, attachments) -> list:
    widths = [SERIAL_WIDTH, 72, 150, 52, CONTENT_WIDTH - SERIAL_WIDTH - 274]
    data = [[header(font, t) for t in ("序号", "类型", "文件名", "大小", "SHA-256")]]
    for index, item in enumerate(a for a in attachments or [] if isinstance(a, dict)):
        data.append([_cell(font, str(index + 1), center=True), _cell(font, item.get("kind_label")),
                     _cell(font, item.get("filename")), _cell(font, _size(item.get("size"))),
                     [paragraph(item.get("sha256", ""), style(font, 7, leading=1.3))]])
    commands = [("BACKGROUND", (0, 0), (-1, 0), SHADE), ("VALIGN", (0, 1), (-1, -1), "TOP")]
    if len(data) == 1:
        data.append([_cell(font, "（无附件）", center=True), "", "", "", ""])
        commands.append(("SPAN", (0, 1), (-1, 1)))
    table = Table(data, colWidths=widths, repeatRows=1, splitInRow=_split_in_row(data, widths))
    table.setStyle(table_style(font, commands))
    return [table]


def _cell(font: str, text, *, center=False) -> list:
    # a list, not a bare Paragraph: reportlab measures lists when it splits a row across pages
    return [paragraph(text, style(font, 9, alignment=TA_CENTER) if center else style(font, 9))]


def _note(font: str, column: dict, text: str) -> list:
    para = paragraph(text, style(font, 9, leading=1.55))
    return [type(para)(f'<font color="#555555">{label(font, column).text}：</font>{para.text}',
                       para.style)]


def _widths(columns: list[dict], total: float) -> list[float]:
    """Share ``total`` by column type, every column at least wide enough for a 4-character header."""
    if not columns:
        return []
    floor = min(4 * 9 + 2 * PADDING, total / len(columns))
    weights = [WEIGHTS.get(c.get("type", "text"), 1.0) for c in columns]
    widths = [max(floor, total * w / sum(weights)) for w in weights]
    excess = sum(widths) - total
    flexible = sum(w - floor for w in widths)
    return [w - excess * (w - floor) / flexible if flexible else w for w in widths]


def _split_in_row(data, widths) -> int:
    """0 (rows move whole to the next page), unless a row is too tall for any page: reportlab's
    in-row split is fragile, so it is asked for only when nothing else can work."""
    for row in data:
        height = 0
        for cell, width in zip(row, widths):
            for flowable in cell if isinstance(cell, list) else ():
                height = max(height, flowable.wrap(width - 2 * PADDING, 10**6)[1])
        if height > TALL_ROW:
            return 36
    return 0


def _size(size) -> str:
    if not isinstance(size, (int, float)) or isinstance(size, bool):
        return ""
    if size < 1024:
        return f"{size:.0f} B"
    return f"{size / 1024:.1f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"
