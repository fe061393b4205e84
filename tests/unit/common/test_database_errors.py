"""A database that cannot do the work now is 503 (retry); a malformed query is not an outage."""
from __future__ import annotations

import sqlite3

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, ProgrammingError
from sqlalchemy.orm import sessionmaker

from services.common.database_errors import is_transient
from services.common.errors import DatabaseUnavailable
from services.common.tables import add_platform_tables
from services.common.uow import unit_of_work


class PgError(Exception):
    def __init__(self, pgcode):
        super().__init__(pgcode)
        self.pgcode = pgcode


def wrapped(cls, original, invalidated=False):
    return cls("SELECT 1", {}, original, connection_invalidated=invalidated)


@pytest.mark.parametrize("error", [
    wrapped(OperationalError, sqlite3.OperationalError("database is locked")),
    wrapped(OperationalError, PgError("57P01")),   # terminating connection: admin command
    wrapped(OperationalError, PgError("53300")),   # too many connections
    wrapped(OperationalError, PgError("40001")),   # serialization failure
    wrapped(OperationalError, PgError("55P03")),   # lock not available
    wrapped(OperationalError, Exception("server closed the connection unexpectedly")),
    wrapped(InterfaceError, Exception("connection already closed")),
    wrapped(DBAPIError, Exception("gone"), invalidated=True),
    sa.exc.TimeoutError("QueuePool limit reached"),
])
def test_outages_are_transient(error):
    assert is_transient(error)


@pytest.mark.parametrize("error", [
    wrapped(OperationalError, sqlite3.OperationalError("fts5: syntax error near \"\"")),
    wrapped(OperationalError, sqlite3.OperationalError("no such table: drafts")),
    wrapped(ProgrammingError, PgError("42601")),   # syntax error
    wrapped(DBAPIError, PgError("22021")),         # character not in repertoire (NUL)
    ValueError("A string literal cannot contain NUL (0x00) characters."),
])
def test_bad_queries_are_not_outages(error):
    assert not is_transient(error)


def _factory():
    engine = sa.create_engine("sqlite://")
    metadata = sa.MetaData()
    add_platform_tables(metadata)
    metadata.create_all(engine)
    return sessionmaker(bind=engine), metadata


def test_a_unit_of_work_turns_an_outage_into_database_unavailable_and_a_bad_query_passes_through():
    factory, metadata = _factory()
    with pytest.raises(DatabaseUnavailable) as caught:
        with unit_of_work(factory, metadata, "test"):
            raise wrapped(OperationalError, sqlite3.OperationalError("database is locked"))
    assert caught.value.details["retry_after"] == 5
    with pytest.raises(OperationalError):
        with unit_of_work(factory, metadata, "test") as uow:
            uow.session.execute(sa.text("SELEC nonsense"))
