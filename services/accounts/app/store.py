"""The accounts repository: rows ↔ domain objects (Unit, Account, Link, Code) and every
query the use cases need. The only module of app/ that knows the tables (models.py)."""
from __future__ import annotations

import datetime as dt
from dataclasses import fields

import sqlalchemy as sa

from services.common.errors import NotFound
from services.common.identity import OFFICE, RECOMMENDER, UNIT_ADMIN, Grant
from services.common.paging import offset
from services.common.upsert import insert_for

from ..domain import tokens
from ..domain.account import ACTIVE, PENDING, Account
from ..domain.codes import Code
from ..domain.links import Link
from ..domain.unit import APPROVED as UNIT_APPROVED
from ..domain.unit import PENDING as UNIT_PENDING
from ..domain.unit import CHANGE_PENDING, ChangeRequest, Unit
from ..models import (Agreement, Captcha, Consent, LinkToken, LoginSession, OutgoingMessage, PublicText,
                      RateLimitCounter, RoleGrant, UnitChange, UnitRow, User, VerificationCode, metadata)

__all__ = ["metadata"]  # the tables the service's Database migrates and writes the outbox to

_UNIT_FIELDS = tuple(f.name for f in fields(Unit) if f.name != "unit_id")
_ACCOUNT_FIELDS = tuple(f.name for f in fields(Account) if f.name != "user_id")
_CHANGE_FIELDS = tuple(f.name for f in fields(ChangeRequest) if f.name != "change_id")


# -- units ---------------------------------------------------------------------------------
def _to_unit(row: UnitRow) -> Unit:
    return Unit(unit_id=row.id, **{name: getattr(row, name) for name in _UNIT_FIELDS})


def load_unit(session, unit_id) -> Unit:
    row = session.get(UnitRow, unit_id) if isinstance(unit_id, int) else None
    if row is None:
        raise NotFound("unit_not_found", "单位不存在")
    return _to_unit(row)


def unit_by_credit_code(session, credit_code: str) -> Unit | None:
    row = session.scalar(sa.select(UnitRow).where(UnitRow.credit_code == credit_code))
    return None if row is None else _to_unit(row)


def _stored(session, model, row_id: int | None, values: dict):
    """Insert a row (no id yet) or write `values` over the stored one; the row, flushed."""
    if row_id is None:
        row = model(**values)
        session.add(row)
    else:
        row = session.get(model, row_id)
        for name, value in values.items():
            setattr(row, name, value)
    session.flush()
    return row


def save_unit(session, unit: Unit) -> Unit:
    """Insert a new unit (no id yet) or store the decided one; returns it with its id."""
    return _to_unit(_stored(session, UnitRow, unit.unit_id,
                            {name: getattr(unit, name) for name in _UNIT_FIELDS}))


def units_page(session, status: str | None, page: int, page_size: int,
               q: str = "") -> tuple[list[Unit], int]:
    query = sa.select(UnitRow)
    if status:
        query = query.where(UnitRow.status == status)
    if q:
        query = query.where(sa.or_(UnitRow.name.contains(q, autoescape=True),
                                   UnitRow.credit_code.contains(q.upper(), autoescape=True)))
    total = session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    rows = session.scalars(query.order_by(UnitRow.id.desc())
                           .offset(offset(page, page_size)).limit(page_size))
    return [_to_unit(r) for r in rows], total


def _to_change(row: UnitChange) -> ChangeRequest:
    return ChangeRequest(change_id=row.id, **{name: getattr(row, name) for name in _CHANGE_FIELDS})


def save_change(session, change: ChangeRequest) -> ChangeRequest:
    return _to_change(_stored(session, UnitChange, change.change_id,
                              {name: getattr(change, name) for name in _CHANGE_FIELDS}))


def load_change(session, change_id) -> ChangeRequest:
    row = session.get(UnitChange, change_id) if isinstance(change_id, int) else None
    if row is None:
        raise NotFound("change_not_found", "变更申请不存在")
    return _to_change(row)


