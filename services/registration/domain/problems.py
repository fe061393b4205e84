"""One problem found in a registration document, and the verdict the UI shows.

A Problem names where it is (section key, field key, row index, column key) with a stable ASCII
`code` for programs and a Chinese `message` for people. `level` is "error" or "warning":

- on save, an error means the value was dropped; a warning means it was kept but will not pass
  the check (too long, too many);
- on check, errors block submission; warnings (the registration window) are shown but do not.

Codes: required, invalid_format, id_number, credit_code, id_mismatch, date_order, future_date,
too_long, too_many, too_few, duplicate_row, materials_missing, classified, out_of_window,
duplicate, unknown_section, unknown_field.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, replace

ERROR = "error"
WARNING = "warning"
PASSED = "所有检查全部合格"
FAILED = "检查未通过"


@dataclass(frozen=True)
class Problem:
    section: str
    field: str | None
    row: int | None          # 0-based index into a table's rows; messages count from 1
    code: str
    message: str
    level: str = ERROR
    column: str | None = None  # the column of a table row, when the problem is in a cell

    def to_dict(self) -> dict:
        return asdict(self)

    def as_error(self) -> "Problem":
        return self if self.level == ERROR else replace(self, level=ERROR)


def errors(problems) -> list[Problem]:
    return [p for p in problems if p.level == ERROR]


def passed(problems) -> bool:
    """True when nothing blocks submission (warnings may remain)."""
    return not errors(problems)


def verdict(problems) -> str:
    """What the 填写检查 dialog says: 所有检查全部合格 only for an empty list."""
    return FAILED if problems else PASSED


class Place:
    """Where a value sits (section, field, row, column), to name it in a Problem.

    Inside a table row, `prefix` ("成果完成人员名单第2行：") starts every message."""

    def __init__(self, section, field=None, row=None, column=None, prefix=""):
        self.section, self.field, self.row, self.column = section, field, row, column
        self.prefix = prefix

    @classmethod
    def row_of(cls, section, table, index) -> "Place":
        return cls(section, table.key, index, None, f"{table.label}第{index + 1}行：")

    def cell(self, key) -> "Place":
        if self.row is None:
            return Place(self.section, key)
        return Place(self.section, self.field, self.row, key, self.prefix)

    @property
    def key(self) -> tuple:
        return (self.section, self.field, self.row, self.column)

    def problem(self, code, message, level=ERROR) -> Problem:
        return Problem(self.section, self.field, self.row, code, self.prefix + message, level,
                       self.column)
