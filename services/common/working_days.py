"""Working days (工作日) by the State Council's holiday calendar: the office's 5-day rule (reports)
and the 公示 period (review) count them.

Working days come from the kept `chinesecalendar` package (holidays and the adjusted working
weekends, 调休); for a year it has no calendar for yet (the State Council publishes the next
year's in November), Monday to Friday stands in and `calendar_known` says so.
"""
from __future__ import annotations

import datetime as dt

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


def working_days_after(start: dt.date, count: int) -> dt.date:
    """The `count`-th working day after `start` (`start` itself not counted)."""
    day, seen = start, 0
    while seen < count:
        day += dt.timedelta(days=1)
        seen += is_working_day(day)
    return day
