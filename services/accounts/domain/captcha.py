"""The 4-digit image captcha of the manual ("验证码 6307 … 看不清楚？换一张")."""
from __future__ import annotations

import io
import secrets

from captcha.image import ImageCaptcha

_image = ImageCaptcha(width=120, height=44, font_sizes=(34, 38))


def new_answer(digits: int = 4) -> str:
    return "".join(secrets.choice("0123456789") for _ in range(digits))


def render_png(answer: str) -> bytes:
    buffer = io.BytesIO()
    _image.write(answer, buffer, format="png")
    return buffer.getvalue()
