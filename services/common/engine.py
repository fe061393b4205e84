"""SQLAlchemy engines for the two supported databases: SQLite files and PostgreSQL."""
from __future__ import annotations

import os
import time

import sqlalchemy as sa
from sqlalchemy.engine import make_url


def make_engine(url: str, pool_size: int = 10) -> sa.Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed)
    return _postgres_engine(url, pool_size)


# A pooled PostgreSQL connection idle for longer than this is pinged before use (a PostgreSQL
# restart leaves the pool's connections dead; the fault tests restart it mid-journey). A busy
# connection is not: SQLAlchemy's pool_pre_ping pinged on every checkout, one round trip of a
# save's seven, 5% of the registration process at 32 clients. A connection that dies while in
# use fails its unit of work either way (503), and SQLAlchemy then drops the whole pool.
PING_AFTER_IDLE_SECONDS = 1.0


def _postgres_engine(url: str, pool_size: int) -> sa.Engine:
    engine = sa.create_engine(url, pool_size=pool_size, max_overflow=pool_size, pool_recycle=1800)

    @sa.event.listens_for(engine, "checkin")
    def _idle_from(_dbapi_conn, record):
        record.info["idle_since"] = time.monotonic()

    @sa.event.listens_for(engine, "checkout")
    def _ping_if_idle(dbapi_conn, record, _proxy):
        since = record.info.pop("idle_since", None)
        if since is None or time.monotonic() - since < PING_AFTER_IDLE_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_conn)
        except Exception as exc:  # noqa: BLE001 - any failure: the pool connects anew and retries
            raise sa.exc.DisconnectionError(f"idle connection failed its ping: {exc!r}") from exc

    return engine


def _sqlite_engine(parsed) -> sa.Engine:
    if parsed.database and parsed.database != ":memory:":
        os.makedirs(os.path.dirname(os.path.abspath(parsed.database)), exist_ok=True)
    # sqlite3 blocks the whole (eventlet) process while it waits for a lock. One
    # connection per process makes green workers queue for it cooperatively instead
    # of two of them deadlocking on the file's write lock.
    engine = sa.create_engine(parsed, pool_size=1, max_overflow=0, pool_timeout=60,
                              connect_args={"timeout": 30, "check_same_thread": False})

    @sa.event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record):
        dbapi_conn.isolation_level = None  # transactions begin explicitly below
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    if _eventlet_patched():
        # The COMMIT (its fsync, synchronous=FULL) in a real thread: sqlite3 releases the GIL
        # while SQLite waits on the disk, and the hub serves the process's other green threads
        # meanwhile. The connection is still this worker's alone (one per process, checked out).
        from eventlet import tpool

        def do_commit(dbapi_connection):
            tpool.execute(dbapi_connection.commit)

        engine.dialect.do_commit = do_commit

    @sa.event.listens_for(engine, "begin")
    def _begin(conn):
        # Take the write lock up front: a deferred transaction that later upgrades
        # to a writer can fail with "database is locked" without waiting.
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _eventlet_patched() -> bool:
    try:
        from eventlet import patcher
    except ImportError:
        return False
    return patcher.is_monkey_patched("thread")


def is_postgres(engine: sa.Engine) -> bool:
    return engine.dialect.name == "postgresql"
