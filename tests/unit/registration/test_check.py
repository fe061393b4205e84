"""填写检查: a registrant clicks the button and sees every problem by section and field, or
“所有检查全部合格”."""
import datetime as dt

import pytest

from services.common.idcodes import resident_id_check_char
from services.registration.domain.check import check_document
from services.registration.domain.definitions import FormRegistry
from services.registration.domain.problems import passed, verdict

from tests.support.documents import MATERIALS, TODAY, complete_document, manual_example

REGISTRY = FormRegistry.load()
APPLIED = REGISTRY.get("applied-2021")


def check(document, category="applied", **options):
    options.setdefault("attachments", MATERIALS[category])
    options.setdefault("today", TODAY)
    return check_document(REGISTRY.latest(category), document, **options)


def where(problems):
    return [(p.section, p.field, p.row, p.column, p.code) for p in problems]


def test_the_manuals_example_fails_with_the_required_fields_of_every_section():
    problems = check(manual_example(), attachments=[])
    assert verdict(problems) == "检查未通过" and not passed(problems)
    required = {(p.section, p.field) for p in problems if p.code == "required"}
    assert {s for s, _ in required} == {
        "overview", "project", "evaluation", "transfer", "demand", "units", "summary",
        "completers", "opinion"}
    assert ("overview", "title") not in required and ("overview", "keywords") not in required
    assert {("overview", "achievement_form"), ("overview", "secrecy"),
            ("evaluation", "evaluation_date"), ("units", "units"),
            ("completers", "completers")} <= required
    assert where(problems)[-1] == ("attachments", None, None, None, "materials_missing")
    messages = [p.message for p in problems]
    assert "请选择成果体现形式" in messages and "请至少填写1行成果完成单位" in messages


@pytest.mark.parametrize("category", ["applied", "basic", "soft"])
def test_a_complete_form_of_each_category_passes(category):
    problems = check(complete_document(category), category)
    assert problems == [] and verdict(problems) == "所有检查全部合格"


def test_required_columns_are_asked_for_row_by_row():
    document = complete_document()
    del document["completers"]["completers"][1]["id_number"]
    problems = check(document)
    assert where(problems) == [("completers", "completers", 1, "id_number", "required")]
    assert problems[0].message == "成果完成人员第2行：请填写证件号码"


def _set(path, value):
    def change(document):
        *keys, last = path
        target = document
        for key in keys:
            target = target[key]
        target[last] = value
    return change


def _ids(count):
    firsts = [f"62010219800101{n:03d}" for n in range(1, count + 1)]
    return [first + resident_id_check_char(first) for first in firsts]


def _many_completers(document):
    template = document["completers"]["completers"][0]
    document["completers"]["completers"] = [
        {**template, "id_number": number, "gender": "男" if int(number[16]) % 2 else "女"}
        for number in _ids(16)]


@pytest.mark.parametrize("change, expected", [
    (_set(("completers", "completers", 0, "id_number"), "620102198001010018"),
     ("completers", "completers", 0, "id_number", "id_number")),
    (_set(("units", "units", 1, "credit_code"), "91350100M000100Y44"),
     ("units", "units", 1, "credit_code", "credit_code")),
    (_set(("units", "units", 0, "email"), "wang@"),
     ("units", "units", 0, "email", "invalid_format")),
    (_set(("units", "units", 0, "postcode"), "73000"),
     ("units", "units", 0, "postcode", "invalid_format")),
    (_set(("overview", "start_date"), "2021-12-01"), ("overview", "end_date", None, None, "date_order")),
    (_set(("overview", "start_date"), "2019-06"), ("overview", "start_date", None, None, "invalid_format")),
    (_set(("evaluation", "evaluation_date"), "2021-10-30"),
     ("evaluation", "evaluation_date", None, None, "date_order")),
    (_set(("evaluation", "evaluation_date"), "2022-03-02"),
     ("evaluation", "evaluation_date", None, None, "future_date")),
    (_set(("overview", "keywords"), ["测试", "实验", "装备", "马铃薯"]),
     ("overview", "keywords", None, None, "too_many")),
    (_set(("summary", "summary"), "成" * 2001), ("summary", "summary", None, None, "too_long")),
    (_set(("overview", "secrecy"), "秘密"), ("overview", "secrecy", None, None, "classified")),
    (_many_completers, ("completers", "completers", None, None, "too_many")),
    (_set(("completers", "completers", 0, "gender"), "女"),
     ("completers", "completers", 0, "gender", "id_mismatch")),
    (_set(("completers", "completers", 0, "birth_month"), "1980-02"),
     ("completers", "completers", 0, "birth_month", "id_mismatch")),
    (_set(("units", "units", 1, "name"), "甘肃省农业机械化技术推广总站"),
     ("units", "units", 1, "name", "duplicate_row")),
    (_set(("project", "project_number"), None),
     ("project", "project_number", None, None, "required")),
    (_set(("transfer", "application_status"), "未应用"),
     ("transfer", "not_applied_reason", None, None, "required")),
    (_set(("demand", "demand_contact"), ""), ("demand", "demand_contact", None, None, "required")),
    (_set(("project", "funds_total"), "-5"), ("project", "funds_total", None, None, "invalid_format")),
    (_set(("ip", "ip_rows", 0, "grant_date"), "2022-04-01"),
     ("ip", "ip_rows", 0, "grant_date", "future_date")),
])
def test_each_bad_input_gives_its_problem_code_naming_section_and_field(change, expected):
    document = complete_document()
    change(document)
    problems = check(document)
    assert where(problems) == [expected], [p.message for p in problems]
    assert problems[0].level == "error" and problems[0].message


