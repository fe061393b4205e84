"""A registrant opens the 科技成果登记证书 PDF and checks what it says, that it prints, and that it verifies."""
from __future__ import annotations

import io

import pytest
from PIL import Image, ImageDraw

from services.certificates.rendering import (
    STATEMENT, render_certificate, render_certificate_preview_png)
from tests.support import pdf_tools
from tests.support.certificate_samples import CERTIFICATE, LONG_CERTIFICATE, VERIFY_URL

A4_WIDTH, A4_HEIGHT = 595.28, 841.89
INNER_FRAME = 36  # the certificate's inner border, in points from each page edge


@pytest.fixture(scope="module")
def certificate_pdf() -> bytes:
    return render_certificate(CERTIFICATE, seal_image=None, office_name="甘肃省科学技术厅",
                              verify_url=VERIFY_URL)


def test_the_certificate_states_every_fact_of_the_registration(certificate_pdf):
    text = pdf_tools.flat_text(certificate_pdf)
    assert "科技成果登记证书" in text
    assert "登记号：6202026Y0001" in text
    for expected in (CERTIFICATE["title"], "应用技术", *CERTIFICATE["units"], *CERTIFICATE["completers"],
                     "第三方评价", "甘肃省科技评价中心", "2026年1月15日", "2026年3月12日",
                     "甘肃省科学技术厅", "二〇二六年三月十二日", "7KQ2-M9XA", VERIFY_URL):
        assert expected in text, expected
    assert STATEMENT in text
    assert text.count("甘肃省科学技术厅") == 1  # the seal's own characters are not extracted


def test_units_and_people_are_printed_in_their_order(certificate_pdf):
    text = pdf_tools.flat_text(certificate_pdf)
    assert "；".join(CERTIFICATE["units"]) in text
    assert "、".join(CERTIFICATE["completers"]) in text


def test_the_text_is_set_in_an_embedded_cjk_font(certificate_pdf):
    fonts = pdf_tools.fonts(certificate_pdf)
    assert fonts and all(font["emb"] for font in fonts), fonts
    assert any("WenQuanYi" in font["name"] or "Hei" in font["name"] for font in fonts), fonts


def test_a_200_character_title_and_15_people_fit_on_one_page_inside_the_frame():
    assert len(LONG_CERTIFICATE["title"]) == 200
    pdf = render_certificate(LONG_CERTIFICATE, verify_url=VERIFY_URL)
    assert pdf_tools.page_count(pdf) == 1
    text = pdf_tools.flat_text(pdf)
    assert LONG_CERTIFICATE["title"] in text
    for name in (*LONG_CERTIFICATE["units"], *LONG_CERTIFICATE["completers"]):
        assert name in text, name
    for page, x0, y0, x1, y1, word in pdf_tools.word_boxes(pdf):
        assert INNER_FRAME < x0 and x1 < A4_WIDTH - INNER_FRAME, (word, x0, x1)
        assert INNER_FRAME < y0 and y1 < A4_HEIGHT - INNER_FRAME, (word, y0, y1)


def test_lists_too_long_for_one_page_continue_on_a_numbered_continuation_page():
    people = [f"完成人{i:03d}" for i in range(400)]
    pdf = render_certificate(dict(CERTIFICATE, completers=people), verify_url=VERIFY_URL)
    assert pdf_tools.page_count(pdf) == 2
    text = pdf_tools.flat_text(pdf)
    assert all(f"{i:03d}、" in text for i in range(399))  # one name may break across the pages
    assert "完成人399" in pdf_tools.flat_text(pdf, page=2)
    assert "科技成果登记证书（续页）" in pdf_tools.flat_text(pdf, page=2)
    assert "第2页共2页" in pdf_tools.flat_text(pdf, page=2)
    for page, x0, y0, x1, y1, word in pdf_tools.word_boxes(pdf):
        assert INNER_FRAME < x0 and x1 < A4_WIDTH - INNER_FRAME and y1 < A4_HEIGHT - INNER_FRAME, word


def test_the_qr_code_opens_the_verification_page(certificate_pdf):
    zxingcpp = pytest.importorskip("zxingcpp", reason="zxing-cpp (PyPI) decodes the QR code")
    preview = Image.open(io.BytesIO(render_certificate_preview_png(certificate_pdf, dpi=150)))
    assert [code.text for code in zxingcpp.read_barcodes(preview)] == [VERIFY_URL]


def test_the_same_certificate_always_renders_to_the_same_bytes(certificate_pdf):
    again = render_certificate(dict(CERTIFICATE), seal_image=None, office_name="甘肃省科学技术厅",
                               verify_url=VERIFY_URL)
    assert again == certificate_pdf
    other = render_certificate(dict(CERTIFICATE, check_code="ZZZZ-ZZZZ"), verify_url=VERIFY_URL)
    assert other != certificate_pdf


def test_the_default_seal_is_drawn_and_a_configured_seal_image_replaces_it(certificate_pdf):
    assert pdf_tools.image_count(certificate_pdf) == 0  # the default seal is vector drawing
    seal = Image.new("RGBA", (240, 240), (0, 0, 0, 0))
    ImageDraw.Draw(seal).ellipse((8, 8, 232, 232), outline=(220, 20, 30, 255), width=10)
    png = io.BytesIO()
    seal.save(png, format="PNG")
    pdf = render_certificate(CERTIFICATE, seal_image=png.getvalue(), verify_url=VERIFY_URL)
    assert pdf_tools.image_count(pdf) >= 1
    assert "甘肃省科学技术厅" in pdf_tools.flat_text(pdf)


def test_another_office_issues_under_its_own_name():
    pdf = render_certificate(CERTIFICATE, office_name="兰州市科学技术局", verify_url=VERIFY_URL)
    assert "兰州市科学技术局" in pdf_tools.flat_text(pdf)


def test_missing_values_print_as_blanks():
    pdf = render_certificate({"registration_number": None, "units": None}, verify_url=VERIFY_URL)
    assert "登记号：" in pdf_tools.flat_text(pdf)


def test_the_preview_is_a_png_of_the_first_page(certificate_pdf):
    preview = Image.open(io.BytesIO(render_certificate_preview_png(certificate_pdf, dpi=72)))
    assert preview.format == "PNG"
    assert abs(preview.width - 595) <= 1 and abs(preview.height - 842) <= 1
