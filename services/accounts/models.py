"""Tables of the accounts service (its own database; nobody else reads them)."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from services.common.columns import UtcDateTime as Timestamp
from services.common.tables import declarative_base


Base = declarative_base()
metadata = Base.metadata


class UnitRow(Base):
    """A unit (依托单位) registered by its admin and approved by the office."""
    __tablename__ = "units"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    credit_code: Mapped[str] = mapped_column(sa.String(18), unique=True)
    nature: Mapped[str] = mapped_column(sa.String(20))
    address: Mapped[str] = mapped_column(sa.String(200))
    postcode: Mapped[str | None] = mapped_column(sa.String(6))
    admin_name: Mapped[str] = mapped_column(sa.String(50))
    admin_email: Mapped[str] = mapped_column(sa.String(254))
    admin_mobile: Mapped[str] = mapped_column(sa.String(11))
    status: Mapped[str] = mapped_column(sa.String(10), index=True)  # pending/approved/rejected
    reason: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    decided_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    decided_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    # 停用 by the office: nobody acts for the unit (its grants are not in force); NULL: in use
    disabled_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    disabled_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    disabled_reason: Mapped[str | None] = mapped_column(sa.Text)


class UnitChange(Base):
    """A new 单位名称 or 统一社会信用代码 asked for by the unit's admin, for the office to decide."""
    __tablename__ = "unit_changes"
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("units.id"), index=True)
    old_name: Mapped[str] = mapped_column(sa.String(100))
    old_credit_code: Mapped[str] = mapped_column(sa.String(18))
    name: Mapped[str] = mapped_column(sa.String(100))
    credit_code: Mapped[str] = mapped_column(sa.String(18))
    requested_by: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    requested_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    status: Mapped[str] = mapped_column(sa.String(10), index=True)  # pending/approved/refused/withdrawn
    decided_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    decided_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    reason: Mapped[str | None] = mapped_column(sa.Text)


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)  # the login
    name: Mapped[str] = mapped_column(sa.String(50))
    mobile: Mapped[str | None] = mapped_column(sa.String(11))
    status: Mapped[str] = mapped_column(sa.String(10))  # pending (not activated) / active
    password_hash: Mapped[str | None] = mapped_column(sa.String(200))
    id_type: Mapped[str | None] = mapped_column(sa.String(20))   # 身份证, or documents.py's
    id_number: Mapped[str | None] = mapped_column(sa.String(20), unique=True)
    id_valid_from: Mapped[dt.date | None] = mapped_column(sa.Date)
    id_valid_to: Mapped[dt.date | None] = mapped_column(sa.Date)  # None: 长期
    email_verified_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    mobile_verified_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    activated_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    disabled_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)  # 停用 by the office
    # 个人信息维护
    gender: Mapped[str | None] = mapped_column(sa.String(2))
    birth_date: Mapped[dt.date | None] = mapped_column(sa.Date)
    nation: Mapped[str | None] = mapped_column(sa.String(10))
    education: Mapped[str | None] = mapped_column(sa.String(10))
    title: Mapped[str | None] = mapped_column(sa.String(50))
    work_unit: Mapped[str | None] = mapped_column(sa.String(100))
    address: Mapped[str | None] = mapped_column(sa.String(200))
    postcode: Mapped[str | None] = mapped_column(sa.String(6))
    phone: Mapped[str | None] = mapped_column(sa.String(30))


class RoleGrant(Base):
    __tablename__ = "role_grants"
    __table_args__ = (sa.UniqueConstraint("user_id", "role", "unit_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    role: Mapped[str] = mapped_column(sa.String(20))
    unit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("units.id"))
    granted_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    granted_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    # 停用: the unit admin took the role away (the person keeps the account); NULL: in force
    disabled_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    disabled_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))


class LinkToken(Base):
    """Activation and password-reset links: stored hashed, single use, expiring."""
    __tablename__ = "link_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    purpose: Mapped[str] = mapped_column(sa.String(10))  # activation / reset
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    expires_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    used_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)


class Captcha(Base):
    __tablename__ = "captchas"
    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True)
    answer_hash: Mapped[str] = mapped_column(sa.String(64))
    expires_at: Mapped[dt.datetime] = mapped_column(Timestamp, index=True)


class LoginSession(Base):
    __tablename__ = "sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    csrf_hash: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    expires_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)


class VerificationCode(Base):
    """A code sent to an email address or a mobile phone to prove it is the user's."""
    __tablename__ = "verification_codes"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    channel: Mapped[str] = mapped_column(sa.String(10))  # email / mobile
    target: Mapped[str] = mapped_column(sa.String(254))
    code_hash: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    expires_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    attempts: Mapped[int] = mapped_column(default=0)
    used_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)


class PublicText(Base):
    """通知公告 and 常见问题 the office writes; the public pages show the published ones."""
    __tablename__ = "public_texts"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(10), index=True)      # notice / faq
    title: Mapped[str] = mapped_column(sa.String(100))
    body: Mapped[str] = mapped_column(sa.Text)
    pinned: Mapped[bool] = mapped_column(default=False)                # 置顶
    published_at: Mapped[dt.datetime | None] = mapped_column(Timestamp, index=True)  # None: a draft
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    updated_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))


class Agreement(Base):
    """The 注册协议条例, each version kept as it was published."""
    __tablename__ = "agreements"
    version: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(100))
    body: Mapped[str] = mapped_column(sa.Text)
    published_at: Mapped[dt.datetime] = mapped_column(Timestamp)


class Consent(Base):
    __tablename__ = "consents"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    agreement_version: Mapped[str] = mapped_column(sa.ForeignKey("agreements.version"))
    agreed_at: Mapped[dt.datetime] = mapped_column(Timestamp)


class OutgoingMessage(Base):
    """Mail and SMS waiting to go out (or gone). Written with the change that causes it."""
    __tablename__ = "outgoing_messages"
    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(sa.String(10))  # email / sms
    recipient: Mapped[str] = mapped_column(sa.String(254), index=True)
    subject: Mapped[str] = mapped_column(sa.String(200))
    body: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(sa.String(10), index=True)  # pending / sent / failed
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(Timestamp, index=True)
    claimed_until: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    sent_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    # 0: a person is waiting for it (activation, reset, codes); 1: a notice (review news)
    priority: Mapped[int] = mapped_column(default=0, server_default="0")


class RateLimitCounter(Base):
    """One fixed window per (bucket, key): requests counted since `window_started_ms` (epoch
    milliseconds). Shared by every gateway and accounts instance (services/accounts/app/limits.py).
    The key (a client address, an email, a user id) is stored as its SHA-256 only."""
    __tablename__ = "rate_limits"
    __table_args__ = (sa.Index("ix_rate_limits_bucket_window", "bucket", "window_started_ms"),)
    bucket: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    key_hash: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    window_started_ms: Mapped[int] = mapped_column(sa.BigInteger)
    hits: Mapped[int] = mapped_column(sa.Integer)
