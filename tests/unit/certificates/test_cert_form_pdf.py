"""A registrant, a reviewer or an archivist reads the 登记表 PDF of an achievement."""
from __future__ import annotations

import copy
import io
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from services.certificates.rendering import render_certificate_preview_png, render_form_pdf
from tests.support import pdf_tools
from tests.support.certificate_samples import ATTACHMENTS, DOCUMENT, FORM

A4_WIDTH, A4_HEIGHT = 595.28, 841.89


@pytest.fixture(scope="module")
def draft_pdf() -> bytes:
    return render_form_pdf(FORM, DOCUMENT, attachments=ATTACHMENTS, version=3, draft=True)


@pytest.fixture(scope="module")
def final_pdf() -> bytes:
    return render_form_pdf(FORM, DOCUMENT, attachments=ATTACHMENTS, version=7, draft=False)


def test_the_form_shows_its_title_every_section_and_the_filled_in_values(draft_pdf):
    text = pdf_tools.flat_text(draft_pdf)
    assert "应用技术类科技成果登记表(2021年)" in text
    for number, section in zip("一二三四五六七", FORM["sections"]):
        assert f"{number}、{section['title']}" in text
    for expected in (DOCUMENT["overview"]["title"], "遥感；土壤墒情；精准灌溉", "新技术", "成熟应用阶段",
                     "2026年1月15日", "2021年3月", "2025年12月", "否", "发明专利、软件著作权",
                     "12,850.50万元", "36家", "zhangjg@lzu.edu.cn", "0931-8912345", "730000"):
        assert expected in text, expected


def test_required_fields_are_marked(draft_pdf):
    text = pdf_tools.flat_text(draft_pdf)
    assert "*成果名称" in text and "*联系人" in text
    assert "*关键词" not in text


def test_tables_list_every_row_with_a_header_repeated_on_each_page(draft_pdf):
    text = pdf_tools.flat_text(draft_pdf)
    for unit in DOCUMENT["units"]["units"]:
        assert unit["name"] in text
    assert "12620000438000445D" in text
    completers = DOCUMENT["completers"]["completers"]
    for person in completers:
        assert person["name"] in text
    pages_with_people = [page for page in range(1, pdf_tools.page_count(draft_pdf) + 1)
                         if "研究内容，主持完成" in pdf_tools.flat_text(draft_pdf, page)]
    assert len(pages_with_people) >= 2, "the sample table is meant to run over a page break"
    for page in pages_with_people:
        assert "序号*姓名性别出生年月技术职称工作单位" in pdf_tools.flat_text(draft_pdf, page)


def test_the_attachments_are_listed_with_name_size_and_checksum(draft_pdf):
    text = pdf_tools.flat_text(draft_pdf)
    for attachment in ATTACHMENTS:
        assert attachment["filename"] in text
        assert attachment["kind_label"] in text
        assert attachment["sha256"] in text
    assert "2.4MB" in text


def test_every_page_carries_the_version_and_its_page_number(final_pdf):
    pages = pdf_tools.page_count(final_pdf)
    assert pages >= 3
    for page in range(1, pages + 1):
        text = pdf_tools.flat_text(final_pdf, page)
        assert "版本号：7" in text
        assert f"第{page}页共{pages}页" in text


def test_a_draft_says_so_on_every_page_and_a_final_form_nowhere(draft_pdf, final_pdf):
    for page in range(1, pdf_tools.page_count(draft_pdf) + 1):
        # once, in the running header: the watermark is seen but kept out of copied text
        assert pdf_tools.flat_text(draft_pdf, page).count("草稿") == 1
    assert "草稿" not in pdf_tools.flat_text(final_pdf)


def test_the_draft_watermark_shows_on_the_page(draft_pdf):
    final = render_form_pdf(FORM, DOCUMENT, attachments=ATTACHMENTS, version=3, draft=False)
    pictures = [Image.open(io.BytesIO(render_certificate_preview_png(pdf, dpi=40)))
                for pdf in (draft_pdf, final)]
    reddish = ImageChops.difference(*pictures).getbbox()
    assert reddish is not None
    width, height = pictures[0].size
    assert reddish[2] - reddish[0] > width / 3 and reddish[3] - reddish[1] > height / 3  # big, diagonal


def test_the_text_is_set_in_an_embedded_cjk_font(draft_pdf):
    fonts = pdf_tools.fonts(draft_pdf)
    assert fonts and all(font["emb"] for font in fonts), fonts


def test_long_text_wraps_inside_the_page(draft_pdf):
    assert DOCUMENT["overview"]["summary"] in pdf_tools.body_text(draft_pdf)
    for page, x0, y0, x1, y1, word in pdf_tools.word_boxes(draft_pdf):
        assert 0 < x0 and x1 < A4_WIDTH - 30 and 0 < y0 and y1 < A4_HEIGHT, word


