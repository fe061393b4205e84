"""Column types shared by every service's tables."""
from __future__ import annotations

import sqlalchemy as sa

from .clock import as_utc


class UtcDateTime(sa.types.TypeDecorator):
    """A timestamp that always comes back timezone-aware in UTC.

    PostgreSQL returns aware datetimes; SQLite returns naive ones. The DDL is the plain
    `DateTime(timezone=True)` it replaces, so no migration changes."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else as_utc(value)

    def process_result_value(self, value, dialect):
        return None if value is None else as_utc(value)


Timestamp = UtcDateTime
