"""Reading untrusted input field by field, collecting a Chinese message per bad field.

    form = Form(data)
    name = form.text("name", "姓名", max_length=50)
    email = form.email("email", "电子邮箱")
    form.done()          # raises InvalidInput naming every bad field, or returns
"""
from __future__ import annotations

import datetime as dt
import re

from .errors import invalid
from .idcodes import CodeError, normalize_credit_code, normalize_resident_id

EMAIL = re.compile(r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}$")
MOBILE = re.compile(r"^1[3-9]\d{9}$")
POSTCODE = re.compile(r"^\d{6}$")
PHONE = re.compile(r"^[0-9\-+() ]{5,30}$")
TEXT_MAX_LENGTH = 200     # text() without a max_length of its own
PATTERN_MAX_LENGTH = 254  # emails, mobiles, postcodes, phones: longer is refused before the pattern
CODE_LENGTH = 18          # 居民身份证号码 and 统一社会信用代码 (idcodes.py checks the rest)


LINE_BREAKS = re.compile(r"[\t\n\r]")  # a single-line field holds none (services/common/text_rules.py)


class Form:
    def __init__(self, data):
        self.data = data if isinstance(data, dict) else {}
        self.errors: dict[str, str] = {}

    def fail(self, name: str, message: str) -> None:
        self.errors.setdefault(name, message)

    def ok(self) -> bool:
        return not self.errors

    def done(self, message: str | None = None) -> None:
        if self.errors:
            raise invalid(self.errors, message)

    def _raw(self, name: str, label: str, required: bool):
        value = self.data.get(name)
        if isinstance(value, str):
            value = value.strip()
        if value in (None, ""):
            if required:
                self.fail(name, f"请填写{label}")
            return None
        return value

    def text(self, name, label, required=True, max_length=TEXT_MAX_LENGTH, min_length=0,
             multiline=False):
        value = self._raw(name, label, required)
        if value is None:
            return None
        if not isinstance(value, str):
            self.fail(name, f"{label}应为文本")
            return None
        if not multiline and LINE_BREAKS.search(value):
            self.fail(name, f"{label}不能换行或包含制表符")
        elif len(value) > max_length:
            self.fail(name, f"{label}不能超过{max_length}个字符")
        elif len(value) < min_length:
            self.fail(name, f"{label}至少{min_length}个字符")
        return value

    def pattern(self, name, label, regex, message, required=True):
        value = self.text(name, label, required, max_length=PATTERN_MAX_LENGTH)
        if value is not None and not regex.match(value):
            self.fail(name, message)
            return None
        return value

    def email(self, name="email", label="电子邮箱", required=True):
        value = self.pattern(name, label, EMAIL, f"{label}格式不正确", required)
        return value.lower() if value else value

    def mobile(self, name="mobile", label="手机号码", required=True):
        return self.pattern(name, label, MOBILE, f"{label}应为11位手机号码", required)

    def postcode(self, name="postcode", label="邮政编码", required=False):
        return self.pattern(name, label, POSTCODE, f"{label}应为6位数字", required)

    def phone(self, name="phone", label="联系电话", required=False):
        return self.pattern(name, label, PHONE, f"{label}格式不正确", required)

    def choice(self, name, label, options, required=True):
        value = self._raw(name, label, required)
        if value is not None and value not in options:
            self.fail(name, f"{label}应为：" + "、".join(options))
            return None
        return value

    def date(self, name, label, required=True):
        value = self._raw(name, label, required)
        if value is None:
            return None
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.fail(name, f"{label}应为日期，格式为 YYYY-MM-DD")
            return None

    def boolean(self, name, label, required=True):
        value = self.data.get(name)
        if value is None and not required:
            return None
        if not isinstance(value, bool):
            self.fail(name, f"请选择{label}")
            return None
        return value

    def resident_id(self, name="id_number", label="证件号码", required=True):
        value = self.text(name, label, required, max_length=CODE_LENGTH)
        if value is None:
            return None
        try:
            return normalize_resident_id(value)
        except CodeError as exc:
            self.fail(name, exc.message)
            return None

    def credit_code(self, name="credit_code", label="统一社会信用代码", required=True):
        value = self.text(name, label, required, max_length=CODE_LENGTH)
        if value is None:
            return None
        try:
            return normalize_credit_code(value)
        except CodeError as exc:
            self.fail(name, exc.message)
            return None
