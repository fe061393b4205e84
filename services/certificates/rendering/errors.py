"""The errors rendering reports, in a module that imports nothing heavy: they cross from the
rendering process to the service process (process.py) and are re-raised there."""
from __future__ import annotations


class CjkFontError(RuntimeError):
    """No usable CJK TrueType font: none was found, or the one given cannot be embedded."""


class SignatureError(ValueError):
    """The key, certificate or PDF given for signing cannot be used."""


class RenderingFailed(RuntimeError):
    """The rendering process failed in a way that is not one of the errors above (it died, timed
    out, or raised an error of a library); the message says what."""
