"""What each account form accepts (manual §1, domain.md §2–3), read into clean values.

Each reader returns a dict of clean values or raises InvalidInput naming every bad field.
"""
from __future__ import annotations

import datetime as dt

from services.common.errors import invalid
from services.common.idcodes import CodeError, resident_id_birth_date, resident_id_gender
from services.common.identity import OFFICE, RECOMMENDER, REGISTRANT, SYSADMIN
from services.common.validation import Form

from .documents import DOCUMENT_TYPES, normalize_document
from .password import policy_problems

UNIT_NATURES = ("高校", "科研院所", "医疗单位", "政府部门", "企业", "其他")
ID_TYPES = ("身份证",)  # other document types are added by the office (manual)
LONG_TERM = "长期"      # 身份证 of people over 46 never expire
GENDERS = ("男", "女")
CHANNELS = ("email", "mobile")  # verification codes
EDUCATION = ("博士研究生", "硕士研究生", "大学本科", "大学专科", "中专", "高中及以下")
NATIONS = tuple(
    "汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 土家族 "
    "哈尼族 哈萨克族 傣族 黎族 傈僳族 佤族 畲族 高山族 拉祜族 水族 东乡族 纳西族 景颇族 "
    "柯尔克孜族 土族 达斡尔族 仫佬族 羌族 布朗族 撒拉族 毛南族 仡佬族 锡伯族 阿昌族 普米族 "
    "塔吉克族 怒族 乌孜别克族 俄罗斯族 鄂温克族 德昂族 保安族 裕固族 京族 塔塔尔族 独龙族 "
    "鄂伦春族 赫哲族 门巴族 珞巴族 基诺族".split())


def _unit_details(form: Form) -> dict:
    return {
        "name": form.text("name", "单位名称", max_length=100, min_length=2),
        "credit_code": form.credit_code(),
        "nature": form.choice("nature", "单位性质", UNIT_NATURES),
        "address": form.text("address", "通信地址", max_length=200),
        "postcode": form.postcode(),
    }


def read_unit_registration(data) -> dict:
    form = Form(data)
    clean = {
        **_unit_details(form),
        "admin_name": form.text("admin_name", "管理员姓名", max_length=50),
        "admin_email": form.email("admin_email", "管理员电子邮箱"),
        "admin_mobile": form.mobile("admin_mobile", "管理员手机号码"),
    }
    form.done()
    return clean


def read_unit_details(data) -> dict:
    """单位信息 as its admin keeps it (the admin's own details are their profile's)."""
    form = Form(data)
    clean = _unit_details(form)
    form.done()
    return clean


def read_invite(data) -> dict:
    form = Form(data)
    clean = {"name": form.text("name", "姓名", max_length=50),
             "email": form.email()}
    form.done()
    return clean


def read_self_registration(data, agreement_version: str) -> dict:
    form = Form(data)
    if form.data.get("entry") != "registrant_without_unit":
        form.fail("entry", "请选择成果登记人（无依托单位）注册入口")
    if form.data.get("agreed") is not True:
        form.fail("agreed", "请阅读并同意本系统的《注册协议条例》")
    elif form.data.get("agreement_version") != agreement_version:
        form.fail("agreement_version", "注册协议已更新，请重新阅读并同意")
    clean = {
        "name": form.text("name", "姓名", max_length=50),
        "email": form.email(),
        "mobile": form.mobile(),
        "work_unit": form.text("work_unit", "工作单位", required=False, max_length=100),
        "agreement_version": agreement_version,
    }
    form.done()
    return clean


# the accounts the office adds from its pages (账号管理): staff, and people without a 居民身份证
STAFF_ROLES = (OFFICE, RECOMMENDER, SYSADMIN, REGISTRANT)


