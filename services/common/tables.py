"""Tables every service keeps in its own database: the outbox and the inbox.

They are added to each service's metadata, so each service's alembic history creates them.
"""
from __future__ import annotations

import sqlalchemy as sa


def add_platform_tables(metadata: sa.MetaData) -> None:
    sa.Table(
        "outbox", metadata,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(36), nullable=False, unique=True),
        sa.Column("event_type", sa.String(80), nullable=False),
        sa.Column("envelope", sa.JSON, nullable=False),
        sa.Column("request_id", sa.String(64)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), index=True),
        sa.Column("attempts", sa.Integer, nullable=False, default=0),
        sa.Column("last_error", sa.Text),
    )
    sa.Table(
        "processed_events", metadata,
        sa.Column("consumer", sa.String(120), primary_key=True),
        sa.Column("event_id", sa.String(36), primary_key=True),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False),
    )
