"""services/common/validation.py: Form reads untrusted input field by field (values trimmed, blanks
missing), keeps the first Chinese message per bad field, and done() raises InvalidInput naming
every bad field."""
from __future__ import annotations

import datetime as dt

import pytest

from services.common.errors import InvalidInput
from services.common.validation import (CODE_LENGTH, PATTERN_MAX_LENGTH, TEXT_MAX_LENGTH, Form)

ID_NUMBER = "11010519491231002X"
CREDIT_CODE = "91620100MA71ABCD1U"


def read(data, method, *args, **kwargs):
    """(value, errors) of one Form method on data."""
    form = Form(data)
    value = getattr(form, method)(*args, **kwargs)
    return value, form.errors


# -- the form itself -----------------------------------------------------------------------

def test_done_raises_invalid_input_naming_every_bad_field():
    form = Form({"name": "", "email": "nope"})
    form.text("name", "姓名")
    form.email()
    assert not form.ok()
    with pytest.raises(InvalidInput) as caught:
        form.done()
    assert caught.value.code == "invalid_input"
    assert caught.value.message == "提交的信息有误，请检查后重试"
    assert caught.value.fields == {"name": "请填写姓名", "email": "电子邮箱格式不正确"}


def test_done_passes_its_message_on_and_does_nothing_when_all_is_well():
    form = Form({"name": "张三"})
    assert form.text("name", "姓名") == "张三"
    assert form.ok()
    form.done()
    form.fail("name", "另一个问题")
    with pytest.raises(InvalidInput) as caught:
        form.done("请检查姓名")
    assert caught.value.message == "请检查姓名"


def test_the_first_message_of_a_field_is_kept():
    form = Form({})
    form.fail("x", "第一个")
    form.fail("x", "第二个")
    assert form.errors == {"x": "第一个"}


@pytest.mark.parametrize("data", [None, [], "text", 42])
def test_anything_but_an_object_reads_as_an_empty_form(data):
    value, errors = read(data, "text", "name", "姓名")
    assert value is None and errors == {"name": "请填写姓名"}


# -- text ----------------------------------------------------------------------------------

def test_text_is_trimmed():
    assert read({"name": "  张三 "}, "text", "name", "姓名") == ("张三", {})


@pytest.mark.parametrize("data", [{}, {"name": None}, {"name": ""}, {"name": "   "}])
def test_missing_or_blank_text_is_asked_for_when_required(data):
    assert read(data, "text", "name", "姓名") == (None, {"name": "请填写姓名"})
    assert read(data, "text", "name", "姓名", required=False) == (None, {})


@pytest.mark.parametrize("value", [12, 1.5, True, ["张三"], {"a": 1}])
def test_text_must_be_text(value):
    assert read({"name": value}, "text", "name", "姓名") == (None, {"name": "姓名应为文本"})


@pytest.mark.parametrize("value", ["张\n三", "张\r三", "张\t三"])
def test_a_single_line_field_holds_no_line_break_or_tab(value):
    assert read({"name": value}, "text", "name", "姓名") == (value, {"name": "姓名不能换行或包含制表符"})
    assert read({"name": value}, "text", "name", "姓名", multiline=True) == (value, {})


def test_text_length_limits_count_characters_after_trimming():
    assert read({"n": "字" * 50}, "text", "n", "姓名", max_length=50) == ("字" * 50, {})
    assert read({"n": f" {'字' * 50} "}, "text", "n", "姓名", max_length=50)[1] == {}
    assert read({"n": "字" * 51}, "text", "n", "姓名", max_length=50)[1] == {"n": "姓名不能超过50个字符"}
    assert read({"n": "字"}, "text", "n", "单位名称", min_length=2)[1] == {"n": "单位名称至少2个字符"}


def test_text_has_a_default_limit():
    assert read({"n": "a" * TEXT_MAX_LENGTH}, "text", "n", "地址")[1] == {}
    assert read({"n": "a" * (TEXT_MAX_LENGTH + 1)}, "text", "n", "地址")[1] == \
        {"n": f"地址不能超过{TEXT_MAX_LENGTH}个字符"}


# -- patterns ------------------------------------------------------------------------------

@pytest.mark.parametrize("value, clean", [("Zhang.San@Example.COM", "zhang.san@example.com"),
                                          (" a+b@x.cn ", "a+b@x.cn")])
def test_email_is_trimmed_and_lower_cased(value, clean):
    assert read({"email": value}, "email") == (clean, {})


@pytest.mark.parametrize("value", ["zhang", "zhang@", "@x.cn", "a@b", "a b@x.cn", "a@x.c", "张@x.cn"])
def test_a_bad_email_is_refused(value):
    assert read({"email": value}, "email") == (None, {"email": "电子邮箱格式不正确"})


def test_email_takes_its_field_name_and_label():
    assert read({"admin_email": "x"}, "email", "admin_email", "管理员电子邮箱") == \
        (None, {"admin_email": "管理员电子邮箱格式不正确"})
    assert read({}, "email", "admin_email", "管理员电子邮箱") == \
        (None, {"admin_email": "请填写管理员电子邮箱"})
    assert read({}, "email", required=False) == (None, {})


def test_a_pattern_value_is_length_checked_first():
    value = "a" * PATTERN_MAX_LENGTH + "@x.cn"
    assert read({"email": value}, "email")[1] == {"email": f"电子邮箱不能超过{PATTERN_MAX_LENGTH}个字符"}


