"""The statistics year (统计年度) and the working days it counts decision times in (the working
days themselves are services/common/working_days.py, shared with the review's 公示 period)."""
from __future__ import annotations

import datetime as dt
import re

from services.common.working_days import (calendar_known, is_working_day,  # noqa: F401 (re-exported)
                                          working_days_between)


def parse_year_start(value: str) -> tuple[int, int]:
    """(month, day) from "MM-DD", the first day of a statistics year; ValueError otherwise."""
    match = re.fullmatch(r"\s*(\d{1,2})-(\d{1,2})\s*", str(value))
    if not match:
        raise ValueError(f"统计年度起始日应为 MM-DD，如 11-01：{value!r}")
    month, day = int(match.group(1)), int(match.group(2))
    dt.date(2001, month, day)  # raises ValueError for 02-30 and the like; 02-29 is refused too
    return month, day


def statistics_year(day: dt.date, start: tuple[int, int] = (11, 1)) -> int:
    """The statistics year a day falls in: with the default start 11-01, year N runs from
    (N-1)-11-01 to N-10-31 (a 2019 notice: 2018-11-01 to 2019-10-31); with 01-01 it is the
    calendar year."""
    if start == (1, 1):
        return day.year
    return day.year + 1 if (day.month, day.day) >= start else day.year


def statistics_year_bounds(year: int, start: tuple[int, int] = (11, 1)) -> tuple[dt.date, dt.date]:
    """First and last day of statistics year `year`."""
    if start == (1, 1):
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    first = dt.date(year - 1, *start)
    return first, dt.date(year, *start) - dt.timedelta(days=1)
