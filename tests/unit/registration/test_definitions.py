"""The three 2021 forms load from data, say what the manual and the regulation say, and a broken
definition file is refused at start with a message naming the place."""
import copy
import json

import pytest
import yaml

from services.registration.domain.codetables import default_tables
from services.registration.domain.definitions import (FORMS_DIR, DefinitionError, FormRegistry,
                                                      UnknownForm, parse_definition)

REGISTRY = FormRegistry.load()
APPLIED = REGISTRY.get("applied-2021")


def all_fields(form):
    for section in form.sections:
        for field in section.fields:
            yield field
            yield from field.columns


def test_every_definition_file_loads_one_form_per_category_and_year():
    assert [(f.id, f.category_label, f.title) for f in REGISTRY.all()] == [
        ("applied-2021", "应用技术类", "应用技术类科技成果登记表 (2021年)"),
        ("basic-2021", "基础理论类", "基础理论类科技成果登记表 (2021年)"),
        ("soft-2021", "软科学类", "软科学类科技成果登记表 (2021年)"),
    ]
    assert len(list(FORMS_DIR.glob("*.yaml"))) == 3


@pytest.mark.parametrize("form", REGISTRY.all(), ids=lambda f: f.id)
def test_every_code_field_refers_to_an_existing_code_table(form):
    code_fields = [f for f in all_fields(form) if f.type == "code"]
    assert code_fields
    for field in code_fields:
        assert field.table in default_tables(), field.key


def test_the_applied_form_has_the_manuals_thirteen_sections_in_order():
    assert [s.label for s in APPLIED.sections] == [
        "填报说明", "成果概况", "立项情况", "评价情况", "知识产权状况", "成果转化情况", "成果转化需求",
        "成果完成单位情况", "成果简介", "成果完成人员名单", "评价委员会名单", "评价证书内容", "附件清单"]


def test_the_instructions_are_text_only_and_the_overview_warns_about_the_certificate():
    instructions = APPLIED.section("instructions")
    assert instructions.fields == () and "带“*”的为必填项" in instructions.text
    assert APPLIED.section("overview").warning == (
        "请认真核对所填写的内容, 将以此生成成果证书, 证书一旦生成, 将无法修改。")


@pytest.mark.parametrize("key, options", [
    ("achievement_form", ["新技术", "新工艺", "新产品", "新材料", "新装备", "农业、生物新品种", "矿产新品种",
                          "其他应用技术"]),
    ("achievement_attribute", ["原始性创新", "国外引进消化吸收创新", "国内技术二次开发"]),
    ("achievement_level", ["国际领先", "国际先进", "国内领先", "国内先进", "未评价"]),
    ("achievement_stage", ["初期阶段", "中期阶段", "成熟应用阶段"]),
    ("secrecy", ["公开", "秘密", "机密", "绝密"]),
    ("project_source", ["国家计划", "部门计划", "地方计划", "国家基金", "部门基金", "地方基金", "民间基金",
                        "国际合作", "横向委托", "自选课题", "其他"]),
    ("evaluation_method", ["验收", "鉴定", "评估", "行业准入", "其他"]),
    ("application_status", ["产业化应用", "小批量或小范围应用", "试用", "应用后停用", "未应用", "其他"]),
    ("transfer_methods", ["许可他人使用", "作价投资", "自行投资实施转化", "向他人转让", "合作实施", "其他"]),
])
def test_the_applied_form_offers_the_option_lists_of_the_regulation(key, options):
    assert list(APPLIED.field(key).options) == options


def test_fields_the_certificate_and_review_read_have_stable_keys_and_types():
    types = {k: APPLIED.field(k).type for k in (
        "title", "start_date", "end_date", "keywords", "evaluation_method", "evaluation_unit",
        "evaluation_date", "project_number", "secrecy", "ip_rows", "units", "completers",
        "committee")}
    assert types == {"title": "text", "start_date": "date", "end_date": "date",
                     "keywords": "keywords", "evaluation_method": "choice",
                     "evaluation_unit": "text", "evaluation_date": "date",
                     "project_number": "text", "secrecy": "choice", "ip_rows": "table",
                     "units": "table", "completers": "table", "committee": "table"}
    assert APPLIED.field("ip_rows").column("number").type == "text"
    assert [c.key for c in APPLIED.field("units").columns] == [
        "name", "credit_code", "nature", "region", "contact", "phone", "email", "address",
        "postcode"]
    assert [c.key for c in APPLIED.field("completers").columns] == [
        "name", "gender", "birth_month", "id_type", "id_number", "title", "education",
        "work_unit", "contribution"]
    assert list(APPLIED.field("units").column("nature").options) == [
        "高校", "科研院所", "医疗单位", "政府部门", "企业", "其他"]
    assert APPLIED.field("units").ordered and APPLIED.field("completers").ordered


