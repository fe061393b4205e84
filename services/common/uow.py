"""A unit of work: one session, one commit, and the events that commit reports."""
from __future__ import annotations

import contextlib
import logging

import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError, TimeoutError as PoolTimeout
from sqlalchemy.orm import Session

from . import outbox
from .database_errors import is_transient
from .errors import DatabaseUnavailable
from .events import make_envelope, utcnow
from .group_commit import GroupBroken
from .upsert import insert_for

log = logging.getLogger(__name__)


class UnitOfWork:
    def __init__(self, session: Session, metadata: sa.MetaData, producer: str,
                 request_id: str | None = None):
        self.session = session
        self.metadata = metadata
        self.producer = producer
        self.request_id = request_id
        self.emitted: list[dict] = []

    def emit(self, event_type: str, data: dict, version: int = 1) -> dict:
        """Record an event; it is published only if this unit of work commits."""
        envelope = make_envelope(self.producer, event_type, data, version)
        outbox.add_event(self.session, self.metadata, envelope, self.request_id)
        self.emitted.append(envelope)
        return envelope

    def first_time(self, consumer: str, event_id: str) -> bool:
        """True the first time `consumer` sees `event_id`; recorded with this commit."""
        table = self.metadata.tables["processed_events"]
        claimed = self.session.execute(
            insert_for(self.session, table)
            .values(consumer=consumer, event_id=event_id, processed_at=utcnow())
            .on_conflict_do_nothing(index_elements=["consumer", "event_id"])
            .returning(table.c.event_id)).first()
        return claimed is not None


@contextlib.contextmanager
def unit_of_work(session_factory, metadata, producer, request_id=None, on_commit=None):
    session = session_factory()
    uow = UnitOfWork(session, metadata, producer, request_id)
    try:
        yield uow
        session.commit()
    except (DBAPIError, PoolTimeout) as exc:
        _rollback(session)
        if is_transient(exc):
            log.warning("database unavailable, transaction rolled back", extra={"error": repr(exc)})
            raise DatabaseUnavailable() from exc
        raise
    except BaseException:
        _rollback(session)
        raise
    finally:
        session.close()
    if uow.emitted and on_commit:
        on_commit()


@contextlib.contextmanager
def grouped_unit_of_work(group, metadata, producer, request_id=None, on_commit=None):
    """A unit of work in a SAVEPOINT of the process's open group transaction (group_commit.py);
    it returns, like `unit_of_work`, only once its change is committed."""
    try:
        with group.member() as joined:
            session = Session(bind=joined.connection, join_transaction_mode="create_savepoint",
                              expire_on_commit=False)
            uow = UnitOfWork(session, metadata, producer, request_id)
            try:
                yield uow
                session.commit()   # releases the savepoint: the change is in the group
            except BaseException:
                _rollback(session)  # back to the savepoint: the group's other units stay
                raise
            finally:
                session.close()
            joined.units += 1
        joined.wait()              # the group's commit, one fsync for all of it
    except GroupBroken as exc:     # SQLite rolled the group back (disk full, I/O error): retry later
        log.warning("group transaction rolled back by SQLite", extra={"error": repr(exc)})
        raise DatabaseUnavailable() from exc
    except (DBAPIError, PoolTimeout) as exc:
        if is_transient(exc):
            log.warning("database unavailable, transaction rolled back", extra={"error": repr(exc)})
            raise DatabaseUnavailable() from exc
        raise
    if uow.emitted and on_commit:
        on_commit()


def _rollback(session) -> None:
    """Roll back after a failure; a connection that is gone cannot, and that changes nothing."""
    try:
        session.rollback()
    except Exception as exc:  # noqa: BLE001 - the first error is the one that matters
        log.warning("rollback failed", extra={"error": repr(exc)})
