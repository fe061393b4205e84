import datetime as dt

import pytest

from services.reports.domain import calendar
from services.reports.domain.decision_times import overdue, percentile, summarize

D = dt.date


def test_national_day_week_is_not_working_and_the_adjusted_saturday_is():
    # 2025: 10-01..10-08 off, Saturday 10-11 is a working day (调休)
    assert not calendar.is_working_day(D(2025, 10, 1))
    assert not calendar.is_working_day(D(2025, 10, 8))
    assert calendar.is_working_day(D(2025, 10, 11))
    assert calendar.is_working_day(D(2025, 10, 9))


def test_five_working_days_across_a_holiday():
    # arrives Tuesday 2025-09-30; 10-01..10-08 off; 10-09 Thu, 10-10 Fri, 10-11 Sat (working),
    # 10-13 Mon, 10-14 Tue
    assert calendar.working_days_between(D(2025, 9, 30), D(2025, 10, 14)) == 5
    assert calendar.working_days_between(D(2025, 9, 30), D(2025, 9, 30)) == 0
    assert calendar.working_days_between(D(2025, 10, 14), D(2025, 9, 30)) == 0


def test_a_year_without_a_published_calendar_counts_monday_to_friday():
    far = D(2099, 3, 2)  # a Monday
    assert not calendar.calendar_known(far)
    assert calendar.working_days_between(far, far + dt.timedelta(days=7)) == 5
    assert calendar.calendar_known(D(2025, 3, 3))


@pytest.mark.parametrize("day, year", [
    (D(2018, 11, 1), 2019), (D(2019, 10, 31), 2019), (D(2019, 11, 1), 2020), (D(2019, 1, 1), 2019)])
def test_statistics_year_from_november(day, year):
    assert calendar.statistics_year(day) == year


def test_statistics_year_bounds_and_other_starts():
    assert calendar.statistics_year_bounds(2019) == (D(2018, 11, 1), D(2019, 10, 31))
    assert calendar.statistics_year(D(2019, 12, 31), (1, 1)) == 2019
    assert calendar.statistics_year_bounds(2019, (1, 1)) == (D(2019, 1, 1), D(2019, 12, 31))
    assert calendar.statistics_year(D(2019, 7, 1), (7, 1)) == 2020


@pytest.mark.parametrize("text", ["11-1", "01-01", " 7-15 "])
def test_year_start_reads(text):
    month, day = calendar.parse_year_start(text)
    assert 1 <= month <= 12 and 1 <= day <= 31


@pytest.mark.parametrize("text", ["", "11/01", "13-01", "02-30", "02-29", "1101", None])
def test_year_start_refuses(text):
    with pytest.raises(ValueError):
        calendar.parse_year_start(text)


def test_decision_times():
    times = summarize([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    assert (times.decided, times.median, times.p90) == (10, 5.5, 9)
    assert (times.within_limit, times.over_limit) == (5, 5)
    empty = summarize([])
    assert (empty.decided, empty.median, empty.p90) == (0, None, None)
    assert percentile([3], 0.9) == 3
    assert overdue(6) and not overdue(5)
