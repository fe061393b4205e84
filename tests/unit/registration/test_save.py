"""保存 is lenient: a registrant never loses the well-formed part of what they typed, and is told,
field by field and in Chinese, what could not be kept."""
import datetime as dt
import json

import pytest

from services.registration.domain.content import clean_document, clean_section
from services.registration.domain.definitions import FormRegistry

from tests.support.documents import ID_FEMALE_1949, TODAY, complete_document

FORM = FormRegistry.load().get("applied-2021")


def where(problems):
    return [(p.section, p.field, p.row, p.column, p.code, p.level) for p in problems]


def test_a_half_filled_overview_keeps_the_good_fields_and_names_the_bad_one():
    kept, problems = clean_section(FORM, "overview", {
        "title": "  测试测试 ", "start_date": "2019-06-12", "end_date": "2021-13",
        "keywords": ["测试", "实验", "装备"], "secrecy": "公开"})
    assert kept == {"title": "测试测试", "start_date": "2019-06-12", "keywords": ["测试", "实验", "装备"],
                    "secrecy": "公开"}
    assert where(problems) == [("overview", "end_date", None, None, "invalid_format", "error")]
    assert problems[0].message == "研究终止日期应为有效日期，格式为YYYY-MM-DD"


def test_a_single_line_field_refuses_a_line_break_and_a_multi_line_one_keeps_it():
    kept, problems = clean_section(FORM, "overview", {"title": "马铃薯\n机械化"})
    assert "title" not in kept
    assert where(problems) == [("overview", "title", None, None, "invalid_format", "error")]
    assert problems[0].message == "成果名称不能换行或包含制表符"
    kept, problems = clean_section(FORM, "opinion", {"opinion": "第一段。\n第二段。"})
    assert kept["opinion"] == "第一段。\n第二段。" and not problems


@pytest.mark.parametrize("section, field, raw, stored", [
    ("project", "funds_total", "12.5", "12.50"),
    ("project", "funds_total", 3, "3.00"),
    ("project", "funds_total", 0.1, "0.10"),
    ("project", "project_year", "2019", 2019),
    ("ip", "invention_applied", "2", 2),
    ("overview", "keywords", "测试；实验、装备", ["测试", "实验", "装备"]),
    ("overview", "keywords", ["测试", " ", "测试"], ["测试"]),
    ("overview", "start_date", dt.date(2019, 6, 12), "2019-06-12"),
    ("evaluation", "evaluation_date", dt.date(2021, 12, 15), "2021-12-15"),
    ("transfer", "transfer_methods", ["合作实施", "作价投资"], ["作价投资", "合作实施"]),
    ("demand", "has_demand", "否", False),
    ("demand", "demand_email", "WangWeiRen@126.COM", "wangweiren@126.com"),
])
def test_values_are_stored_in_one_normal_form(section, field, raw, stored):
    kept, problems = clean_section(FORM, section, {field: raw})
    assert (kept, problems) == ({field: stored}, [])


@pytest.mark.parametrize("section, field, raw", [
    ("project", "funds_total", "-1"),
    ("project", "funds_total", "12.345"),
    ("project", "funds_total", "十万"),
    ("project", "project_year", "19"),
    ("ip", "invention_applied", -2),
    ("ip", "invention_applied", True),
    ("overview", "secrecy", "内部"),
    ("overview", "discipline", "999"),
    ("overview", "title", {"zh": "测试"}),
    ("evaluation", "evaluation_date", "2021-02-30"),
    ("evaluation", "evaluation_date", "2021/12/15"),
    ("transfer", "transfer_methods", ["合作实施", "捐赠"]),
    ("demand", "has_demand", "maybe"),
    ("demand", "demand_phone", "电话0931"),
])
def test_a_malformed_value_is_dropped_with_an_invalid_format_problem(section, field, raw):
    kept, problems = clean_section(FORM, section, {field: raw})
    assert kept == {}
    assert where(problems) == [(section, field, None, None, "invalid_format", "error")]


def test_a_bad_cell_costs_only_that_cell_and_names_its_row_and_column():
    rows = complete_document()["completers"]["completers"]
    rows[1]["id_number"] = "620102198506120028"     # wrong check character
    rows[2]["id_number"] = ID_FEMALE_1949.lower()   # a lower-case x is fine, stored upper
    rows.append({"name": " ", "gender": ""})        # an empty row is simply left out
    rows.append("王五")
    kept, problems = clean_section(FORM, "completers", {"completers": rows})
    assert len(kept["completers"]) == 3
    assert "id_number" not in kept["completers"][1] and kept["completers"][1]["name"] == "张丽"
    assert kept["completers"][2]["id_number"] == ID_FEMALE_1949
    assert where(problems) == [
        ("completers", "completers", 1, "id_number", "id_number", "error"),
        ("completers", "completers", 4, None, "invalid_format", "error")]
    assert problems[0].message == "成果完成人员第2行：身份证号码校验位不正确"


