"""Check digits of the national identity codes the forms carry.

- 居民身份证号码, GB 11643-1999: 17 digits + a check character.
- 统一社会信用代码, GB 32100-2015: 17 characters + a check character.

Plain functions: each normalises a value or raises CodeError with a Chinese message.
"""
from __future__ import annotations

import datetime as dt
import re


class CodeError(ValueError):
    """A code that is malformed or whose check character does not match."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_SHAPE = re.compile(r"^\d{17}[\dX]$")


def resident_id_check_char(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS))
    return _ID_CHECK[total % 11]


def normalize_resident_id(value: str, today: dt.date | None = None) -> str:
    """Return the 18-character ID with an upper-case X, or raise CodeError."""
    text = (value or "").strip().upper()
    if not _ID_SHAPE.match(text):
        raise CodeError("身份证号码应为18位，前17位为数字，最后一位为数字或X")
    try:
        birth = dt.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        raise CodeError("身份证号码中的出生日期不是有效日期") from None
    if birth > (today or dt.date.today()) or birth.year < 1900:
        raise CodeError("身份证号码中的出生日期不合理")
    if resident_id_check_char(text[:17]) != text[17]:
        raise CodeError("身份证号码校验位不正确")
    return text


def resident_id_birth_date(id_number: str) -> dt.date:
    return dt.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))


def resident_id_gender(id_number: str) -> str:
    """'男' for an odd sequence digit, '女' for an even one."""
    return "男" if int(id_number[16]) % 2 == 1 else "女"


_CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_CREDIT_SHAPE = re.compile(r"^[0-9ABCDEFGHJKLMNPQRTUWXY]{18}$")


def credit_code_check_char(first17: str) -> str:
    total = sum(_CREDIT_ALPHABET.index(c) * w for c, w in zip(first17, _CREDIT_WEIGHTS))
    return _CREDIT_ALPHABET[(31 - total % 31) % 31]


def normalize_credit_code(value: str) -> str:
    """Return the 18-character code in upper case, or raise CodeError."""
    text = (value or "").strip().upper()
    if not _CREDIT_SHAPE.match(text):
        raise CodeError("统一社会信用代码应为18位数字或大写字母（不含I、O、S、V、Z）")
    if credit_code_check_char(text[:17]) != text[17]:
        raise CodeError("统一社会信用代码校验位不正确")
    return text