def pending_change_of(session, unit_id: int) -> ChangeRequest | None:
    row = session.scalar(sa.select(UnitChange).where(UnitChange.unit_id == unit_id,
                                                     UnitChange.status == CHANGE_PENDING))
    return None if row is None else _to_change(row)


def changes_of(session, unit_id: int, limit: int = 20) -> list[ChangeRequest]:
    rows = session.scalars(sa.select(UnitChange).where(UnitChange.unit_id == unit_id)
                           .order_by(UnitChange.id.desc()).limit(limit))
    return [_to_change(r) for r in rows]


def changes_page(session, status: str | None, page: int, page_size: int) -> tuple[list, int]:
    """(change, the unit's current row) pairs, newest first."""
    query = sa.select(UnitChange, UnitRow).join(UnitRow, UnitRow.id == UnitChange.unit_id)
    if status:
        query = query.where(UnitChange.status == status)
    total = session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    rows = session.execute(query.order_by(UnitChange.id.desc())
                           .offset(offset(page, page_size)).limit(page_size)).all()
    return [(_to_change(c), _to_unit(u)) for c, u in rows], total


def pending_changes():
    """(change id, unit id, requested name, requested at) of the changes waiting for the office."""
    return (sa.select(UnitChange.id, UnitChange.unit_id, UnitChange.name, UnitChange.requested_at)
            .where(UnitChange.status == CHANGE_PENDING).order_by(UnitChange.id.desc()))


def people_at_unit(session, unit_id: int) -> list[int]:
    """Everyone holding a role at the unit (in force or not): whose cached roles change with it."""
    return sorted(set(session.scalars(sa.select(RoleGrant.user_id).where(RoleGrant.unit_id == unit_id))))


def unit_admin_grants(session, unit_id: int) -> list[RoleGrant]:
    return list(session.scalars(sa.select(RoleGrant).where(
        RoleGrant.unit_id == unit_id, RoleGrant.role == UNIT_ADMIN).order_by(RoleGrant.id)))


def grant_row(session, user_id: int, role: str, unit_id: int | None) -> RoleGrant | None:
    return session.scalar(sa.select(RoleGrant).where(
        RoleGrant.user_id == user_id, RoleGrant.role == role,
        RoleGrant.unit_id.is_(None) if unit_id is None else RoleGrant.unit_id == unit_id))


# -- accounts ------------------------------------------------------------------------------
def _to_account(row: User) -> Account:
    return Account(user_id=row.id, **{name: getattr(row, name) for name in _ACCOUNT_FIELDS})


def load_account(session, user_id: int) -> Account:
    return _to_account(session.get(User, user_id))


def account_by_email(session, email: str) -> Account | None:
    row = session.scalar(sa.select(User).where(User.email == email.lower()))
    return None if row is None else _to_account(row)


def add_account(session, name: str, email: str, now: dt.datetime, mobile: str | None = None,
                work_unit: str | None = None) -> Account:
    row = User(name=name, email=email.lower(), mobile=mobile, work_unit=work_unit,
               status=PENDING, failed_logins=0, created_at=now)
    session.add(row)
    session.flush()
    return _to_account(row)


def save_account(session, account: Account) -> None:
    row = session.get(User, account.user_id)
    for name in _ACCOUNT_FIELDS:
        setattr(row, name, getattr(account, name))


def id_number_taken(session, id_number: str, by_other_than: int) -> bool:
    return session.scalar(sa.select(User.id).where(User.id_number == id_number,
                                                   User.id != by_other_than)) is not None


def active_accounts(session, user_ids) -> list[Account]:
    rows = session.scalars(sa.select(User).where(User.id.in_(list(user_ids)), User.status == ACTIVE))
    return [_to_account(r) for r in rows]


def person(session, user_id: int) -> User:
    """The whole row of a user, personal details included (个人信息维护)."""
    return session.get(User, user_id)


