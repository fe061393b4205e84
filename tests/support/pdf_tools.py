"""What a person checks in a PDF, through poppler-utils (pdftotext, pdffonts, pdfinfo, pdfimages)."""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path


def _run(tool: str, pdf: bytes, *args: str) -> str:
    if shutil.which(tool) is None:
        raise RuntimeError(f"{tool} not found: apt-get install poppler-utils")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(pdf)
        return subprocess.run([tool, *args, str(path), *(["-"] if tool == "pdftotext" else [])],
                              check=True, capture_output=True, text=True).stdout


def text(pdf: bytes, page: int | None = None) -> str:
    """The text in the order it was drawn (-raw), which is reading order for our PDFs: a table
    cell's lines stay together instead of being interleaved with the next cell's."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return _run("pdftotext", pdf, "-raw", "-enc", "UTF-8", *pages)


def flat_text(pdf: bytes, page: int | None = None) -> str:
    """The text with all whitespace removed, so wrapped lines read as one string."""
    return "".join(text(pdf, page).split())


def body_text(pdf: bytes, top: int = 50, bottom: int = 800) -> str:
    """Flat text of every page between ``top`` and ``bottom`` (points from the top edge), that is
    without running headers and footers, so text broken over pages reads on."""
    pages = []
    for page in range(1, page_count(pdf) + 1):
        region = ["-x", "0", "-y", str(top), "-W", "600", "-H", str(bottom - top)]
        pages.append(_run("pdftotext", pdf, "-raw", "-enc", "UTF-8", "-f", str(page), "-l", str(page),
                          *region))
    return "".join("".join(pages).split())


def fonts(pdf: bytes) -> list[dict]:
    lines = _run("pdffonts", pdf).splitlines()[2:]
    rows = []
    for line in lines:
        match = re.match(r"(\S+)\s+(.+?)\s+(\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$", line)
        if match:
            rows.append({"name": match[1], "type": match[2], "emb": match[4] == "yes"})
    return rows


def page_count(pdf: bytes) -> int:
    return int(re.search(r"^Pages:\s+(\d+)", _run("pdfinfo", pdf), re.M)[1])


def image_count(pdf: bytes) -> int:
    return max(len(_run("pdfimages", pdf, "-list").splitlines()) - 2, 0)


def word_boxes(pdf: bytes) -> list[tuple[int, float, float, float, float, str]]:
    """(page, xMin, yMin, xMax, yMax, word) for every word, in points from the top-left corner."""
    html = _run("pdftotext", pdf, "-bbox")
    boxes, page = [], 0
    for line in html.splitlines():
        if "<page " in line:
            page += 1
        match = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>',
                          line)
        if match:
            boxes.append((page, *map(float, match.groups()[:4]), match[5]))
    return boxes