def test_credit_codes_are_checked_and_upper_cased():
    units = complete_document()["units"]["units"]
    units[0]["credit_code"] = units[0]["credit_code"].lower()
    units[1]["credit_code"] = "911100001000080344"
    kept, problems = clean_section(FORM, "units", {"units": units})
    assert kept["units"][0]["credit_code"] == "91350100M000100Y43"
    assert "credit_code" not in kept["units"][1]
    assert where(problems) == [("units", "units", 1, "credit_code", "credit_code", "error")]


def test_a_passport_number_is_not_read_as_a_resident_id():
    row = {"name": "John Smith", "id_type": "护照", "id_number": "e12345678"}
    kept, problems = clean_section(FORM, "completers", {"completers": [row]})
    assert kept["completers"][0]["id_number"] == "E12345678" and problems == []


def test_text_over_its_limit_is_kept_with_a_warning_so_nothing_typed_is_lost():
    kept, problems = clean_section(FORM, "summary", {"summary": "成" * 2001})
    assert len(kept["summary"]) == 2001
    assert where(problems) == [("summary", "summary", None, None, "too_long", "warning")]
    assert problems[0].message == "成果简介不能超过2000个字符（现有2001个）"


def test_a_fourth_keyword_is_kept_with_a_warning():
    kept, problems = clean_section(FORM, "overview", {"keywords": ["a", "b", "c", "d"]})
    assert kept["keywords"] == ["a", "b", "c", "d"]
    assert where(problems) == [("overview", "keywords", None, None, "too_many", "warning")]


def test_unknown_fields_and_sections_are_not_stored():
    kept, problems = clean_section(FORM, "overview", {"title": "测试", "colour": "red"})
    assert kept == {"title": "测试"}
    assert where(problems) == [("overview", "colour", None, None, "unknown_field", "error")]
    kept, problems = clean_section(FORM, "budget", {"x": 1})
    assert kept == {} and where(problems) == [("budget", None, None, None, "unknown_section", "error")]


def test_a_whole_document_is_cleaned_section_by_section_in_the_forms_order():
    raw = complete_document()
    raw["overview"]["start_date"] = "June 2019"
    raw = {"opinion": raw.pop("opinion"), **raw, "extra": {}}
    document, problems = clean_document(FORM, raw, today=TODAY)
    assert list(document)[:3] == ["overview", "project", "evaluation"]
    assert "start_date" not in document["overview"] and "extra" not in document
    assert where(problems) == [
        ("overview", "start_date", None, None, "invalid_format", "error"),
        ("extra", None, None, None, "unknown_section", "error")]


@pytest.mark.parametrize("category", ["applied", "basic", "soft"])
def test_what_save_stored_reads_back_unchanged(category):
    form = FormRegistry.load().latest(category)
    stored, problems = clean_document(form, complete_document(category), today=TODAY)
    assert problems == []
    assert clean_document(form, stored, today=TODAY) == (stored, [])
    assert json.loads(json.dumps(stored, ensure_ascii=False)) == stored


def test_an_id_number_is_read_by_the_clean_document_type_beside_it():
    row = {"id_type": "军官证", "id_number": "E1234567"}  # not an offered type: dropped
    kept, problems = clean_section(FORM, "completers", {"completers": [row]})
    assert kept == {} and [p.column for p in problems] == ["id_type", "id_number"]


JUNK = [None, "", "   ", 0, -1, 1.5, True, [], [None], [{}], {}, {"a": 1}, "x" * 60_000,
        ["x"] * 500, "2021-99-99", object()]


@pytest.mark.parametrize("junk", JUNK, ids=repr)
def test_save_never_raises_whatever_a_client_sends(junk):
    for section in FORM.sections:
        raw = {f.key: junk for f in section.fields}
        kept, problems = clean_section(FORM, section.key, raw)
        json.dumps([p.to_dict() for p in problems], ensure_ascii=False)
        rows = {f.key: [{c.key: junk for c in f.columns}] for f in section.fields if f.columns}
        clean_section(FORM, section.key, rows)
    assert clean_section(FORM, "overview", junk)[0] == {}
    assert clean_document(FORM, junk)[0] == {}