def save_person(session, user_id: int, values: dict) -> User:
    row = session.get(User, user_id)
    for name, value in values.items():
        setattr(row, name, value)
    return row


# -- roles ---------------------------------------------------------------------------------
def _unit_in_use(unit_id_column):
    """A grant's unit, if it has one, is not 停用 by the office."""
    disabled = sa.select(UnitRow.id).where(UnitRow.disabled_at.is_not(None))
    return sa.or_(unit_id_column.is_(None), unit_id_column.not_in(disabled))


def grants_of(session, user_id: int) -> tuple[Grant, ...]:
    """The roles the user holds now: not those a unit admin disabled, nor any at a unit the
    office disabled."""
    rows = session.scalars(sa.select(RoleGrant).where(RoleGrant.user_id == user_id,
                                                      RoleGrant.disabled_at.is_(None),
                                                      _unit_in_use(RoleGrant.unit_id))
                           .order_by(RoleGrant.id))
    return tuple(Grant(r.role, r.unit_id) for r in rows)


def add_grant(session, user_id: int, role: str, unit_id: int | None, granted_by: int | None,
              now: dt.datetime) -> bool:
    """Give the role (at the unit); False if the user had it already."""
    exists = session.scalar(sa.select(RoleGrant.id).where(
        RoleGrant.user_id == user_id, RoleGrant.role == role,
        RoleGrant.unit_id.is_(None) if unit_id is None else RoleGrant.unit_id == unit_id))
    if exists:
        return False
    session.add(RoleGrant(user_id=user_id, role=role, unit_id=unit_id, granted_at=now,
                          granted_by=granted_by))
    session.flush()
    return True


def pending_units():
    """(unit id, name, registered at) of the units waiting for the office's approval."""
    return (sa.select(UnitRow.id, UnitRow.name, UnitRow.created_at)
            .where(UnitRow.status == UNIT_PENDING).order_by(UnitRow.id.desc()))


def registrants_not_activated(unit_ids):
    """(user id, name, granted at, unit id) of the units' registrants not activated yet."""
    return (sa.select(User.id, User.name, RoleGrant.granted_at, RoleGrant.unit_id)
            .join(RoleGrant, RoleGrant.user_id == User.id)
            .where(RoleGrant.role == "registrant", RoleGrant.unit_id.in_(unit_ids),
                   User.status == PENDING)
            .order_by(RoleGrant.granted_at.desc(), RoleGrant.id.desc()))


def count_of(session, query) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(query.order_by(None).subquery()))


def page_of(session, query, page: int, page_size: int) -> list:
    return session.execute(query.offset(offset(page, page_size)).limit(page_size)).all()


def accounts_page(session, q: str, role: str | None, state: str | None, now: dt.datetime,
                  page: int, page_size: int) -> tuple[list[User], int]:
    """账号管理: accounts by name or email (any part), role and state, newest first."""
    query = sa.select(User)
    if q:
        like = f"%{q.lower()}%"
        query = query.where(sa.or_(sa.func.lower(User.email).like(like), User.name.contains(q, autoescape=True)))
    if role:
        query = query.where(User.id.in_(sa.select(RoleGrant.user_id).where(RoleGrant.role == role)))
    if state == "disabled":
        query = query.where(User.disabled_at.is_not(None))
    elif state == "locked":
        query = query.where(User.disabled_at.is_(None), User.locked_until > now)
    elif state in ("pending", "active"):
        query = query.where(User.disabled_at.is_(None), User.status == state)
    total = session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    rows = session.scalars(query.order_by(User.id.desc()).offset(offset(page, page_size)).limit(page_size))
    return list(rows), total


def approved_unit_ids(session, unit_ids) -> set[int]:
    """Of these units, those approved by the office."""
    if not unit_ids:
        return set()
    return set(session.scalars(sa.select(UnitRow.id).where(UnitRow.id.in_(list(unit_ids)),
                                                          UnitRow.status == UNIT_APPROVED)))