def test_limits_come_from_the_definition():
    assert APPLIED.field("completers").max_rows == 15
    assert APPLIED.field("summary").max_length == 2000
    assert APPLIED.field("keywords").max_items == 3
    assert APPLIED.field("funds_total").unit == "万元"
    assert APPLIED.field("benefits").column("forex_earned").unit == "万美元"


def test_required_materials_are_expressed_as_data_per_category():
    rules = {f.category: f.attachments.required_materials for f in REGISTRY.all()}
    assert rules == {
        "applied": (("evaluation_proof", "research_report"), ("ip_proof", "user_proof")),
        "basic": (("paper", "academic_evaluation", "citation_proof"),),
        "soft": (("evaluation_proof", "research_report"),),
    }
    assert [k.code for k in APPLIED.attachments.attachment_kinds] == [
        "evaluation_proof", "research_report", "ip_proof", "user_proof", "contract",
        "test_report", "novelty_report", "other"]
    assert APPLIED.attachments.kind_label("contract") == "任务书/合同"


@pytest.mark.parametrize("form", REGISTRY.all(), ids=lambda f: f.id)
def test_the_served_definition_is_plain_json_and_reads_back_the_same(form):
    served = json.loads(json.dumps(form.to_dict(), ensure_ascii=False))
    assert parse_definition(served, tables=default_tables()) == form
    assert served["sections"][1]["fields"][0] == {
        "key": "title", "label": "成果名称", "type": "text", "required": True,
        "help": "应与评价证书上的成果名称一致", "max_length": 100}


def test_the_registry_finds_forms_by_id_and_newest_by_category():
    assert REGISTRY.latest("soft").id == "soft-2021"
    newer = parse_definition({**APPLIED.to_dict(), "id": "applied-2023", "year": 2023})
    registry = FormRegistry([APPLIED, newer])
    assert registry.latest("applied") is newer and registry.get("applied-2021") is APPLIED
    with pytest.raises(UnknownForm):
        REGISTRY.get("applied-1999")
    with pytest.raises(UnknownForm):
        REGISTRY.latest("medical")
    with pytest.raises(DefinitionError, match="重复"):
        FormRegistry([APPLIED, APPLIED])


def _broken(change):
    data = yaml.safe_load((FORMS_DIR / "applied-2021.yaml").read_text(encoding="utf-8"))
    data = copy.deepcopy(data)
    change(data)
    return data


def _field(data, section, key):
    fields = next(s for s in data["sections"] if s["key"] == section)["fields"]
    return next(f for f in fields if f["key"] == key)


@pytest.mark.parametrize("change, message", [
    (lambda d: _field(d, "overview", "title").update(type="txt"), "未知或不允许的类型 'txt'"),
    (lambda d: _field(d, "overview", "title").update(requried=True), "未知属性 ['requried']"),
    (lambda d: _field(d, "overview", "secrecy").pop("options"), "options"),
    (lambda d: _field(d, "overview", "discipline").update(table="nope"), "代码表 'nope' 不存在"),
    (lambda d: _field(d, "overview", "title").update(key="成果名称"), "snake_case"),
    (lambda d: _field(d, "project", "plan_name")["required_when"].update(field="x"), "'x' 不存在"),
    (lambda d: d["sections"][-1]["required_materials"]["any_of"].append(["diploma"]), "'diploma'"),
    (lambda d: _field(d, "overview", "end_date").update(key="start_date"), "'start_date' 重复"),
    (lambda d: _field(d, "overview", "title").update(key="name"), "缺少必备字段 ['title']"),
    (lambda d: d.update(id="applied-2020"), "id 应为 <category>-<year>"),
    (lambda d: d.update(category_label="应用类"), "不是已知类别"),
    (lambda d: _field(d, "completers", "completers")["columns"][4].update(gender_field="sex"),
     "'sex' 不存在"),
])
def test_a_malformed_definition_is_refused_with_a_clear_error(change, message):
    with pytest.raises(DefinitionError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_definition(_broken(change), "applied-2021.yaml", default_tables())


def test_a_broken_file_in_the_forms_folder_stops_the_registry_from_loading(tmp_path):
    (tmp_path / "applied-2021.yaml").write_text("id: [unclosed", encoding="utf-8")
    with pytest.raises(DefinitionError, match="不是有效的 YAML"):
        FormRegistry.load(tmp_path)


def test_a_reviewer_comments_on_the_sections_that_hold_fields_or_files_by_their_titles():
    titles = APPLIED.section_titles
    assert "instructions" not in titles
    assert (titles["overview"], titles["units"], list(titles)[0]) == ("成果概况", "成果完成单位情况", "overview")
    assert APPLIED.attachments.key in titles
