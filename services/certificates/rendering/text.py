"""Paragraphs of Chinese text that wrap anywhere, as real (selectable) PDF text."""
from __future__ import annotations

from contextlib import contextmanager
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib import textsplit as _rl_textsplit
from reportlab.platypus import Paragraph, paragraph as _rl_paragraph

# reportlab's list of characters that may not start a line lacks the common full-width Chinese
# punctuation, so a wrapped line could begin with "，". Add it: such a character now hangs at the end
# of the previous line instead (标点悬挂). reportlab reads these module globals when it wraps CJK text.
_CANNOT_START = "".join(dict.fromkeys(_rl_textsplit.ALL_CANNOT_START + "，；：！？、。）》」』】〉〕”’％…—·"))
_rl_textsplit.ALL_CANNOT_START = _rl_paragraph.ALL_CANNOT_START = _CANNOT_START

_styles: dict[tuple, ParagraphStyle] = {}


def style(font: str, size: float, *, leading: float = 1.45, alignment: int = TA_LEFT,
          color=None, **extra) -> ParagraphStyle:
    """A cached style whose lines break between any two characters (wordWrap CJK)."""
    key = (font, size, leading, alignment, repr(color), tuple(sorted(extra.items())))
    if key not in _styles:
        options = {"textColor": color} if color is not None else {}
        _styles[key] = ParagraphStyle(
            f"{font}-{size}", fontName=font, fontSize=size, leading=size * leading,
            alignment=alignment, wordWrap="CJK", **options, **extra)
    return _styles[key]


def paragraph(text, paragraph_style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (markup characters escaped, line breaks kept)."""
    plain = "" if text is None else str(text)
    return Paragraph(escape(plain).replace("\n", "<br/>"), paragraph_style)


@contextmanager
def hidden_from_text(canvas):
    """Glyphs drawn inside are seen but not extracted or copied (an empty ActualText): a seal's or a
    watermark's characters would otherwise scramble the lines they overlap. Nest inside q/Q."""
    canvas.addLiteral("/Span <</ActualText ()>> BDC")
    yield
    canvas.addLiteral("EMC")
