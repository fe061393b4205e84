"""科技成果登记证书: one A4 page (plus 续页 only if the lists never fit), deterministic bytes.

``cert`` keys: registration_number (12 characters; spaces are dropped), title, category, units and
completers (ordered lists), evaluation_method, evaluation_unit, evaluation_date, registered_on
(date or ISO string) and check_code. Missing values print as empty.

Rendering is CPU-bound (tens of ms) and not thread-safe (see fonts.py): call it in the worker itself
or in a process pool, never from threads.
"""
from __future__ import annotations

import io

from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from .certificate_body import body_rows, draw_rows, layout
from .dates import seal_date
from .fonts import register_cjk_font
from .office import DEFAULT_OFFICE
from .qr import draw_qr
from .seal import draw_seal
from .text import paragraph, style

STATEMENT = "本证书仅证明该科技成果已按规定完成登记，不作为对成果水平的评价，也不作为成果权属的证明。"
TITLE = "科技成果登记证书"
FRAME_RED = Color(0.62, 0.11, 0.11)
GREY = Color(0.25, 0.25, 0.25)
WIDTH, HEIGHT = A4
BODY_X, BODY_WIDTH = 80, WIDTH - 160
BODY_TOP, BODY_BOTTOM = HEIGHT - 200, 292
URL_WIDTH = 190


def render_certificate(cert: dict, *, seal_image: bytes | None = None,
                       office_name: str = DEFAULT_OFFICE, verify_url: str,
                       font_path=None) -> bytes:
    """The certificate as PDF bytes; the same input always gives the same bytes."""
    font = register_cjk_font(font_path)
    number = "".join(str(cert.get("registration_number") or "").split())
    body = layout(body_rows(cert), font, BODY_WIDTH, BODY_TOP - BODY_BOTTOM)
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, invariant=1, pageCompression=1,
                    initialFontName=font, lang="zh-CN")
    canvas.setTitle(f"{TITLE} {number}".strip())
    canvas.setAuthor(office_name)
    canvas.setSubject(str(cert.get("title") or ""))
    canvas.setCreator("科技成果登记系统")
    for index, rows in enumerate(body.pages):
        _draw_frame(canvas, font, number, continued=index > 0)
        draw_rows(canvas, rows, font, body, BODY_X, BODY_TOP)
        _draw_footer(canvas, font, cert, office_name, verify_url, seal_image)
        if len(body.pages) > 1:
            canvas.setFont(font, 9)
            canvas.drawCentredString(WIDTH / 2, 44, f"第 {index + 1} 页 共 {len(body.pages)} 页")
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def _draw_frame(canvas: Canvas, font: str, number: str, *, continued: bool) -> None:
    canvas.setStrokeColor(FRAME_RED)
    canvas.setLineWidth(3)
    canvas.rect(28, 28, WIDTH - 56, HEIGHT - 56)
    canvas.setLineWidth(0.8)
    canvas.rect(36, 36, WIDTH - 72, HEIGHT - 72)
    canvas.setFillColor(FRAME_RED)
    for x, y in ((36, 36), (WIDTH - 36, 36), (36, HEIGHT - 36), (WIDTH - 36, HEIGHT - 36)):
        canvas.rect(x - 4, y - 4, 8, 8, stroke=0, fill=1)
    canvas.setFillColor(black)
    canvas.setStrokeColor(black)
    canvas.setLineWidth(0.9)
    title, size = (TITLE + "（续页）", 22) if continued else (TITLE, 30)
    canvas.setFont(font, size)
    canvas.drawCentredString(WIDTH / 2, HEIGHT - 122, title, mode=2, charSpace=size * 0.18)
    canvas.setFont(font, 13)
    canvas.drawCentredString(WIDTH / 2, HEIGHT - 160, f"登记号：{number}")
    canvas.setStrokeColor(FRAME_RED)
    canvas.setLineWidth(0.6)
    canvas.line(BODY_X, HEIGHT - 176, WIDTH - BODY_X, HEIGHT - 176)


def _draw_footer(canvas: Canvas, font: str, cert: dict, office_name: str,
                 verify_url: str, seal_image: bytes | None) -> None:
    statement = paragraph(STATEMENT, style(font, 10.5, color=GREY))
    height = statement.wrap(BODY_WIDTH, 200)[1]
    statement.drawOn(canvas, BODY_X, 272 - height)
    qr_size = 96
    draw_qr(canvas, verify_url, BODY_X - 8, 70, qr_size, font_name=font)
    text_x = BODY_X + qr_size + 4
    canvas.setFillColor(black)
    canvas.setFont(font, 11)
    canvas.drawString(text_x, 146, f"核验码：{cert.get('check_code') or ''}")
    canvas.setFont(font, 8.5)
    canvas.setFillColor(GREY)
    canvas.drawString(text_x, 128, "扫描二维码或访问以下网址核验：")
    fitting = URL_WIDTH / max(stringWidth(verify_url, font, 1), 1)  # one line if 6–8 pt allows
    url = paragraph(verify_url, style(font, round(min(8, max(6, fitting)) - 0.05, 1), leading=1.3,
                                      color=GREY))
    url_width, url_height = url.wrap(URL_WIDTH, 100)
    url.drawOn(canvas, text_x, 122 - url_height)
    canvas.linkURL(verify_url, (text_x, 122 - url_height, text_x + URL_WIDTH, 122), relative=0)
    center_x = WIDTH - BODY_X - 70
    canvas.setFillColor(black)
    canvas.setFont(font, 14)
    canvas.drawCentredString(center_x, 132, office_name)
    canvas.setFont(font, 12)
    canvas.drawCentredString(center_x, 108, seal_date(cert.get("registered_on")))
    draw_seal(canvas, center_x, 126, 58, office_name=office_name, font_name=font, image=seal_image)
