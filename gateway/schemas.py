"""JSON schemas of request bodies, for the OpenAPI document; the services validate for real.

Every enum and limit a service's reader enforces is imported here from the reader's own module,
and tests/unit/gateway/test_schemas_agree.py checks each schema against its reader (a valid
example is accepted, whatever the schema forbids is refused naming the field, the same fields
are required), so a new body must be entered in that test's table.
"""
from __future__ import annotations

from services.accounts.domain import password as passwords
from services.accounts.domain import people
from services.common import validation
from services.common.categories import CATEGORIES, CATEGORY_LABELS
from services.reports.domain import export_layout
from services.review.domain import inputs as review_inputs


def obj(required=(), **props) -> dict:
    return {"type": "object", "required": list(required), "properties": props}


def text(max_length: int = validation.TEXT_MAX_LENGTH, min_length: int = 0, **extra) -> dict:
    """A string Form.text() reads: trimmed, at most max_length characters."""
    schema = {"type": "string", "maxLength": max_length}
    if min_length:
        schema["minLength"] = min_length
    return {**schema, **extra}


def matching(regex, **extra) -> dict:
    """A string Form.pattern() reads: trimmed, then matched against the reader's own regex."""
    return {"type": "string", "maxLength": validation.PATTERN_MAX_LENGTH, "pattern": regex.pattern,
            **extra}


def choice(options, **extra) -> dict:
    return {"type": "string", "enum": list(options), **extra}


S = {"type": "string"}
I = {"type": "integer"}
DATE = {"type": "string", "format": "date", "example": "2020-01-01"}
CAPTCHA = {"captcha_id": S, "captcha_answer": {"type": "string", "example": "6307"}}
EMAIL = matching(validation.EMAIL, format="email", example="zhang.san@example.com")
MOBILE_NUMBER = matching(validation.MOBILE, example="13912345678")
POSTCODE = matching(validation.POSTCODE, example="730000")
PHONE = matching(validation.PHONE, example="0931-8888888")
# Limits the accounts readers (services/accounts/domain/people.py) still write inline:
PERSON_NAME = text(50)   # 姓名, 管理员姓名, 技术职称
WORK_UNIT = text(100)    # 工作单位
ADDRESS = text(200)      # 通信地址
PASSWORD = {"type": "string", "format": "password", "minLength": passwords.MIN_LENGTH,
            "maxLength": passwords.MAX_LENGTH, "example": "Kj2021!pass",
            "description": f"{passwords.MIN_LENGTH}-{passwords.MAX_LENGTH}位，"
                           "须由大小写字母、数字和英文特殊字符组合而成"}
COMMENT = text(review_inputs.MAX_COMMENT)

UNIT_REGISTRATION = obj(
    ["name", "credit_code", "nature", "address", "admin_name", "admin_email", "admin_mobile",
     "captcha_id", "captcha_answer"],
    name=text(100, min_length=2),
    credit_code=text(validation.CODE_LENGTH, example="91620100MA71ABCD1U",
                     description="统一社会信用代码（18位，校验位须正确）"),
    nature=choice(people.UNIT_NATURES),
    address=ADDRESS, postcode=POSTCODE, admin_name=PERSON_NAME, admin_email=EMAIL,
    admin_mobile=MOBILE_NUMBER, **CAPTCHA)
UNIT_DETAILS = obj(
    ["name", "credit_code", "nature", "address"],
    name=text(100, min_length=2, description="单位名称（变更须登记机构审核）"),
    credit_code=text(validation.CODE_LENGTH, example="91620100MA71ABCD1U",
                     description="统一社会信用代码（变更须登记机构审核）"),
    nature=choice(people.UNIT_NATURES), address=ADDRESS, postcode=POSTCODE)
UNIT_CHANGE_DECISION = obj(["approve"], approve={"type": "boolean", "description": "true 通过，false 不通过"},
                           reason=text(500, description="不通过的原因（不通过时必填）"))
UNIT_STATE = obj(["enabled"], enabled={"type": "boolean", "description": "true 启用，false 停用"},
                 reason=text(500, description="停用的原因（停用时必填）"))
UNIT_ADMIN_HANDOVER = obj(["user_id"], user_id={"type": "integer", "description": "接任的本单位成果登记人（账号已激活）"})
REJECTION = obj(["reason"], reason=S)
INVITE = obj(["name", "email"], name=PERSON_NAME, email=EMAIL)
STAFF_ACCOUNT = obj(["name", "email", "role"], name=PERSON_NAME, email=EMAIL,
                    role=choice(["office", "recommender", "sysadmin", "registrant"]),
                    id_type=choice(["护照", "港澳居民来往内地通行证", "台湾居民来往大陆通行证", "外国人永久居留身份证"]),
                    id_number={"type": "string", "maxLength": 20,
                               "description": "非居民身份证人员的证件号码（按证件类型校验）"})
PUBLIC_TEXT = obj(["kind", "title", "body"], kind=choice(["notice", "faq"]), title=text(100),
                  body={"type": "string", "maxLength": 20000, "description": "正文（纯文本，空行分段）"},
                  pinned={"type": "boolean"}, published={"type": "boolean", "description": "true：发布；false：存为草稿或撤下"})
RECOMMENDED_UNITS = obj(["unit_ids"], unit_ids={"type": "array", "maxItems": 500, "items": {"type": "integer"},
                                                 "description": "该推荐单位为之推荐的单位编号（已通过审核的单位）"})
