"""services/common/filetypes.py without a system: what an uploaded file really is (by its
content, never its name), zip bombs refused from the central directory before anything is
unpacked, and the file-name rules."""
from __future__ import annotations

import io
import os
import struct
import unicodedata
import zipfile

import pytest
from PIL import Image
from reportlab.pdfgen import canvas

from services.common import filetypes
from services.common.filetypes import MAX_NAME, MAX_RATIO, MAX_UNZIPPED, TYPES, Refused, detect, safe_filename

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


# --- real files of every accepted type --------------------------------------------------------

def pdf() -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, "evaluation report")
    page.save()
    return buffer.getvalue()


def image(kind: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, format=kind)
    return buffer.getvalue()


def zipped(entries: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx() -> bytes:
    return zipped({
        "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                               b'package/2006/content-types"/>',
        "_rels/.rels": b'<?xml version="1.0"?><Relationships/>',
        "word/document.xml": '<?xml version="1.0"?><w:document><w:body><w:p><w:r><w:t>科技成果'
                             '</w:t></w:r></w:p></w:body></w:document>'.encode(),
    })


def ofd() -> bytes:
    return zipped({
        "OFD.xml": '<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" '
                   'Version="1.0"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>'
                   '</ofd:DocBody></ofd:OFD>'.encode(),
        "Doc_0/Document.xml": b'<?xml version="1.0"?><ofd:Document/>',
        "Doc_0/Pages/Page_0/Content.xml": b'<?xml version="1.0"?><ofd:Page/>',
    })


def doc() -> bytes:
    """The 512-byte header of an OLE compound file (what Word 97-2003 writes), then sectors."""
    header = OLE_MAGIC + b"\x00" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
    return header.ljust(512, b"\x00") + b"\xff" * 1024


def detected(data: bytes) -> str | None:
    return detect(io.BytesIO(data))


@pytest.mark.parametrize("kind, make", [
    ("pdf", pdf), ("jpeg", lambda: image("JPEG")), ("png", lambda: image("PNG")),
    ("ofd", ofd), ("doc", doc), ("docx", docx),
])
def test_every_accepted_type_is_known_by_its_content(kind, make):
    assert detected(make()) == kind
    assert kind in TYPES


def test_every_type_has_a_content_type_and_a_label_for_the_message():
    assert set(TYPES) == {"pdf", "jpeg", "png", "ofd", "doc", "docx"}
    assert TYPES["docx"][0] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert TYPES["ofd"] == ("application/ofd", "OFD")
    assert all(content_type and label for content_type, label in TYPES.values())


@pytest.mark.parametrize("data", [
    b"",
    b"hello, this is plain text\n",
    b"<html><body>%PDF-1.4</body></html>",      # the marker, but not at the start
    b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64,  # a Windows executable
    b"GIF89a" + b"\x00" * 32,                    # an image type that is not accepted
    b"\xef\xbb\xbf%PDF-1.4\n",                   # a byte-order mark before the marker
    b"PK\x03\x04" + b"\x00" * 40,                # a zip's first bytes and nothing after
], ids=["empty", "text", "html", "exe", "gif", "bom-pdf", "broken-zip"])
def test_anything_else_is_not_a_known_type(data):
    assert detected(data) is None


def test_a_zip_that_is_neither_docx_nor_ofd_is_refused_as_unknown():
    assert detected(zipped({"evaluation.pdf": pdf(), "notes.txt": b"x"})) is None
    assert detected(zipped({"word/other.xml": b"<x/>", "ofd.xml": b"<x/>"})) is None  # names are exact


def test_the_name_never_decides_only_the_content():
    # what a browser would send as 评价报告.pdf but is really a PNG, and the other way round
    assert detected(image("PNG")) == "png"
    assert detected(pdf()) == "pdf"


def test_the_stream_is_rewound_whatever_it_holds():
    for data in (pdf(), docx(), b"neither", b"PK\x03\x04 broken"):
        stream = io.BytesIO(data)
        stream.seek(3)
        detect(stream)
        assert stream.tell() == 0


def test_a_file_on_disk_is_detected_the_same(tmp_path):
    path = tmp_path / "成果.ofd"
    path.write_bytes(ofd())
    with open(path, "rb") as stream:
        assert detect(stream) == "ofd"
        assert stream.read() == path.read_bytes()


# --- zip bombs ---------------------------------------------------------------------------------

def patch_central_directory(data: bytes, name: str, *, file_size: int, compress_size: int | None = None) -> bytes:
    """The archive with the central directory entry of `name` declaring other sizes; the local
    headers and the compressed data stay as they are (nothing in them is read by the check)."""
    raw = bytearray(data)
    at = raw.find(b"PK\x01\x02")
    while at != -1:
        name_length = struct.unpack_from("<H", raw, at + 28)[0]
        if raw[at + 46:at + 46 + name_length].decode() == name:
            if compress_size is not None:
                struct.pack_into("<I", raw, at + 20, compress_size)
            struct.pack_into("<I", raw, at + 24, file_size)
            return bytes(raw)
        at = raw.find(b"PK\x01\x02", at + 4)
    raise AssertionError(f"{name} is not in the archive")


def refusal(data: bytes) -> Refused:
    with pytest.raises(Refused) as refused:
        detected(data)
    return refused.value


def test_a_highly_compressed_docx_is_refused_as_a_zip_bomb():
    ratio_bomb = zipped({"word/document.xml": b"0" * (8 * 1024 * 1024)})  # deflates about 1000:1
    refused = refusal(ratio_bomb)
    assert refused.code == "zip_bomb" and "压缩炸弹" in refused.message
    assert isinstance(refused, ValueError)


def test_a_bomb_is_found_from_the_central_directory_without_unpacking_anything(monkeypatch):
    # 4 GiB declared for a few hundred bytes: unpacking it would take the machine's memory and
    # time; the check reads the declared sizes only.
    declared = patch_central_directory(ofd(), "OFD.xml", file_size=0xFFFFFFFF)

    def unpacked(*args, **kwargs):
        raise AssertionError("a member was unpacked")
    monkeypatch.setattr(zipfile.ZipFile, "open", unpacked)
    monkeypatch.setattr(zipfile.ZipFile, "read", unpacked)
    assert refusal(declared).code == "zip_bomb"


def test_more_than_the_unzipped_limit_is_refused_even_at_a_modest_ratio():
    size = MAX_UNZIPPED + 1
    declared = patch_central_directory(docx(), "word/document.xml", file_size=size, compress_size=size // 2)
    assert refusal(declared).code == "zip_bomb"


def test_the_ratio_counts_over_the_whole_archive():
    # one entry far past the ratio among incompressible ones (photos): the archive is not a bomb
    archive = zipped({"media/image1.jpeg": os.urandom(16 * 1024), "word/document.xml": b"0" * 300_000})
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        infos = {i.filename: i for i in z.infolist()}
    document = infos["word/document.xml"]
    assert document.file_size / document.compress_size > MAX_RATIO
    assert sum(i.file_size for i in infos.values()) / sum(i.compress_size for i in infos.values()) < MAX_RATIO
    assert detected(archive) == "docx"


def test_an_empty_zip_is_not_a_bomb_and_not_a_known_type():
    empty = zipped({})
    assert empty.startswith(b"PK\x05\x06")  # only an end-of-central-directory record
    assert detected(empty) is None
    assert detected(b"PK\x03\x04" + empty) is None


def test_the_limits_are_the_documented_ones():
    assert MAX_UNZIPPED == 512 * 1024 * 1024 and MAX_RATIO == 200 and MAX_NAME == 120
    assert filetypes.Refused is Refused


# --- file names --------------------------------------------------------------------------------

@pytest.mark.parametrize("name, kept", [
    ("评价报告.pdf", "评价报告.pdf"),
    ("  研究报告（终稿）.docx \t", "研究报告（终稿）.docx"),
    ("report v2 final.PDF", "report v2 final.PDF"),
    ("a" * MAX_NAME, "a" * MAX_NAME),
    ("成" * MAX_NAME, "成" * MAX_NAME),          # counted in characters, not bytes
    ("e\u0301valuation.pdf", "\u00e9valuation.pdf"),  # kept in NFC
    ("v1.2.pdf", "v1.2.pdf"),
])
def test_a_plain_name_is_kept_trimmed_and_composed(name, kept):
    assert safe_filename(name) == kept
    assert unicodedata.is_normalized("NFC", safe_filename(name))


@pytest.mark.parametrize("name", [None, "", "   ", "\t\n"])
def test_a_missing_name_is_refused(name):
    refused = pytest.raises(Refused, safe_filename, name).value
    assert refused.code == "filename_missing" and refused.message == "文件名不能为空"


def test_a_name_longer_than_the_limit_is_refused():
    refused = pytest.raises(Refused, safe_filename, "成" * (MAX_NAME + 1)).value
    assert refused.code == "filename_too_long" and str(MAX_NAME) in refused.message
    # decomposed characters are counted after composing them
    assert safe_filename("e\u0301" * MAX_NAME) == "\u00e9" * MAX_NAME


@pytest.mark.parametrize("name", [
    "../../etc/passwd.pdf", "reports/a.pdf", "..\\..\\boot.ini", "C:\\a.pdf", "c:a.pdf",
    ".htaccess", ".pdf", "a..pdf", "a\x00.pdf", "a\n.pdf", "a\x7f.pdf",
    "report\u202efdp.exe",      # right-to-left override: shows as report<exe>.pdf
    "a\u200b.pdf",              # zero-width space
    "a\ufeff.pdf",              # byte-order mark inside the name
])
def test_names_with_path_tricks_or_hidden_characters_are_refused(name):
    refused = pytest.raises(Refused, safe_filename, name).value
    assert refused.code == "filename_unsafe"
    assert "路径" in refused.message
