"""JSON schemas of request bodies, for the OpenAPI document (services validate for real)."""
from __future__ import annotations


def obj(required=(), **props) -> dict:
    return {"type": "object", "required": list(required), "properties": props}


S = {"type": "string"}
B = {"type": "boolean"}
I = {"type": "integer"}
DATE = {"type": "string", "format": "date"}
CAPTCHA = {"captcha_id": S, "captcha_answer": {"type": "string", "example": "6307"}}

UNIT_REGISTRATION = obj(
    ["name", "credit_code", "nature", "address", "admin_name", "admin_email", "admin_mobile",
     "captcha_id", "captcha_answer"],
    name=S, credit_code={"type": "string", "example": "91620100MA71ABCD1X"},
    nature={"type": "string", "enum": ["高校", "科研院所", "医疗单位", "政府部门", "企业", "其他"]},
    address=S, postcode=S, admin_name=S, admin_email={"type": "string", "format": "email"},
    admin_mobile=S, **CAPTCHA)
REJECTION = obj(["reason"], reason=S)
INVITE = obj(["name", "email"], name=S, email={"type": "string", "format": "email"})
SIGNUP = obj(["entry", "agreed", "agreement_version", "name", "email", "mobile",
              "captcha_id", "captcha_answer"],
             entry={"type": "string", "enum": ["registrant_without_unit"]}, agreed=B,
             agreement_version=S, name=S, email=S, mobile=S, work_unit=S, **CAPTCHA)
ACTIVATION = obj(["id_type", "id_number", "id_valid_from", "id_valid_to", "password",
                  "password_confirm", "captcha_id", "captcha_answer"],
                 id_type={"type": "string", "enum": ["身份证"]}, id_number=S,
                 id_valid_from=DATE, id_valid_to={"type": "string", "description": "YYYY-MM-DD 或 长期"},
                 password=S, password_confirm=S, **CAPTCHA)
LOGIN = obj(["email", "password", "captcha_id", "captcha_answer"], email=S, password=S, **CAPTCHA)
FORGOT = obj(["email", "captcha_id", "captcha_answer"], email=S, **CAPTCHA)
RESET = obj(["token", "password", "password_confirm"], token=S, password=S, password_confirm=S)
CHANGE_PASSWORD = obj(["old_password", "password", "password_confirm"], old_password=S,
                      password=S, password_confirm=S)
TOKEN = obj(["token"], token=S)
MOBILE = obj(["mobile"], mobile=S)
CODE = obj(["code"], code=S)
PROFILE = obj(["name", "gender", "birth_date"], name=S, gender={"type": "string", "enum": ["男", "女"]},
              birth_date=DATE, nation=S, education=S, title=S, work_unit=S, address=S,
              postcode=S, phone=S)
NEW_ACHIEVEMENT = obj(["category"], category={"type": "string", "enum": ["applied", "basic", "soft"]},
                      unit_id={"type": "integer", "description": "成果所属单位（是多个单位的成果登记人时必填）"})
SAVE = obj(["version", "sections"], version={"type": "integer", "description": "客户端最后看到的版本号"},
           sections={"type": "object", "description": "要保存的栏目：{栏目: {字段: 值}}，可只含一个栏目",
                     "additionalProperties": {"type": "object"}})
SUBMIT = obj([], request_id={"type": "string", "description": "客户端请求号：重试同一请求只提交一次"})
UPLOAD = {"type": "object", "required": ["kind", "file"], "properties": {
    "kind": {"type": "string", "description": "附件类别，如 evaluation_proof"},
    "file": {"type": "string", "format": "binary"}}}
DECISION = obj([], comment=S, version={"type": "integer", "description": "审核人看到的案卷版本（防止并发重复处理）"})
RETURN = obj(["comment"], comment=S, version=I,
             section_comments={"type": "object", "additionalProperties": {"type": "string"},
                               "description": "按栏目的退回意见：{栏目: 意见}"})
REFUSE = obj(["reason", "comment"], comment=S, version=I,
             reason={"type": "string", "enum": ["duplicate", "classified", "out_of_window", "dispute", "other"]})
REVOKE = obj(["reason"], reason=S, version=I)
WITHDRAW = obj([], comment=S, version={"type": "integer", "description": "登记人看到的案卷版本（审核进度中的 current.version）"})