def grants_of_many(session, user_ids: list[int]) -> dict[int, list[RoleGrant]]:
    """Every grant (in force or 停用) of these users, by user."""
    found: dict[int, list[RoleGrant]] = {}
    if user_ids:
        for row in session.scalars(sa.select(RoleGrant).where(RoleGrant.user_id.in_(user_ids))
                                   .order_by(RoleGrant.id)):
            found.setdefault(row.user_id, []).append(row)
    return found


def registrant_grant(session, unit_id: int, user_id) -> RoleGrant:
    """The registrant role of this person at this unit; not found unless they have it."""
    row = session.scalar(sa.select(RoleGrant).where(
        RoleGrant.unit_id == unit_id, RoleGrant.role == "registrant",
        RoleGrant.user_id == user_id)) if isinstance(user_id, int) else None
    if row is None:
        raise NotFound("registrant_not_found", "该人员不是本单位的成果登记人")
    return row


def set_grant_disabled(session, grant: RoleGrant, by: int | None, now: dt.datetime | None) -> None:
    """Disable the grant (now, by whom), or enable it again (now None)."""
    grant.disabled_at, grant.disabled_by = now, by if now is not None else None
    session.flush()


def _registrants(unit_id, q: str = ""):
    query = (sa.select(User, RoleGrant).join(RoleGrant, RoleGrant.user_id == User.id)
             .where(RoleGrant.unit_id == unit_id, RoleGrant.role == "registrant"))
    if q:
        query = query.where(sa.or_(User.email.contains(q.lower(), autoescape=True),
                                   User.name.contains(q, autoescape=True)))
    return query


def registrants_of(session, unit_id) -> list[tuple[User, RoleGrant]]:
    return session.execute(_registrants(unit_id).order_by(RoleGrant.id)).all()


def registrants_page(session, unit_id, q: str, page: int, page_size: int) -> tuple[list, int]:
    """分配成果登记人: the unit's registrants by any part of the name or email, in the order assigned."""
    query = _registrants(unit_id, q)
    total = session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    return page_of(session, query.order_by(RoleGrant.id), page, page_size), total


def recommenders_in_force(session) -> list[tuple[int, str]]:
    """(id, name) of every 推荐单位 account in force: the role held system-wide and not 停用,
    the account not 停用 (domain/recommenders.py)."""
    rows = session.execute(sa.select(User.id, User.name).join(RoleGrant, RoleGrant.user_id == User.id)
                           .where(RoleGrant.role == RECOMMENDER, RoleGrant.unit_id.is_(None),
                                  RoleGrant.disabled_at.is_(None), User.disabled_at.is_(None)))
    return [(user_id, name) for user_id, name in rows]


def names_in_force(session, user_ids: list[int]) -> list[str]:
    """The names of these accounts that are not 停用, in id order."""
    return list(session.scalars(sa.select(User.name).where(User.id.in_(list(user_ids)),
                                                           User.disabled_at.is_(None)).order_by(User.id)))


def reviewer_ids(session, level: str, unit_id: int | None) -> list[int]:
    """Who reviews at a level: the unit's admins, the 推荐单位 that recommend for the unit, or
    the office's staff (grants in force only)."""
    if level == "unit":
        query = sa.select(RoleGrant.user_id).where(RoleGrant.role == UNIT_ADMIN,
                                                   RoleGrant.unit_id == unit_id)
    elif level == "recommender":
        query = sa.select(RoleGrant.user_id).where(RoleGrant.role == RECOMMENDER,
                                                   RoleGrant.unit_id == unit_id)
    elif level == "office":
        query = sa.select(RoleGrant.user_id).where(RoleGrant.role == OFFICE)
    else:
        return []
    return sorted(set(session.scalars(query.where(RoleGrant.disabled_at.is_(None),
                                                  _unit_in_use(RoleGrant.unit_id)))))


