"""Tables every service keeps in its own database: the outbox, the inbox and the command log.

They are added to each service's metadata, so each service's alembic history creates them.
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase

from . import commands
from .columns import UtcDateTime


def declarative_base() -> type[DeclarativeBase]:
    """A new declarative base for one service's tables, its metadata already holding the
    platform tables (outbox, processed_events, command_log)."""
    class Base(DeclarativeBase):
        pass
    add_platform_tables(Base.metadata)
    return Base


def add_platform_tables(metadata: sa.MetaData) -> None:
    sa.Table(
        "outbox", metadata,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(36), nullable=False, unique=True),
        sa.Column("event_type", sa.String(80), nullable=False),
        sa.Column("envelope", sa.JSON, nullable=False),
        sa.Column("request_id", sa.String(64)),
        sa.Column("created_at", UtcDateTime, nullable=False),
        sa.Column("published_at", UtcDateTime, index=True),
        sa.Column("attempts", sa.Integer, nullable=False, default=0),
        sa.Column("last_error", sa.Text),
    )
    sa.Table(
        "processed_events", metadata,
        sa.Column("consumer", sa.String(120), primary_key=True),
        sa.Column("event_id", sa.String(36), primary_key=True),
        sa.Column("processed_at", UtcDateTime, nullable=False),
    )
    commands.add_table(metadata)
