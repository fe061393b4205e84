"""Tables of the review service: cases, their history, and the 登记号 counters."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from services.common.columns import UtcDateTime as Timestamp
from services.common.tables import declarative_base


Base = declarative_base()
metadata = Base.metadata


class CaseRow(Base):
    """One review case per submitted snapshot (see domain/case.py). Migration 0002 also gives
    `title` a trigram index (SQLite: the FTS5 table `cases_title_fts`; PostgreSQL: pg_trgm)."""
    __tablename__ = "cases"
    __table_args__ = (sa.Index("ix_cases_updated_at_id", "updated_at", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(index=True)
    snapshot_id: Mapped[int] = mapped_column(unique=True)
    owner_id: Mapped[int] = mapped_column(index=True)
    unit_id: Mapped[int | None] = mapped_column(index=True)
    category: Mapped[str] = mapped_column(sa.String(10))
    title: Mapped[str] = mapped_column(sa.String(300), index=True)
    path: Mapped[list] = mapped_column(sa.JSON)
    level: Mapped[str] = mapped_column(sa.String(20))
    status: Mapped[str] = mapped_column(sa.String(20), index=True)
    version: Mapped[int] = mapped_column()
    opened_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    updated_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    recommender_id: Mapped[int | None] = mapped_column(index=True)   # the 推荐单位 the form names
    registration_number: Mapped[str | None] = mapped_column(sa.String(12), unique=True)
    registered_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    publicity_ends_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    sections: Mapped[dict | None] = mapped_column(sa.JSON)   # the form's section titles by key
    form_recommender: Mapped[str | None] = mapped_column(sa.String(100))   # the form's 推荐单位 as written


class TransitionRow(Base):
    __tablename__ = "transitions"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True)
    action: Mapped[str] = mapped_column(sa.String(20))
    by_user_id: Mapped[int] = mapped_column()
    by_role: Mapped[str] = mapped_column(sa.String(20))
    at: Mapped[dt.datetime] = mapped_column(Timestamp)
    from_status: Mapped[str | None] = mapped_column(sa.String(20))
    from_level: Mapped[str | None] = mapped_column(sa.String(20))
    to_status: Mapped[str] = mapped_column(sa.String(20))
    to_level: Mapped[str] = mapped_column(sa.String(20))
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    details: Mapped[dict] = mapped_column(sa.JSON)
    by_name: Mapped[str | None] = mapped_column(sa.String(50))   # the person's name then (migration 0007)


class Counter(Base):
    """The last serial given per year and category; locked in the approval's transaction."""
    __tablename__ = "number_counters"
    year: Mapped[int] = mapped_column(primary_key=True)
    category: Mapped[str] = mapped_column(sa.String(10), primary_key=True)
    last_serial: Mapped[int] = mapped_column()


class ObjectionRow(Base):
    """An 异议 filed by anyone during a case's 公示 (domain/publicity.py). The objector's name and
    contact are for the office only: never in an event or a public page."""
    __tablename__ = "objections"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    contact: Mapped[str] = mapped_column(sa.String(100))
    reasons: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(sa.String(12), index=True)
    filed_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    resolved_by: Mapped[int | None] = mapped_column()
    resolution: Mapped[str | None] = mapped_column(sa.Text)