# -- links (activation, reset) -------------------------------------------------------------
def link_by_token(session, plain, purpose: str) -> Link | None:
    row = session.scalar(sa.select(LinkToken).where(
        LinkToken.token_hash == tokens.digest(plain if isinstance(plain, str) else ""),
        LinkToken.purpose == purpose))
    return None if row is None else Link(row.id, row.user_id, row.purpose, row.expires_at, row.used_at)


def save_link(session, link: Link) -> None:
    session.get(LinkToken, link.link_id).used_at = link.used_at


def replace_links(session, user_id: int, purpose: str, token_hash: str, now: dt.datetime,
                  expires_at: dt.datetime) -> None:
    """A new link of the purpose; the user's earlier unused ones end."""
    session.execute(sa.update(LinkToken).where(
        LinkToken.user_id == user_id, LinkToken.purpose == purpose,
        LinkToken.used_at.is_(None)).values(used_at=now))
    session.add(LinkToken(user_id=user_id, purpose=purpose, token_hash=token_hash,
                          created_at=now, expires_at=expires_at))


# -- login sessions ------------------------------------------------------------------------
def add_login_session(session, user_id: int, token_hash: str, csrf_hash: str, now: dt.datetime,
                      expires_at: dt.datetime) -> None:
    session.add(LoginSession(user_id=user_id, token_hash=token_hash, csrf_hash=csrf_hash,
                             created_at=now, expires_at=expires_at))


def login_session_with_account(session, token_hash: str) -> tuple[LoginSession, Account] | None:
    """One query: who authenticates with a token (the gateway asks on every request)."""
    found = session.execute(sa.select(LoginSession, User).join(User, User.id == LoginSession.user_id)
                            .where(LoginSession.token_hash == token_hash)).first()
    return None if found is None else (found[0], _to_account(found[1]))


def login_session(session, token_hash: str) -> LoginSession | None:
    return session.scalar(sa.select(LoginSession).where(LoginSession.token_hash == token_hash))


def end_login_session(row: LoginSession, now: dt.datetime) -> None:
    row.revoked_at = now


def end_login_sessions(session, user_id: int, now: dt.datetime,
                       keep_hash: str | None = None) -> list[str]:
    """End every live session of the user (but `keep_hash`'s); returns the hashes of those that
    had not expired yet (the others cannot be in any gateway's cache)."""
    live = sa.and_(LoginSession.user_id == user_id, LoginSession.revoked_at.is_(None))
    if keep_hash:
        live = sa.and_(live, LoginSession.token_hash != keep_hash)
    hashes = [h for h, expires_at in session.execute(
        sa.select(LoginSession.token_hash, LoginSession.expires_at).where(live))
        if not tokens.expired(expires_at, now)]
    session.execute(sa.update(LoginSession).where(live).values(revoked_at=now))
    return hashes


# -- captchas ------------------------------------------------------------------------------
def add_captcha(session, captcha_id: str, answer_hash: str, now: dt.datetime,
                expires_at: dt.datetime) -> None:
    """A new captcha; expired ones are swept on the way."""
    session.execute(sa.delete(Captcha).where(Captcha.expires_at < now))
    session.add(Captcha(id=captcha_id, answer_hash=answer_hash, expires_at=expires_at))


def take_captcha(session, captcha_id: str) -> Captcha | None:
    """The captcha, deleted: any answer uses it up."""
    row = session.get(Captcha, captcha_id)
    if row is not None:
        session.delete(row)
    return row


# -- verification codes --------------------------------------------------------------------
def last_code_sent_at(session, user_id: int, channel: str) -> dt.datetime | None:
    return session.scalar(sa.select(sa.func.max(VerificationCode.created_at)).where(
        VerificationCode.user_id == user_id, VerificationCode.channel == channel))


def add_code(session, user_id: int, channel: str, target: str, code_hash: str,
             now: dt.datetime, expires_at: dt.datetime) -> None:
    session.add(VerificationCode(user_id=user_id, channel=channel, target=target,
                                 code_hash=code_hash, created_at=now, expires_at=expires_at,
                                 attempts=0))


