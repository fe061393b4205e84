"""批准登记号.

The national pattern has 12 characters: a 3-digit area/department code, the 4-digit year, one
category letter and a 4-digit serial, e.g. 6202026Y0001. Y (应用技术) is documented; J (基础理论)
and R (软科学) and the area code 620 are defaults from config. Serials are assigned by the adapter
from a counter locked in the approval's transaction (unique and gap-free per year and category).

The check code printed on the certificate belongs to the certificates service, which verifies it
(services/certificates/domain/checkcode.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from services.common.errors import invalid

MAX_SERIAL = 9999
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