def read_staff_account(data, today: dt.date) -> dict:
    """An account the office adds: its role (登记机构, 推荐单位, 系统管理员, or 成果登记人 without a
    unit), and for a person without a 居民身份证 their document (checked by type)."""
    form = Form(data)
    clean = {"name": form.text("name", "姓名", max_length=50), "email": form.email(),
             "role": form.choice("role", "角色", STAFF_ROLES), "id_type": None, "id_number": None}
    kind = form.data.get("id_type")
    if kind not in (None, ""):
        clean["id_type"] = form.choice("id_type", "证件类型", DOCUMENT_TYPES)
        if clean["id_type"]:
            try:
                clean["id_number"] = normalize_document(clean["id_type"], form.data.get("id_number"), today)
            except CodeError as error:
                form.fail("id_number", error.message)
    elif form.data.get("id_number"):
        form.fail("id_type", "请选择证件类型（居民身份证由本人激活时填写）")
    form.done()
    return clean


def read_activation(data, today: dt.date, document: tuple[str, str] | None = None) -> dict:
    """个人信息激活. `document`: (type, number) the office entered for a person without a
    居民身份证; they confirm the dates and set a password, the document is not typed again."""
    form = Form(data)
    if document is None:
        id_type = form.choice("id_type", "证件类型", ID_TYPES)
        id_number = form.resident_id()
    else:
        id_type, id_number = document
    valid_from = form.date("id_valid_from", "证件有效期")
    if valid_from and valid_from > today:
        form.fail("id_valid_from", "证件有效期不能晚于今天")
    valid_to = None
    if form.data.get("id_valid_to") != LONG_TERM:
        valid_to = form.date("id_valid_to", "证件失效期")
        if valid_to and valid_from and valid_to <= valid_from:
            form.fail("id_valid_to", "证件失效期必须晚于证件有效期")
        elif valid_to and valid_to < today:
            form.fail("id_valid_to", "证件已过失效期")
    for name, message in policy_problems(form.data.get("password"),
                                         form.data.get("password_confirm")).items():
        form.fail(name, message)
    form.done()
    return {"id_type": id_type, "id_number": id_number, "id_valid_from": valid_from,
            "id_valid_to": valid_to, "password": form.data["password"]}


def _one_field(data, read):
    form = Form(data)
    value = read(form)
    form.done()
    return value


def read_email(data) -> str:
    """找回密码: the address a reset link is asked for."""
    return _one_field(data, Form.email)


def read_channel(channel) -> str:
    """How a verification code travels: by email, or by SMS to a mobile number."""
    if channel not in CHANNELS:
        raise invalid({"channel": "验证方式应为 email 或 mobile"})
    return channel


def read_mobile(data) -> str:
    """The number an SMS verification code is sent to."""
    return _one_field(data, Form.mobile)


def read_new_password(data) -> str:
    form = Form(data)
    for name, message in policy_problems(form.data.get("password"),
                                         form.data.get("password_confirm")).items():
        form.fail(name, message)
    form.done()
    return form.data["password"]


def read_profile(data, id_number: str | None, today: dt.date) -> dict:
    """个人信息维护. Gender and birth date must agree with the ID number when there is one."""
    form = Form(data)
    clean = {
        "name": form.text("name", "姓名", max_length=50),
        "gender": form.choice("gender", "性别", GENDERS),
        "birth_date": form.date("birth_date", "出生日期"),
        "nation": form.choice("nation", "民族", NATIONS, required=False),
        "education": form.choice("education", "文化程度", EDUCATION, required=False),
        "title": form.text("title", "技术职称", required=False, max_length=50),
        "work_unit": form.text("work_unit", "工作单位", required=False, max_length=100),
        "address": form.text("address", "通信地址", required=False, max_length=200),
        "postcode": form.postcode(),
        "phone": form.phone("phone", "办公电话"),
    }
    if clean["birth_date"] and clean["birth_date"] > today:
        form.fail("birth_date", "出生日期不能晚于今天")
    if id_number:
        if clean["gender"] and clean["gender"] != resident_id_gender(id_number):
            form.fail("gender", "性别与身份证号码不一致")
        if clean["birth_date"] and clean["birth_date"] != resident_id_birth_date(id_number):
            form.fail("birth_date", "出生日期与身份证号码不一致")
    form.done()
    return clean
