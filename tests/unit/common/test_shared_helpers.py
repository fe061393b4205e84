"""The small shared helpers of services/common that every service uses."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.common.backoff import backoff_seconds
from services.common.clock import CHINA, as_utc
from services.common.columns import UtcDateTime
from services.common.errors import InvalidInput
from services.common.flags import flag
from services.common.paging import MAX_PAGE, offset, read_page
from services.common.upsert import insert_for


@pytest.mark.parametrize("value, expected", [
    (True, True), (False, False), ("true", True), ("TRUE", True), ("1", True), ("on", True),
    ("yes", True), ("false", False), ("0", False), ("off", False), ("", False), (" no ", False)])
def test_flags_read_as_yaml_and_the_environment_write_them(value, expected):
    assert flag(value) is expected


def test_a_missing_flag_takes_its_default_and_nonsense_is_refused():
    assert flag(None, default=True) is True
    with pytest.raises(ValueError):
        flag("maybe")


def test_backoff_doubles_from_30_seconds_up_to_an_hour():
    assert [backoff_seconds(n) for n in (0, 1, 2, 3)] == [30, 30, 60, 120]
    assert backoff_seconds(50) == 3600


def test_pages_are_read_from_untrusted_input():
    assert read_page("2", 20) == (2, 20)
    assert offset(3, 20) == 40
    for page, size in (("x", 20), (0, 20), (MAX_PAGE + 1, 20), (1, 0), (1, 101), (None, 20)):
        with pytest.raises(InvalidInput) as caught:
            read_page(page, size)
        assert "page" in caught.value.fields


def test_naive_times_are_utc_and_aware_ones_are_converted():
    naive = dt.datetime(2026, 1, 1, 8, 0)
    assert as_utc(naive) == naive.replace(tzinfo=dt.timezone.utc)
    assert as_utc(dt.datetime(2026, 1, 1, 8, 0, tzinfo=CHINA)).hour == 0


def test_timestamps_come_back_aware_from_sqlite_and_upserts_do_nothing_twice():
    metadata = sa.MetaData()
    table = sa.Table("t", metadata, sa.Column("k", sa.Integer, primary_key=True),
                     sa.Column("at", UtcDateTime))
    engine = sa.create_engine("sqlite://")
    metadata.create_all(engine)
    at = dt.datetime(2026, 12, 2, 20, 0, tzinfo=CHINA)
    with Session(engine) as session:
        for _ in range(2):
            session.execute(insert_for(session, table).values(k=1, at=at)
                            .on_conflict_do_nothing(index_elements=["k"]))
        stored = session.execute(sa.select(table.c.at)).scalars().all()
    assert stored == [at] and stored[0].tzinfo is not None
