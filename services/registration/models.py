"""Tables of the registration service: drafts, their attachments and submitted snapshots.
Rows only: app/store.py turns them into the domain objects of domain/draft.py."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from services.common.columns import UtcDateTime as Timestamp
from services.common.tables import declarative_base


Base = declarative_base()
metadata = Base.metadata


class DraftRow(Base):
    """One achievement registration (科技成果登记表) of one registrant, on one form version."""
    __tablename__ = "drafts"
    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(index=True)
    unit_id: Mapped[int | None] = mapped_column(index=True)
    form_id: Mapped[str] = mapped_column(sa.String(40))
    category: Mapped[str] = mapped_column(sa.String(10))
    title: Mapped[str | None] = mapped_column(sa.String(300), index=True)
    project_number: Mapped[str | None] = mapped_column(sa.String(100))
    title_key: Mapped[str | None] = mapped_column(sa.String(300))   # domain/duplicates.title_key
    content: Mapped[dict] = mapped_column(sa.JSON)
    version: Mapped[int] = mapped_column()           # 版本号: +1 on every save
    status: Mapped[str] = mapped_column(sa.String(20), index=True)
    review_comments: Mapped[dict | None] = mapped_column(sa.JSON)
    registration_number: Mapped[str | None] = mapped_column(sa.String(12), unique=True)
    registered_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    updated_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    review_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)  # the last review event applied
    ever_submitted: Mapped[bool] = mapped_column(default=False)


class AttachmentRow(Base):
    """附件清单: metadata only; the bytes are in the file store under `storage_key`."""
    __tablename__ = "attachments"
    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(sa.ForeignKey("drafts.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(30))
    filename: Mapped[str] = mapped_column(sa.String(200))
    storage_key: Mapped[str] = mapped_column(sa.String(64))
    sha256: Mapped[str] = mapped_column(sa.String(64))
    size: Mapped[int] = mapped_column(sa.BigInteger)
    content_type: Mapped[str] = mapped_column(sa.String(100))
    uploaded_at: Mapped[dt.datetime] = mapped_column(Timestamp)


class SnapshotRow(Base):
    """What was submitted, frozen: reviewers read it and the certificate comes from it."""
    __tablename__ = "snapshots"
    __table_args__ = (sa.UniqueConstraint("draft_id", "request_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(sa.ForeignKey("drafts.id"), index=True)
    request_id: Mapped[str] = mapped_column(sa.String(64))  # the client's, for idempotent submit
    owner_id: Mapped[int] = mapped_column()
    unit_id: Mapped[int | None] = mapped_column(index=True)
    form_id: Mapped[str] = mapped_column(sa.String(40))
    category: Mapped[str] = mapped_column(sa.String(10))
    version: Mapped[int] = mapped_column()
    content: Mapped[dict] = mapped_column(sa.JSON)
    attachments: Mapped[list] = mapped_column(sa.JSON)
    submitted_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    # the 推荐单位 account the form's 推荐单位 names, from review's `opened` (it reads the snapshot)
    recommender_id: Mapped[int | None] = mapped_column()


class SubmittedIp(Base):
    """IP numbers of each draft's latest submission (under review or registered): the office's
    疑似重复登记 hints."""
    __tablename__ = "submitted_ip_numbers"
    draft_id: Mapped[int] = mapped_column(sa.ForeignKey("drafts.id"), primary_key=True)
    number: Mapped[str] = mapped_column(sa.String(100), primary_key=True, index=True)


class RegisteredIp(Base):
    """IP numbers of registered achievements, for the duplicate check."""
    __tablename__ = "registered_ip_numbers"
    draft_id: Mapped[int] = mapped_column(sa.ForeignKey("drafts.id"), primary_key=True)
    number: Mapped[str] = mapped_column(sa.String(100), primary_key=True, index=True)
