"""Tables of the certificates service: issued certificates and revocations."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from services.common.columns import UtcDateTime as Timestamp
from services.common.tables import declarative_base


Base = declarative_base()
metadata = Base.metadata


class CertificateRow(Base):
    """One 科技成果登记证书 per 登记号 (domain/certificate.py), with its issuing attempts."""
    __tablename__ = "certificates"
    id: Mapped[int] = mapped_column(primary_key=True)
    registration_number: Mapped[str] = mapped_column(sa.String(12), unique=True)
    status: Mapped[str] = mapped_column(sa.String(10), index=True)
    approved_event_id: Mapped[str] = mapped_column(sa.String(36))
    snapshot_id: Mapped[int] = mapped_column()
    draft_id: Mapped[int | None] = mapped_column(index=True)
    owner_id: Mapped[int | None] = mapped_column(index=True)
    unit_id: Mapped[int | None] = mapped_column()
    registered_on: Mapped[dt.date] = mapped_column(sa.Date)
    # public fields, shown by the verification
    title: Mapped[str | None] = mapped_column(sa.String(300))
    category: Mapped[str | None] = mapped_column(sa.String(10))
    units: Mapped[list | None] = mapped_column(sa.JSON)
    check_code: Mapped[str | None] = mapped_column(sa.String(6))
    # the signed PDF and its preview in the file store
    pdf_key: Mapped[str | None] = mapped_column(sa.String(64))
    pdf_sha256: Mapped[str | None] = mapped_column(sa.String(64))
    pdf_size: Mapped[int | None] = mapped_column(sa.BigInteger)
    png_key: Mapped[str | None] = mapped_column(sa.String(64))
    png_size: Mapped[int | None] = mapped_column(sa.BigInteger)
    issued_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    # once revoked: the PDF marked 已注销 on every page and its preview (rendering/revoked.py)
    revoked_pdf_key: Mapped[str | None] = mapped_column(sa.String(64))
    revoked_pdf_size: Mapped[int | None] = mapped_column(sa.BigInteger)
    revoked_png_key: Mapped[str | None] = mapped_column(sa.String(64))
    revoked_png_size: Mapped[int | None] = mapped_column(sa.BigInteger)
    printed_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)  # its PDF first downloaded
    # issuing attempts
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(Timestamp, index=True)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp)


class RevocationRow(Base):
    """注销: the registration behind a number was revoked. Kept apart from the certificate
    because the revoked event may arrive before the approval has been handled."""
    __tablename__ = "revocations"
    registration_number: Mapped[str] = mapped_column(sa.String(12), primary_key=True)
    revoked_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    reason: Mapped[str | None] = mapped_column(sa.Text)