def test_a_cell_longer_than_a_page_runs_over_pages_instead_of_failing():
    document = copy.deepcopy(DOCUMENT)
    document["completers"]["completers"][0]["contribution"] = "负责田间试验与数据分析。" * 400
    pdf = render_form_pdf(FORM, document, attachments=ATTACHMENTS, version=1, draft=False)
    assert pdf_tools.page_count(pdf) > 5
    repeated_header = "序号*姓名性别出生年月技术职称工作单位"
    text = pdf_tools.body_text(pdf).replace(repeated_header, "")
    assert text.count("负责田间试验与数据分析。") == 400


def test_missing_or_malformed_values_render_as_blanks_never_crash():
    document = {"overview": {"title": None, "keywords": "遥感", "secret": "true", "summary": 12},
                "units": {"units": "not a list"}, "benefits": {"year": "abc", "sales": "12,3"},
                "contact": ["not", "a", "dict"]}
    pdf = render_form_pdf(FORM, document, attachments=[{"filename": None}, "junk"], version=1, draft=False)
    text = pdf_tools.flat_text(pdf)
    assert "一、填表说明" in text and "（无）" in text and "是" in text
    assert render_form_pdf({}, {}, attachments=[], version=1, draft=True).startswith(b"%PDF")


def test_attachments_get_their_own_section_when_the_form_has_none():
    form = dict(FORM, sections=[s for s in FORM["sections"] if s["key"] != "attachments"])
    pdf = render_form_pdf(form, DOCUMENT, attachments=ATTACHMENTS, version=2, draft=False)
    text = pdf_tools.flat_text(pdf)
    assert "七、附件清单" in text and ATTACHMENTS[0]["filename"] in text


def test_the_same_form_always_renders_to_the_same_bytes(final_pdf):
    again = render_form_pdf(FORM, copy.deepcopy(DOCUMENT), attachments=ATTACHMENTS, version=7, draft=False)
    assert again == final_pdf


def test_codes_print_with_their_names_when_the_caller_can_name_them():
    names = {("disciplines", "4101520"): "农业水土工程"}
    form = {"title": "表", "sections": [{"key": "overview", "label": "成果概况", "fields": [
        {"key": "discipline", "label": "学科分类", "type": "code", "table": "disciplines"}]}]}
    document = {"overview": {"discipline": "4101520"}}
    named = render_form_pdf(form, document, attachments=[], version=1, draft=False,
                            code_label=lambda table, code: names.get((table, code)))
    assert "4101520农业水土工程" in pdf_tools.flat_text(named)
    assert "一、成果概况" in pdf_tools.flat_text(named)  # a section's label serves as its title
    plain = render_form_pdf(form, document, attachments=[], version=1, draft=False)
    assert "4101520" in pdf_tools.flat_text(plain)


FORM_FILES = sorted((Path(__file__).parents[3] / "services/registration/forms").glob("*.yaml"))


@pytest.mark.parametrize("path", FORM_FILES, ids=[p.stem for p in FORM_FILES])
def test_the_registration_services_real_forms_render_empty_and_filled(path):
    yaml = pytest.importorskip("yaml")
    form = yaml.safe_load(path.read_text(encoding="utf-8"))
    empty = render_form_pdf(form, {}, attachments=[], version=1, draft=True)
    text = pdf_tools.flat_text(empty)
    for section in form["sections"]:
        assert section["label"] in text
    document = {section["key"]: {field["key"]: _sample_value(field) for field in section.get("fields", [])}
                for section in form["sections"]}
    filled = render_form_pdf(form, document, attachments=ATTACHMENTS, version=2, draft=False)
    assert pdf_tools.page_count(filled) >= pdf_tools.page_count(empty)
    assert all(font["emb"] for font in pdf_tools.fonts(filled))


def _sample_value(field: dict):
    """A plausible value of each type, rows for tables."""
    samples = {"text": "示例文字", "textarea": "示例说明文字。" * 40, "date": "2025-06-30",
               "year_month": "2024-05", "year": 2025, "integer": 12, "money": "1234.5",
               "multichoice": (field.get("options") or ["甲"])[:2], "code": "110",
               "email": "a@example.cn", "mobile": "13800000000", "phone": "0931-1234567",
               "postcode": "730000", "credit_code": "12620000438000445D",
               "id_number": "620102198001011234", "keywords": ["甲", "乙", "丙"], "boolean": True}
    if field.get("type") == "table":
        return [{c["key"]: _sample_value(c) for c in field.get("columns", [])} for _ in range(4)]
    if field.get("type") == "choice":
        return (field.get("options") or ["甲"])[0]
    return samples.get(field.get("type"), "值")
