"""Working days (工作日) by the State Council's holiday calendar, and the statistics year.

Working days come from the kept `chinesecalendar` package (holidays and the adjusted working
weekends, 调休); for a year it has no calendar for yet (the State Council publishes the next
year's in November), Monday to Friday stands in and `calendar_known` says so.
"""
from __future__ import annotations

import datetime as dt
import re

import chinese_calendar


def calendar_known(day: dt.date) -> bool:
    try:
        chinese_calendar.is_workday(day)
        return True
    except NotImplementedError:
        return False


def is_working_day(day: dt.date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (the day something arrives does not
    count, as in "within 5 working days of receiving"); 0 when `end` is not after `start`."""
    count, day = 0, start + dt.timedelta(days=1)
    while day <= end:
        count += is_working_day(day)
        day += dt.timedelta(days=1)
    return count


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
