"""Dates as printed in Chinese: 2026年3月12日, or 二〇二六年三月十二日 under a seal."""
from __future__ import annotations

import datetime as dt

_DIGITS = "〇一二三四五六七八九"


def as_date(value) -> dt.date | None:
    """A date from a date/datetime or an ISO string ("2026-03-12", "2026-03-12T08:00:00"); else None."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and len(value) >= 10:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def chinese_date(value) -> str:
    """2026年3月12日; a value that is not a date is printed as given ("" for None)."""
    day = as_date(value)
    if day is None:
        return "" if value is None else str(value)
    return f"{day.year}年{day.month}月{day.day}日"


def chinese_number(n: int) -> str:
    """1–99 in Chinese numerals: 三, 十二, 二十."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def seal_date(value) -> str:
    """二〇二六年三月十二日, the way an official document dates its seal."""
    day = as_date(value)
    if day is None:
        return chinese_date(value)
    year = "".join(_DIGITS[int(c)] for c in f"{day.year:04d}")
    return f"{year}年{chinese_number(day.month)}月{chinese_number(day.day)}日"