ROLE_STATE = obj(["enabled"], enabled={"type": "boolean", "description": "true 启用，false 停用（账号保留）"})
SIGNUP = obj(["entry", "agreed", "agreement_version", "name", "email", "mobile",
              "captcha_id", "captcha_answer"],
             entry=choice(["registrant_without_unit"]),  # people.read_self_registration
             agreed={"type": "boolean", "enum": [True], "description": "须为 true：已阅读并同意注册协议"},
             agreement_version={"type": "string", "example": "2021-1",
                                "description": "所同意的注册协议版本（GET /api/v1/agreement 的 version）"},
             name=PERSON_NAME, email=EMAIL, mobile=MOBILE_NUMBER, work_unit=WORK_UNIT, **CAPTCHA)
ACTIVATION = obj(["id_type", "id_number", "id_valid_from", "id_valid_to", "password",
                  "password_confirm", "captcha_id", "captcha_answer"],
                 id_type=choice(people.ID_TYPES),
                 id_number=text(validation.CODE_LENGTH, example="620102199001011233",
                                description="居民身份证号码（18位，校验位须正确）"),
                 id_valid_from=DATE,
                 id_valid_to={"type": "string", "anyOf": [{"format": "date"},
                                                          {"enum": [people.LONG_TERM]}],
                              "example": people.LONG_TERM,
                              "description": f"YYYY-MM-DD 或 {people.LONG_TERM}"},
                 password=PASSWORD, password_confirm=PASSWORD, **CAPTCHA)
LOGIN = obj(["email", "password", "captcha_id", "captcha_answer"], email=S, password=S, **CAPTCHA)
FORGOT = obj(["email", "captcha_id", "captcha_answer"], email=EMAIL, **CAPTCHA)
RESET = obj(["token", "password", "password_confirm"], token=S, password=PASSWORD,
            password_confirm=PASSWORD)
CHANGE_PASSWORD = obj(["old_password", "password", "password_confirm"], old_password=S,
                      password=PASSWORD, password_confirm=PASSWORD)
TOKEN = obj(["token"], token=S)
MOBILE = obj(["mobile"], mobile=MOBILE_NUMBER)
CODE = obj(["code"], code=S)
PROFILE = obj(["name", "gender", "birth_date"], name=PERSON_NAME, gender=choice(people.GENDERS),
              birth_date={**DATE, "example": "1990-01-01"}, nation=choice(people.NATIONS),
              education=choice(people.EDUCATION), title=PERSON_NAME, work_unit=WORK_UNIT,
              address=ADDRESS, postcode=POSTCODE, phone=PHONE)
NEW_ACHIEVEMENT = obj(["category"],
                      category=choice(CATEGORIES, description="成果类别：" + "、".join(
                          f"{code} {label}" for code, label in CATEGORY_LABELS.items())),
                      unit_id={"type": "integer", "description": "成果所属单位（是多个单位的成果登记人时必填）"})
SAVE = obj(["version", "sections"], version={"type": "integer", "description": "客户端最后看到的版本号"},
           sections={"type": "object", "description": "要保存的栏目：{栏目: {字段: 值}}，可只含一个栏目",
                     "additionalProperties": {"type": "object"}})
SUBMIT = obj([], request_id={"type": "string", "description": "客户端请求号：重试同一请求只提交一次"})
UPLOAD = {"type": "object", "required": ["kind", "file"], "properties": {
    "kind": {"type": "string", "description": "附件类别，如 evaluation_proof"},
    "file": {"type": "string", "format": "binary"}}}
DECISION = obj([], comment=COMMENT, version={"type": "integer", "description": "审核人看到的案卷版本（防止并发重复处理）"})
RETURN = obj(["comment"], comment=COMMENT, version=I,
             section_comments={"type": "object", "additionalProperties": COMMENT,
                               "description": "按栏目的退回意见：{栏目: 意见}"})
REFUSE = obj(["reason", "comment"], comment=COMMENT, version=I,
             reason=choice(review_inputs.REFUSAL_REASONS, description="不予登记的理由：" + "、".join(
                 f"{code} {label}" for code, label in review_inputs.REFUSAL_REASONS.items())))
OBJECTION = obj(["case_id", "name", "contact", "reasons", "captcha_id", "captcha_answer"],
                case_id={"type": "integer", "minimum": 1, "example": 12, "description": "公示编号"},
                name=text(100, 1, example="张三"),
                contact=text(100, 1, example="13800000000", description="电话或电子邮箱"),
                reasons=text(review_inputs.MAX_COMMENT, 1, example="该成果的第二完成人并未参与研究"), **CAPTCHA)
RESOLUTION = obj(["decision", "comment"],
                 decision=choice(["uphold", "dismiss"], description="uphold：异议成立（不予登记）；dismiss：异议不成立"),
                 comment=COMMENT,
                 version=I)
PACKAGE = obj(["statistics_year"], statistics_year={"type": "integer", "minimum": 1900, "maximum": 2999,
                                                    "example": 2026, "description": "统计年度"})
EXPORT = obj(["kind"], kind=choice(export_layout.EXPORT_KINDS, description="registrations：成果清单；statistics：统计表"),
             params={"type": "object", "description": "与 /api/v1/statistics（统计表）或 "
                     "/api/v1/statistics/registrations（清单）相同的查询条件"})
REVOKE = obj(["reason"], reason=COMMENT, version=I)
WITHDRAW = obj([], comment=COMMENT, version={"type": "integer", "description": "登记人看到的案卷版本（审核进度中的 current.version）"})
