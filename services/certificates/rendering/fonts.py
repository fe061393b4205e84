"""The embedded CJK TrueType font every PDF of this service is set in.

reportlab embeds (a subset of) a TrueType font; its built-in STSong-Light is not embedded and shows
blank in many viewers, and CFF-flavoured ``.otf`` fonts (Noto CJK) are refused. The font is found in
this order: the ``font_path`` argument, the ``CERTIFICATES_CJK_FONT`` environment variable, the
wqy-microhei file shipped by the PyPI package ``paperang-p2-fonts-cjk`` (a project requirement), then
Debian's ``fonts-wqy-microhei`` / ``fonts-wqy-zenhei``. A ``.ttc`` collection uses its first face.

Fonts are registered once per process. Never render from threads: reportlab keeps each font's
subsetting state on the shared font object, and concurrent renders corrupt it. Render in the worker
itself or in a process pool.
"""
from __future__ import annotations

import importlib.util
import os
import threading
from pathlib import Path

from .errors import CjkFontError

ENV_VAR = "CERTIFICATES_CJK_FONT"
DEBIAN_FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)
_registered: dict[str, str] = {}
_lock = threading.Lock()


def _packaged_font() -> str | None:
    spec = importlib.util.find_spec("paperang_p2_fonts_cjk")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        candidate = Path(folder) / "fonts" / "wqy-microhei.ttc"
        if candidate.is_file():
            return str(candidate)
    return None


def find_cjk_font(font_path: str | os.PathLike | None = None) -> str:
    """Return the path of the CJK font to use, or raise CjkFontError saying what to install."""
    explicit = font_path or os.environ.get(ENV_VAR)
    if explicit:
        if not Path(explicit).is_file():
            raise CjkFontError(f"CJK font file not found: {explicit}")
        return str(explicit)
    candidates = [_packaged_font(), *DEBIAN_FONTS]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return candidate
    raise CjkFontError(
        "No CJK TrueType font found. Install the project requirements (paperang-p2-fonts-cjk), "
        "or `apt-get install fonts-wqy-microhei`, or pass font_path / set "
        f"{ENV_VAR} to a .ttf/.ttc file (CFF .otf fonts cannot be embedded).")


def register_cjk_font(font_path: str | os.PathLike | None = None) -> str:
    """Register the CJK font with reportlab (once per process and path); return its font name."""
    from reportlab.lib.fonts import addMapping   # here: finding the font needs no reportlab
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    path = os.path.realpath(find_cjk_font(font_path))
    with _lock:
        if path in _registered:
            return _registered[path]
        name = f"CJK{len(_registered)}-{Path(path).stem}"
        try:
            font = TTFont(name, path, subfontIndex=0)  # a .ttc: first face
        except (TTFError, OSError, ValueError) as error:
            raise CjkFontError(f"Cannot embed {path}: {error}") from error
        pdfmetrics.registerFont(font)
        for bold in (0, 1):
            for italic in (0, 1):
                addMapping(name, bold, italic, name)
        _registered[path] = name
        return name