@pytest.mark.parametrize("value, ok", [("13912345678", True), ("19900000000", True),
                                       ("12912345678", False), ("1391234567", False),
                                       ("139123456789", False), ("+8613912345678", False),
                                       ("1391234567a", False)])
def test_mobile_is_eleven_digits_starting_13_to_19(value, ok):
    expected = (value, {}) if ok else (None, {"mobile": "手机号码应为11位手机号码"})
    assert read({"mobile": value}, "mobile") == expected


def test_mobile_is_required_by_default():
    assert read({}, "mobile") == (None, {"mobile": "请填写手机号码"})
    assert read({"admin_mobile": "1"}, "mobile", "admin_mobile", "管理员手机号码") == \
        (None, {"admin_mobile": "管理员手机号码应为11位手机号码"})


def test_postcode_is_six_digits_and_optional():
    assert read({"postcode": "730000"}, "postcode") == ("730000", {})
    assert read({}, "postcode") == (None, {})
    assert read({"postcode": ""}, "postcode") == (None, {})
    assert read({"postcode": "73000"}, "postcode") == (None, {"postcode": "邮政编码应为6位数字"})
    assert read({}, "postcode", required=True) == (None, {"postcode": "请填写邮政编码"})


@pytest.mark.parametrize("value, ok", [("0931-8888888", True), ("(0931) 888 8888", True),
                                       ("+86 931 8888888", True), ("1234", False),
                                       ("0931-888888x", False), ("1" * 31, False)])
def test_phone_is_digits_and_separators(value, ok):
    expected = (value, {}) if ok else (None, {"phone": "联系电话格式不正确"})
    assert read({"phone": value}, "phone") == expected


def test_phone_is_optional_and_takes_a_label():
    assert read({}, "phone") == (None, {})
    assert read({"phone": "x"}, "phone", "phone", "办公电话") == (None, {"phone": "办公电话格式不正确"})


def test_a_pattern_value_must_be_text():
    assert read({"mobile": 13912345678}, "mobile") == (None, {"mobile": "手机号码应为文本"})


# -- choices, dates, booleans ----------------------------------------------------------------

def test_choice_is_one_of_the_options():
    options = ("男", "女")
    assert read({"g": " 女 "}, "choice", "g", "性别", options) == ("女", {})
    assert read({"g": "其他"}, "choice", "g", "性别", options) == (None, {"g": "性别应为：男、女"})
    assert read({"g": 1}, "choice", "g", "性别", options) == (None, {"g": "性别应为：男、女"})
    assert read({}, "choice", "g", "性别", options) == (None, {"g": "请填写性别"})
    assert read({"g": ""}, "choice", "g", "性别", options, required=False) == (None, {})


def test_date_is_iso():
    assert read({"d": "2020-02-29"}, "date", "d", "出生日期") == (dt.date(2020, 2, 29), {})
    assert read({"d": " 2020-02-29 "}, "date", "d", "出生日期") == (dt.date(2020, 2, 29), {})
    for bad in ("2020-02-30", "29/02/2020", "昨天", True):
        assert read({"d": bad}, "date", "d", "出生日期") == \
            (None, {"d": "出生日期应为日期，格式为 YYYY-MM-DD"}), bad
    assert read({}, "date", "d", "出生日期") == (None, {"d": "请填写出生日期"})
    assert read({}, "date", "d", "出生日期", required=False) == (None, {})


def test_boolean_must_be_a_json_boolean():
    assert read({"b": True}, "boolean", "b", "是否公开") == (True, {})
    assert read({"b": False}, "boolean", "b", "是否公开") == (False, {})
    for bad in ("true", 1, 0, None, "是"):
        assert read({"b": bad}, "boolean", "b", "是否公开") == (None, {"b": "请选择是否公开"}), bad
    assert read({}, "boolean", "b", "是否公开") == (None, {"b": "请选择是否公开"})
    assert read({}, "boolean", "b", "是否公开", required=False) == (None, {})


# -- identity codes ----------------------------------------------------------------------------

def test_resident_id_is_normalised():
    assert read({"id_number": ID_NUMBER.lower()}, "resident_id") == (ID_NUMBER, {})
    assert read({"id_number": f" {ID_NUMBER} "}, "resident_id") == (ID_NUMBER, {})


@pytest.mark.parametrize("value, message", [
    ("110105194912310021", "身份证号码校验位不正确"),
    ("1101051949123100", "身份证号码应为18位，前17位为数字，最后一位为数字或X"),
    (ID_NUMBER + "1", f"证件号码不能超过{CODE_LENGTH}个字符"),
])
def test_a_bad_resident_id_says_what_is_wrong(value, message):
    assert read({"id_number": value}, "resident_id") == (None, {"id_number": message})


def test_resident_id_is_required_by_default():
    assert read({}, "resident_id") == (None, {"id_number": "请填写证件号码"})
    assert read({}, "resident_id", required=False) == (None, {})


def test_credit_code_is_normalised():
    assert read({"credit_code": CREDIT_CODE.lower()}, "credit_code") == (CREDIT_CODE, {})


@pytest.mark.parametrize("value, message", [
    ("91620100MA71ABCD1X", "统一社会信用代码校验位不正确"),
    ("91620100MA71ABCDI1", "统一社会信用代码应为18位数字或大写字母（不含I、O、S、V、Z）"),
    (CREDIT_CODE + "1", f"统一社会信用代码不能超过{CODE_LENGTH}个字符"),
    (None, "请填写统一社会信用代码"),
])
def test_a_bad_credit_code_says_what_is_wrong(value, message):
    assert read({"credit_code": value}, "credit_code") == (None, {"credit_code": message})
