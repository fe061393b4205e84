"""INSERT … ON CONFLICT for the two databases the services run on."""
from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite


def insert_for(session, table):
    """An `insert(table)` of the session's dialect, with `.on_conflict_do_nothing()` /
    `.on_conflict_do_update()` (PostgreSQL and SQLite ≥ 3.24 both have them)."""
    dialect = session.bind.dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)