def test_the_research_may_end_on_the_day_of_its_evaluation_but_not_after():
    document = complete_document()
    document["overview"]["end_date"] = document["evaluation"]["evaluation_date"]
    assert check(document) == []
    document["overview"]["end_date"] = "2021-12-16"
    assert [(p.field, p.code) for p in check(document)] == [("evaluation_date", "date_order")]


def test_the_messages_say_what_is_wrong_in_chinese():
    document = complete_document()
    document["overview"]["secrecy"] = "机密"
    document["overview"]["start_date"] = "2021-12-01"
    messages = [p.message for p in check(document)]
    assert messages == ["研究终止日期不能早于研究起始日期",
                        "涉密成果不予登记：成果密级为“机密”，只有公开的成果可以登记"]


@pytest.mark.parametrize("category, attachments, ok", [
    ("applied", ["evaluation_proof", "research_report"], True),
    ("applied", ["ip_proof", "user_proof", "other"], True),
    ("applied", [{"kind": "ip_proof"}, {"kind": "user_proof"}], True),
    ("applied", ["evaluation_proof", "user_proof"], False),
    ("applied", [], False),
    ("basic", ["paper", "academic_evaluation"], False),
    ("basic", ["paper", "academic_evaluation", "citation_proof"], True),
    ("soft", ["evaluation_proof"], False),
])
def test_required_materials_follow_the_category(category, attachments, ok):
    problems = check(complete_document(category), category, attachments=attachments)
    assert (problems == []) is ok
    if not ok:
        assert where(problems) == [("attachments", None, None, None, "materials_missing")]


def test_materials_missing_names_the_alternatives():
    (problem,) = check(complete_document(), attachments=["contract"])
    assert problem.message == "缺少必需的附件材料，请上传：评价证明、研制报告；或知识产权证明、用户证明"


def test_past_the_six_month_window_the_check_warns_but_does_not_block():
    problems = check(complete_document(), today=dt.date(2022, 6, 16))
    assert where(problems) == [("evaluation", "evaluation_date", None, None, "out_of_window")]
    assert problems[0].level == "warning" and passed(problems)
    assert "2022-06-15前" in problems[0].message
    assert check(complete_document(), today=dt.date(2022, 6, 15)) == []


def test_the_window_is_configurable_and_can_be_switched_off():
    late = dt.date(2022, 10, 1)
    assert check(complete_document(), today=late, window_months=12) == []
    assert check(complete_document(), today=late, window_months=None) == []
    assert where(check(complete_document(), today=late, window_months=3)) == [
        ("evaluation", "evaluation_date", None, None, "out_of_window")]


def test_a_recent_ip_grant_opens_the_window_again():
    document = complete_document()
    document["ip"]["ip_rows"][0]["grant_date"] = "2022-02-20"
    assert check(document, today=dt.date(2022, 7, 1)) == []


def test_duplicates_are_found_through_the_injected_lookup():
    calls = []

    def is_duplicate(title, project_number, ip_numbers):
        calls.append((title, project_number, ip_numbers))
        return "该成果已由甘肃省农业机械化技术推广总站登记（登记号 6202021Y0001），不得重复登记"

    problems = check(complete_document(), is_duplicate=is_duplicate)
    assert calls == [("高寒旱区马铃薯全程机械化关键装备研制与应用", "20YF8NA001", ("ZL202010000001.X",))]
    assert where(problems) == [("overview", "title", None, None, "duplicate")]
    assert problems[0].message.startswith("该成果已由")
    assert check(complete_document(), is_duplicate=lambda *args: None) == []


def test_problems_come_in_the_order_of_the_forms_sections():
    document = complete_document()
    document["opinion"] = {}
    document["overview"]["title"] = ""
    document["units"]["units"][0]["phone"] = "?"
    problems = check(document, attachments=[])
    assert [p.section for p in problems] == ["overview", "units", "opinion", "attachments"]


def test_a_malformed_stored_value_is_reported_once_not_also_as_missing():
    document = complete_document()
    document["evaluation"]["evaluation_date"] = "2021-12-32"
    assert where(check(document)) == [
        ("evaluation", "evaluation_date", None, None, "invalid_format")]
