"""The check code (核验码) printed on a certificate, and the 登记号 as the public types it.

The code is 6 characters from an alphabet without 0/O and 1/I: an HMAC-SHA256 of the 登记号
under the office's secret. The public verification asks for both, so knowing a number alone
(they are sequential) does not show a certificate's details.
"""
from __future__ import annotations

import hashlib
import hmac
import re

from services.common.errors import invalid

CHECK_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"   # 32 symbols: 5 bits each, no 0 O 1 I
CHECK_LENGTH = 6
_NUMBER = re.compile(r"\d{3}(\d{4})[A-Z](\d{4})")


def normalise(text) -> str:
    """Upper case, without the spaces and hyphens people type or print for readability."""
    return re.sub(r"[\s\-]", "", str(text or "")).upper()


def registration_number(text) -> str:
    """The 12-character 登记号 (6202026Y0001) in `text`; InvalidInput (invalid_number) if none."""
    number = normalise(text)
    match = _NUMBER.fullmatch(number)
    if not match or int(match.group(1)) < 1000 or int(match.group(2)) == 0:
        raise invalid({"registration_number": "登记号应为12位：3位地区代码、4位年份、1位类别字母和4位流水号，"
                                              "如6202026Y0001"}, "登记号格式不正确", code="invalid_number")
    return number


def verification_request(number, code) -> str:
    """The 登记号 a public verification asks about; InvalidInput naming what is missing."""
    missing = {k: m for k, v, m in (("number", number, "请输入登记号"), ("code", code, "请输入核验码"))
               if not isinstance(v, str) or not v.strip()}
    if missing:
        raise invalid(missing, "请输入登记号和核验码")
    return registration_number(number)


def check_code(number: str, secret: str | bytes) -> str:
    """The 6-character code printed on the certificate for `number`."""
    if not secret:
        raise ValueError("a check-code secret is required")
    key = secret.encode() if isinstance(secret, str) else bytes(secret)
    message = b"certificates.check-code.v1:" + registration_number(number).encode()
    value = int.from_bytes(hmac.new(key, message, hashlib.sha256).digest()[:4], "big") >> 2
    return "".join(CHECK_ALPHABET[(value >> (5 * i)) & 31] for i in reversed(range(CHECK_LENGTH)))


def verify_check_code(number: str, code: str, secret: str | bytes) -> bool:
    """True when `code` (any case, spaces or hyphens allowed) belongs to `number`. A malformed
    number raises InvalidInput, so the page can say what is wrong with it."""
    expected = check_code(number, secret)
    return hmac.compare_digest(expected.encode(), normalise(code).encode())
