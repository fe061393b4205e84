"""Group commit on SQLite: the units of work of several workers of one process in one transaction,
committed with one fsync, each worker answered only after that commit.

Why: with `synchronous=FULL` every commit waits for an fsync of the WAL (2–3 ms on the disks
measured, docs/performance.md), and one connection per process means one commit at a time, so
without grouping a process never commits more often than its disk syncs, however many workers wait.

How (docs/architecture.md, "Group commit on SQLite"):

- The process's one connection stays in one `BEGIN IMMEDIATE` transaction while workers queue for
  it. Each worker runs its unit of work in a SAVEPOINT of that transaction (a SQLAlchemy session
  joined with `join_transaction_mode="create_savepoint"`): a unit that fails rolls back to its
  savepoint, and the others' changes stay.
- The worker that finds no other worker waiting when its unit ends (or the one that brings the
  group to `max_units`) commits the group. The COMMIT runs in a real thread (`engine.py`: eventlet's
  tpool), so the hub serves other workers and RabbitMQ while the disk syncs; the next group's
  workers queue meanwhile.
- Every worker of the group waits for that commit before its unit of work returns, so no reply
  and no outbox relay pass happens before the change is durable; if the commit fails, every
  worker of the group raises, none of them was acknowledged, and none of their changes remain.
- A connection that is no longer in its transaction (SQLite rolls a whole transaction back on
  some errors: disk full, I/O error) fails its group rather than letting a later COMMIT, which
  would then do nothing, report success.
"""
from __future__ import annotations

import contextlib
import logging

from eventlet import greenthread
from eventlet.event import Event
from eventlet.semaphore import Semaphore

log = logging.getLogger(__name__)


class GroupBroken(RuntimeError):
    """The group's transaction ended before its commit (SQLite rolled it back on an error)."""


class _Group:
    def __init__(self, connection):
        self.connection = connection
        self.units = 0
        self.done = Event()

    def in_transaction(self) -> bool:
        return bool(self.connection.connection.dbapi_connection.in_transaction)

    def wait(self) -> None:
        """Block until the group's commit; raise what it raised."""
        self.done.wait()


class GroupCommit:
    def __init__(self, engine, max_units: int = 64):
        self.engine = engine
        self.max_units = max_units
        self._lock = Semaphore(1)
        self._waiting = 0
        self._group: _Group | None = None
        self._holder = None      # the green thread inside a unit of work now
        self.groups = 0          # committed groups and units, for the benchmark's figures
        self.units = 0

    @contextlib.contextmanager
    def member(self):
        """The open group (its `connection` in the group's transaction), held by this worker alone
        until the block ends; the group is committed on the way out if no other worker waits."""
        me = greenthread.getcurrent()
        if self._holder is me:   # it would wait for itself for ever
            raise RuntimeError("a unit of work opened inside another one on the same SQLite connection")
        self._waiting += 1
        try:
            self._lock.acquire()
        finally:
            self._waiting -= 1
        self._holder = me
        try:
            group = self._open()
            yield group
        finally:
            self._holder = None
            try:
                group = self._group
                if group is not None and (self._waiting == 0 or group.units >= self.max_units):
                    self._group = None
                    self._finish(group)
            finally:
                self._lock.release()

    def _open(self) -> _Group:
        group = self._group
        if group is not None and not group.in_transaction():
            self._group = None
            self._fail(group, GroupBroken("the group's transaction was rolled back by SQLite"))
            group = None
        if group is None:
            connection = self.engine.connect()
            try:
                connection.begin()   # BEGIN IMMEDIATE (engine.py)
            except BaseException:
                connection.close()
                raise
            group = self._group = _Group(connection)
        return group

    def _finish(self, group: _Group) -> None:
        if group.units == 0:     # every unit of it failed, or only read: nothing to make durable
            self._close(group, commit=False)
            group.done.send(None)
            return
        try:
            if not group.in_transaction():
                raise GroupBroken("the group's transaction was rolled back by SQLite")
            group.connection.commit()   # one fsync for every unit of the group, in a thread
        except BaseException as exc:
            self._fail(group, exc)
            return
        self.groups += 1
        self.units += group.units
        self._close(group, commit=None)
        group.done.send(None)

    def _fail(self, group: _Group, exc: BaseException) -> None:
        log.warning("group commit failed; its %d units are rolled back", group.units,
                    extra={"error": repr(exc)})
        self._close(group, commit=False)
        group.done.send_exception(exc)

    @staticmethod
    def _close(group: _Group, commit) -> None:
        try:
            if commit is False:
                group.connection.rollback()
        except Exception as exc:  # noqa: BLE001 - a connection that is gone rolled back anyway
            log.warning("rollback failed", extra={"error": repr(exc)})
        finally:
            try:
                group.connection.close()
            except Exception as exc:  # noqa: BLE001
                log.warning("closing the connection failed", extra={"error": repr(exc)})
