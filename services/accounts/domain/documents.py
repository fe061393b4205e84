"""Identity documents other than the 居民身份证, for people the office adds (manual §1.2.1:
"非身份证人员请联系科技厅添加账号"). Each type has its own format; where the document has a
check character it is checked.

- 护照: 5–20 letters and digits (foreign passports vary); a Chinese ordinary passport (E and eight
  characters) must be E + 8 digits or E + a letter (not I or O) + 7 digits.
- 港澳居民来往内地通行证: H (Hong Kong) or M (Macao) + 8 digits (cards since 2013; older: + 10).
- 台湾居民来往大陆通行证: 8 digits (cards since 2015; older: 10).
- 外国人永久居留身份证: the 2023 card, 18 characters beginning with 9 (birth date inside, check
  character as GB 11643's); the 2017 card, 3 letters + 12 digits.
"""
from __future__ import annotations

import datetime as dt
import re

from services.common.idcodes import CodeError, resident_id_check_char

PASSPORT, HK_MACAO, TAIWAN, PERMANENT_RESIDENCE = ("护照", "港澳居民来往内地通行证", "台湾居民来往大陆通行证",
                                                  "外国人永久居留身份证")
DOCUMENT_TYPES = (PASSPORT, HK_MACAO, TAIWAN, PERMANENT_RESIDENCE)

_PASSPORT = re.compile(r"^[A-Z0-9]{5,20}$")
_CHINESE_ORDINARY = re.compile(r"^E(\d{8}|[A-HJ-NP-Z]\d{7})$")
_HK_MACAO = re.compile(r"^[HM](\d{8}|\d{10})$")
_TAIWAN = re.compile(r"^(\d{8}|\d{10})$")
_RESIDENCE_2023 = re.compile(r"^9\d{16}[\dX]$")
_RESIDENCE_2017 = re.compile(r"^[A-Z]{3}\d{12}$")


def normalize_document(kind: str, value, today: dt.date | None = None) -> str:
    """The document number in its canonical form (upper case, no spaces), or CodeError."""
    if kind not in DOCUMENT_TYPES:
        raise CodeError("证件类型应为" + "、".join(DOCUMENT_TYPES))
    text = re.sub(r"\s+", "", str(value or "")).upper()
    if not text:
        raise CodeError("请填写证件号码")
    if kind == PASSPORT:
        if not _PASSPORT.match(text):
            raise CodeError("护照号码应为5-20位字母或数字")
        if text.startswith("E") and len(text) == 9 and not _CHINESE_ORDINARY.match(text):
            raise CodeError("中国普通护照号码应为E加8位数字，或E加1位字母（不含I、O）和7位数字")
    elif kind == HK_MACAO:
        if not _HK_MACAO.match(text):
            raise CodeError("港澳居民来往内地通行证号码应为H或M加8位数字")
    elif kind == TAIWAN:
        if not _TAIWAN.match(text):
            raise CodeError("台湾居民来往大陆通行证号码应为8位数字")
    elif _RESIDENCE_2023.match(text):
        _check_2023_residence(text, today or dt.date.today())
    elif not _RESIDENCE_2017.match(text):
        raise CodeError("外国人永久居留身份证号码应为以9开头的18位（2023版）或3位字母加12位数字（2017版）")
    return text


def _check_2023_residence(text: str, today: dt.date) -> None:
    try:
        birth = dt.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        raise CodeError("外国人永久居留身份证号码中的出生日期不是有效日期") from None
    if birth > today or birth.year < 1900:
        raise CodeError("外国人永久居留身份证号码中的出生日期不合理")
    if resident_id_check_char(text[:17]) != text[17]:
        raise CodeError("外国人永久居留身份证号码校验位不正确")