def latest_code(session, user_id: int, channel: str) -> Code | None:
    row = session.scalar(sa.select(VerificationCode).where(
        VerificationCode.user_id == user_id, VerificationCode.channel == channel,
        VerificationCode.used_at.is_(None)).order_by(VerificationCode.id.desc()).limit(1))
    return None if row is None else Code(row.id, row.target, row.code_hash, row.expires_at,
                                         row.attempts, row.used_at)


def save_code(session, code: Code) -> None:
    row = session.get(VerificationCode, code.code_id)
    row.attempts, row.used_at = code.attempts, code.used_at


# -- agreements ----------------------------------------------------------------------------
def current_agreement(session) -> Agreement:
    return session.scalar(sa.select(Agreement).order_by(Agreement.published_at.desc()).limit(1))


# -- 通知公告 and 常见问题 --------------------------------------------------------------------
def public_texts_page(session, kind: str | None, published_only: bool, page: int, page_size: int):
    """Published ones pinned first, newest first; for the office, every one, newest first."""
    query = sa.select(PublicText)
    if kind:
        query = query.where(PublicText.kind == kind)
    if published_only:
        query = query.where(PublicText.published_at.is_not(None)).order_by(
            PublicText.pinned.desc(), PublicText.published_at.desc(), PublicText.id.desc())
    else:
        query = query.order_by(PublicText.id.desc())
    total = session.scalar(sa.select(sa.func.count()).select_from(query.order_by(None).subquery()))
    return list(session.scalars(query.offset(offset(page, page_size)).limit(page_size))), total


def public_text(session, text_id) -> PublicText | None:
    return session.get(PublicText, text_id) if isinstance(text_id, int) and not isinstance(text_id, bool) else None


def add_public_text(session, row: PublicText) -> None:
    session.add(row)
    session.flush()


def delete_public_text(session, row: PublicText) -> None:
    session.delete(row)
    session.flush()


def add_consent(session, user_id: int, agreement_version: str, now: dt.datetime) -> None:
    session.add(Consent(user_id=user_id, agreement_version=agreement_version, agreed_at=now))


# -- outgoing mail and SMS -----------------------------------------------------------------
def add_message(session, channel: str, recipient: str, subject: str, body: str,
                now: dt.datetime, priority: int = 0) -> None:
    session.add(OutgoingMessage(channel=channel, recipient=recipient, subject=subject, body=body,
                                status="pending", attempts=0, next_attempt_at=now, created_at=now,
                                priority=priority))


def count_messages(session, channel: str, status: str) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(OutgoingMessage)
                          .where(OutgoingMessage.status == status, OutgoingMessage.channel == channel))


# -- rate limit counters -------------------------------------------------------------------
_counters = RateLimitCounter.__table__


def count_hit(session, bucket: str, key_hash: str, now_ms: int, period_ms: int) -> tuple[int, int]:
    """One more request in the (bucket, key) window, a new window if the last one ended:
    (hits in the window, when it started). One atomic upsert, whatever runs beside it."""
    ended = _counters.c.window_started_ms + period_ms <= now_ms
    statement = insert_for(session, _counters).values(
        bucket=bucket, key_hash=key_hash, window_started_ms=now_ms, hits=1)
    statement = statement.on_conflict_do_update(
        index_elements=[_counters.c.bucket, _counters.c.key_hash],
        set_={"hits": sa.case((ended, 1), else_=_counters.c.hits + 1),
              "window_started_ms": sa.case((ended, now_ms), else_=_counters.c.window_started_ms)},
    ).returning(_counters.c.hits, _counters.c.window_started_ms)
    hits, started = session.execute(statement).one()
    return hits, started


def sweep_windows(session, bucket: str, ended_by_ms: int) -> None:
    session.execute(sa.delete(_counters).where(_counters.c.bucket == bucket,
                                               _counters.c.window_started_ms <= ended_by_ms))
