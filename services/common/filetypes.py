"""What a file really is, by its content, and whether its name is safe to keep.

Accepted attachment types: PDF, JPEG, PNG, OFD (the Chinese fixed-layout format, a zip with
OFD.xml), DOC (OLE compound file) and DOCX (a zip with word/document.xml). Zip-based files are
checked for zip bombs from their central directory before anything is unpacked.
"""
from __future__ import annotations

import unicodedata
import zipfile
from typing import BinaryIO

TYPES = {
    "pdf": ("application/pdf", "PDF"),
    "jpeg": ("image/jpeg", "JPEG"),
    "png": ("image/png", "PNG"),
    "ofd": ("application/ofd", "OFD"),
    "doc": ("application/msword", "DOC"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX"),
}
MAX_UNZIPPED = 512 * 1024 * 1024
MAX_RATIO = 200
MAX_NAME = 120


class Refused(ValueError):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


def detect(stream: BinaryIO) -> str | None:
    """The type of a seekable stream by its content, or None; the stream is rewound."""
    stream.seek(0)
    head = stream.read(16)
    stream.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(stream)
    return None


def _zip_kind(stream: BinaryIO) -> str | None:
    try:
        with zipfile.ZipFile(stream) as archive:
            infos = archive.infolist()
            unzipped = sum(i.file_size for i in infos)
            packed = sum(i.compress_size for i in infos) or 1
            if unzipped > MAX_UNZIPPED or unzipped / packed > MAX_RATIO:
                raise Refused("zip_bomb", "文件解压后体积异常，疑似压缩炸弹，已拒绝")
            names = {i.filename for i in infos}
    except zipfile.BadZipFile:
        return None
    finally:
        stream.seek(0)
    if "word/document.xml" in names:
        return "docx"
    if "OFD.xml" in names:
        return "ofd"
    return None


def safe_filename(name: str | None) -> str:
    """The name to keep for an uploaded file, or Refused for names with path tricks."""
    text = unicodedata.normalize("NFC", (name or "").strip())
    if not text:
        raise Refused("filename_missing", "文件名不能为空")
    if len(text) > MAX_NAME:
        raise Refused("filename_too_long", f"文件名不能超过{MAX_NAME}个字符")
    if ("/" in text or "\\" in text or text.startswith(".") or ".." in text
            or any(unicodedata.category(c) in ("Cc", "Cf") for c in text)
            or ":" in text):
        raise Refused("filename_unsafe", "文件名不能包含路径、控制字符或以“.”开头")
    return text
