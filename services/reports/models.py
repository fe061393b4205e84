"""Tables of the reports service: every event it has counted, the submitted content it read
once per snapshot, one row per registration folded from the events (domain/progress.py), and
the office's export jobs."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from services.common.columns import UtcDateTime as Timestamp
from services.common.tables import declarative_base

Base = declarative_base()
metadata = Base.metadata


class EventRow(Base):
    """One event from another service, as received (its producer as `source`)."""
    __tablename__ = "events"
    event_id: Mapped[str] = mapped_column(sa.String(36), primary_key=True)
    source: Mapped[str] = mapped_column(sa.String(20))
    type: Mapped[str] = mapped_column(sa.String(40))
    draft_id: Mapped[int] = mapped_column(index=True)
    occurred_at: Mapped[str | None] = mapped_column(sa.String(40))
    data: Mapped[dict] = mapped_column(sa.JSON)
    received_at: Mapped[dt.datetime] = mapped_column(Timestamp)


class SnapshotRow(Base):
    """The content of a submitted snapshot, read once from the registration service."""
    __tablename__ = "snapshots"
    snapshot_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    draft_id: Mapped[int] = mapped_column(index=True)
    form_id: Mapped[str | None] = mapped_column(sa.String(40))
    content: Mapped[dict] = mapped_column(sa.JSON)
    fetched_at: Mapped[dt.datetime] = mapped_column(Timestamp)


class RegistrationRow(Base):
    """A registration as the office counts it: where it stands (folded from its events) and the
    facts of its current snapshot (domain/facts.py)."""
    __tablename__ = "registrations"
    draft_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    case_id: Mapped[int | None] = mapped_column()
    snapshot_id: Mapped[int | None] = mapped_column()
    category: Mapped[str | None] = mapped_column(sa.String(10))
    unit_id: Mapped[int | None] = mapped_column()
    owner_id: Mapped[int | None] = mapped_column()
    status: Mapped[str | None] = mapped_column(sa.String(12), index=True)
    level: Mapped[str | None] = mapped_column(sa.String(20))
    first_submitted_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    office_arrived_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    decided_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    decision_working_days: Mapped[int | None] = mapped_column()
    refusal_reason: Mapped[str | None] = mapped_column(sa.String(40))
    refusal_reason_label: Mapped[str | None] = mapped_column(sa.String(100))
    registration_number: Mapped[str | None] = mapped_column(sa.String(12), index=True)
    registered_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    certificate_sha256: Mapped[str | None] = mapped_column(sa.String(64))
    publicity_ends_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    # the year it counts in: registered on, else first submitted on (China Standard Time)
    registration_year: Mapped[int | None] = mapped_column()
    statistics_year: Mapped[int | None] = mapped_column()
    # facts of the current snapshot
    title: Mapped[str | None] = mapped_column(sa.String(300))
    keywords: Mapped[list | None] = mapped_column(sa.JSON)
    region: Mapped[str | None] = mapped_column(sa.String(12))
    discipline: Mapped[str | None] = mapped_column(sa.String(12))
    industry: Mapped[str | None] = mapped_column(sa.String(12))
    hightech_field: Mapped[str | None] = mapped_column(sa.String(12))
    achievement_level: Mapped[str | None] = mapped_column(sa.String(20))
    achievement_stage: Mapped[str | None] = mapped_column(sa.String(20))
    evaluation_method: Mapped[str | None] = mapped_column(sa.String(20))
    project_number: Mapped[str | None] = mapped_column(sa.String(100))
    first_unit: Mapped[str | None] = mapped_column(sa.String(200))
    units: Mapped[list | None] = mapped_column(sa.JSON)
    completers: Mapped[list | None] = mapped_column(sa.JSON)
    summary: Mapped[str | None] = mapped_column(sa.Text)
    demand: Mapped[dict | None] = mapped_column(sa.JSON)
    publish_consent: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[dt.datetime] = mapped_column(Timestamp)


class FactRow(Base):
    """What finding and counting read, narrow: a submitted registration's dimensions and its
    place in the public register (its words: WordsRow). `registrations` holds what is shown; a count
    over 100,000 rows reads ~10 MB here instead of ~200 MB there (docs/performance.md). Written
    with the registration's row, in the same transaction; absent while it has no status."""
    __tablename__ = "registration_facts"
    draft_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    status: Mapped[str] = mapped_column(sa.String(12))
    level: Mapped[str | None] = mapped_column(sa.String(20))
    category: Mapped[str | None] = mapped_column(sa.String(10))
    region: Mapped[str | None] = mapped_column(sa.String(12))
    discipline: Mapped[str | None] = mapped_column(sa.String(12))
    industry: Mapped[str | None] = mapped_column(sa.String(12))
    hightech_field: Mapped[str | None] = mapped_column(sa.String(12))
    achievement_level: Mapped[str | None] = mapped_column(sa.String(20))
    achievement_stage: Mapped[str | None] = mapped_column(sa.String(20))
    evaluation_method: Mapped[str | None] = mapped_column(sa.String(20))
    first_unit: Mapped[str | None] = mapped_column(sa.String(200))
    refusal_reason_label: Mapped[str | None] = mapped_column(sa.String(100))
    # no index on the years: SQLite would group along it and look every row up (twice as slow
    # as reading the table through, docs/performance.md)
    registration_year: Mapped[int | None] = mapped_column()
    statistics_year: Mapped[int | None] = mapped_column()
    submitted_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    decision_working_days: Mapped[int | None] = mapped_column()
    publicity_ends_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    # in the public register: registered, consented, numbered (domain/registration_row.py)
    public: Mapped[bool] = mapped_column(default=False)
    registered_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    registration_number: Mapped[str | None] = mapped_column(sa.String(12))
    __table_args__ = (
        sa.Index("ix_registration_facts_public_order", "public", "registered_on",
                 "registration_number"),
        sa.Index("ix_registration_facts_office_order", "submitted_at", "draft_id"),
    )


class WordsRow(Base):
    """The words a registration is found by (登记号, title, keywords, units, completers, project
    number; domain/registration_row.search_text), beside its facts. Indexed by trigrams
    (migration 0002: SQLite's FTS5 table `registration_words_fts`, PostgreSQL's pg_trgm). On
    SQLite also one character to a token (`search_chars`, migration 0003: FTS5 table
    `registration_chars_fts`) for words shorter than a trigram; NULL on PostgreSQL."""
    __tablename__ = "registration_words"
    draft_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    search_text: Mapped[str | None] = mapped_column(sa.Text)
    search_chars: Mapped[str | None] = mapped_column(sa.Text)


class VersionRow(Base):
    """One row: moves on with every change to a registration (in that change's transaction),
    so an answer read at one version is known to be current while the version stands
    (app/answers.py)."""
    __tablename__ = "read_model_version"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(sa.BigInteger)


class ExportRow(Base):
    """An .xlsx export the office asked for: written by a worker, downloaded when done."""
    __tablename__ = "exports"
    id: Mapped[int] = mapped_column(primary_key=True)
    requested_by: Mapped[int] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(sa.String(20))          # registrations / statistics
    params: Mapped[dict] = mapped_column(sa.JSON)
    status: Mapped[str] = mapped_column(sa.String(10), index=True)   # queued / running / done / failed
    total: Mapped[int | None] = mapped_column()
    written: Mapped[int] = mapped_column(default=0)
    file_key: Mapped[str | None] = mapped_column(sa.String(64))
    size: Mapped[int | None] = mapped_column(sa.BigInteger)
    error: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    started_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    finished_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)
