"""Which database errors mean "not now" (503, retry) rather than "this request is wrong" or
a bug: a lost or refused connection, no free connection, a lock or statement timeout, a
serialization failure. A malformed query is never an outage."""
from __future__ import annotations

import sqlite3

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, TimeoutError as PoolTimeout

# PostgreSQL SQLSTATE classes: 08 connection exception, 53 insufficient resources,
# 57 operator intervention (shutdown, cancel), 40 transaction rollback (serialization, deadlock)
_PG_CLASSES = ("08", "53", "57", "40")
_PG_CODES = {"55P03"}  # lock_not_available
_SQLITE_MESSAGES = ("database is locked", "unable to open database", "disk i/o error",
                    "database or disk is full")


def is_transient(exc: Exception) -> bool:
    if isinstance(exc, PoolTimeout):  # every connection of the pool busy
        return True
    if not isinstance(exc, DBAPIError):
        return False
    if exc.connection_invalidated:
        return True
    original = exc.orig
    if isinstance(original, sqlite3.Error):
        return any(m in str(original).lower() for m in _SQLITE_MESSAGES)
    code = getattr(original, "pgcode", None)
    if code:
        return code[:2] in _PG_CLASSES or code in _PG_CODES
    # psycopg2 raises these without a SQLSTATE when there is no connection at all (refused,
    # closed by the server, too many clients while connecting, already closed)
    return isinstance(exc, (OperationalError, InterfaceError))
