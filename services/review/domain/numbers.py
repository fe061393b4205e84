"""批准登记号 and the check code printed on the certificate.

The national pattern has 12 characters: a 3-digit area/department code, the 4-digit year, one
category letter and a 4-digit serial, e.g. 6202026Y0001. Y (应用技术) is documented; J (基础理论)
and R (软科学) and the area code 620 are defaults from config. Serials are assigned by the adapter
from a counter locked in the approval's transaction (unique and gap-free per year and category).

The check code is 6 characters from an alphabet without 0/O and 1/I, an HMAC-SHA256 of the number
under the office's secret: the public verification page asks for it, so knowing a number alone
does not show a certificate's details.
"""
from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass, field

from services.common.errors import invalid

MAX_SERIAL = 9999
CHECK_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"   # 32 symbols: 5 bits each, no 0 O 1 I
CHECK_LENGTH = 6
_PATTERN = re.compile(r"(\d{3})(\d{4})([A-Z])(\d{4})")
_FIELD = "registration_number"


@dataclass(frozen=True)
class RegistrationNumber:
    area: str
    year: int
    letter: str
    serial: int

    def __str__(self) -> str:
        return format_number(self.area, self.year, self.letter, self.serial)


@dataclass(frozen=True)
class NumberFormat:
    """The configured parts: area code and one letter per category."""
    area: str = "620"
    letters: dict = field(default_factory=lambda: {"applied": "Y", "basic": "J", "soft": "R"})

    @classmethod
    def from_config(cls, config: dict | None) -> "NumberFormat":
        """`{"area": "620", "letters": {"applied": "Y", …}}`; missing keys keep the defaults."""
        config = dict(config or {})
        default = cls()
        made = cls(str(config.get("area", default.area)),
                   {**default.letters, **dict(config.get("letters") or {})})
        format_number(made.area, 2000, "Y", 1)                  # fails early on a bad area code
        letters = list(made.letters.values())
        if len(set(letters)) != len(letters) or not all(re.fullmatch(r"[A-Z]", x) for x in letters):
            raise ValueError(f"category letters must be distinct capital letters: {made.letters}")
        return made

    def number(self, category: str, year: int, serial: int) -> str:
        return format_number(self.area, year, self.letters[category], serial)

    def category_of(self, number: str) -> str | None:
        letter = parse_number(number).letter
        return next((c for c, x in self.letters.items() if x == letter), None)


def format_number(area: str, year: int, letter: str, serial: int) -> str:
    """6202026Y0001. Raises InvalidInput (code invalid_number) naming each bad part."""
    problems = {}
    if not re.fullmatch(r"\d{3}", str(area)):
        problems["area"] = "地区代码应为3位数字"
    if not isinstance(year, int) or not 1000 <= year <= 9999:
        problems["year"] = "年份应为4位数字"
    if not re.fullmatch(r"[A-Z]", str(letter)):
        problems["letter"] = "成果类别代码应为1个大写字母"
    if not isinstance(serial, int) or isinstance(serial, bool) or not 1 <= serial <= MAX_SERIAL:
        problems["serial"] = f"流水号应在1到{MAX_SERIAL}之间（当年该类别的登记号已用完时须调整编号规则）"
    if problems:
        raise invalid(problems, "登记号无法生成", code="invalid_number")
    return f"{area}{year:04d}{letter}{serial:04d}"


def normalise(text: str) -> str:
    """Upper case, without the spaces and hyphens people type or print for readability."""
    return re.sub(r"[\s\-]", "", str(text or "")).upper()


def parse_number(text: str) -> RegistrationNumber:
    """The parts of a 登记号; InvalidInput (code invalid_number) if it is not one."""
    match = _PATTERN.fullmatch(normalise(text))
    if not match or int(match.group(4)) == 0 or int(match.group(2)) < 1000:
        raise invalid({_FIELD: "登记号应为12位：3位地区代码、4位年份、1位类别字母和4位流水号，如6202026Y0001"},
                      "登记号格式不正确", code="invalid_number")
    area, year, letter, serial = match.groups()
    return RegistrationNumber(area, int(year), letter, int(serial))


def check_code(number: str, secret: str | bytes) -> str:
    """The 6-character code printed on the certificate for `number`."""
    if not secret:
        raise ValueError("a check-code secret is required")
    key = secret.encode() if isinstance(secret, str) else bytes(secret)
    message = b"review.check-code.v1:" + str(parse_number(number)).encode()
    value = int.from_bytes(hmac.new(key, message, hashlib.sha256).digest()[:4], "big") >> 2
    return "".join(CHECK_ALPHABET[(value >> (5 * i)) & 31] for i in reversed(range(CHECK_LENGTH)))


def verify_check_code(number: str, code: str, secret: str | bytes) -> bool:
    """True when `code` (any case, spaces or hyphens allowed) belongs to `number`. A malformed
    number raises InvalidInput, so the page can say what is wrong with it."""
    expected = check_code(number, secret)
    return hmac.compare_digest(expected.encode(), normalise(code).encode())
