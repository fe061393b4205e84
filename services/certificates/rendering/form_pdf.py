"""The registration form (登记表) as PDF: every section in order, tables with repeating header rows,
the attachments, 版本号 and 第 N 页 共 M 页 on every page, and a 草稿 watermark on a draft.

Rendering is CPU-bound and not thread-safe (see fonts.py): the worker itself or a process pool.
"""
from __future__ import annotations

import io

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate

from . import form_blocks as blocks
from . import form_tables as tables
from .fonts import register_cjk_font
from .form_pages import MARGIN, draw_watermark, page_canvas
from .text import paragraph, style


def render_form_pdf(form: dict, document: dict, *, attachments: list[dict], version: int,
                    draft: bool, font_path=None, code_label=None) -> bytes:
    """The filled-in form as PDF bytes; the same input always gives the same bytes.

    A section's heading is its ``title`` (or ``label``, as the registration service's YAML has it).
    ``code_label(table, code) -> str | None`` names the code of a ``code`` field (学科分类 and the
    like, whose tables the registration service owns); without it the code prints alone.
    """
    font = register_cjk_font(font_path)
    title = str(form.get("title") or "科技成果登记表")
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN + 6,
        bottomMargin=MARGIN, title=title, author="科技成果登记系统", creator="科技成果登记系统",
        subject=f"版本号 {version}", invariant=1, lang="zh-CN", initialFontName=font)
    on_page = (lambda canvas, _doc: draw_watermark(canvas, font)) if draft else (lambda *_: None)
    doc.build(_story(font, form, document or {}, attachments or [], version, code_label),
              onFirstPage=on_page, onLaterPages=on_page,
              canvasmaker=page_canvas(font, title, version, draft))
    return out.getvalue()


def _story(font: str, form: dict, document: dict, attachments: list[dict], version,
           code_label) -> list:
    story = [paragraph(form.get("title") or "科技成果登记表",
                       style(font, 18, leading=1.4, alignment=TA_CENTER, spaceAfter=4)),
             paragraph(f"成果类别：{form.get('category_label') or ''}　　版本号：{version}",
                       style(font, 10, alignment=TA_CENTER, spaceAfter=6))]
    sections = [s for s in form.get("sections") or [] if isinstance(s, dict)]
    listed = False
    for number, section in enumerate(sections, start=1):
        story.append(blocks.heading(font, number, section.get("title") or section.get("label") or ""))
        story += blocks.instructions(font, section.get("text"))
        if section.get("key") == "attachments":
            story += tables.attachments_table(font, attachments)
            listed = True
        story += _fields(font, section, document.get(section.get("key")) or {}, code_label)
    if not listed and attachments:
        story.append(blocks.heading(font, len(sections) + 1, "附件清单"))
        story += tables.attachments_table(font, attachments)
    return story


def _fields(font: str, section: dict, values, code_label) -> list:
    """Plain fields in grids, each table field as its own table, in the order the form gives."""
    values = values if isinstance(values, dict) else {}
    flowables, run = [], []
    for field in section.get("fields") or []:
        if not isinstance(field, dict):
            continue
        if field.get("type") == "table":
            if run:
                flowables += blocks.field_grid(font, run, values, code_label)
                run = []
            flowables += tables.data_table(font, field, values.get(field.get("key")), code_label)
        else:
            run.append(field)
    if run:
        flowables += blocks.field_grid(font, run, values, code_label)
    return flowables
