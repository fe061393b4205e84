"""The repository of review cases: rows ↔ domain objects, compare-and-set saves on the version,
the queries of the case lists, and the 登记号 counter locked in the approval's transaction.
Functions take the session of the caller's unit of work."""
from __future__ import annotations

from dataclasses import asdict

import sqlalchemy as sa

from services.common.errors import Conflict, NotFound
from services.common.paging import offset
from services.common.upsert import insert_for

from ..domain.case import PENDING, PUBLICITY, ReviewCase, Transition
from ..domain.inputs import CaseFilters
from ..domain.publicity import OBJECTION_CLOSED, OBJECTION_PENDING, OBJECTION_UPHELD, Objection
from ..models import (CaseRow, Counter, ObjectionRow, TransitionRow,  # noqa: F401 (the service's Database)
                      metadata)

_FIELDS = ("draft_id", "snapshot_id", "owner_id", "unit_id", "category", "title", "level",
           "status", "version", "opened_at", "updated_at", "recommender_id",
           "registration_number", "registered_on", "publicity_ends_on", "sections", "form_recommender")


def to_case(row: CaseRow) -> ReviewCase:
    return ReviewCase(case_id=row.id, path=tuple(row.path),
                      **{name: getattr(row, name) for name in _FIELDS})


def load(session, case_id) -> ReviewCase:
    row = session.get(CaseRow, case_id) if isinstance(case_id, int) else None
    if row is None:
        raise NotFound("case_not_found", "该审核记录不存在")
    return to_case(row)


def cases_of_draft(session, draft_id) -> list[ReviewCase]:
    """The draft's cases, oldest first (none for an id that is not a number)."""
    if not isinstance(draft_id, int):
        return []
    rows = session.scalars(sa.select(CaseRow).where(CaseRow.draft_id == draft_id).order_by(CaseRow.id))
    return [to_case(r) for r in rows]


def insert(session, case: ReviewCase) -> ReviewCase:
    row = CaseRow(path=list(case.path), **{name: getattr(case, name) for name in _FIELDS})
    session.add(row)
    session.flush()
    return to_case(row)


def save(session, old: ReviewCase, new: ReviewCase) -> None:
    """Store the decided case only if nobody changed it since it was loaded."""
    values = {name: getattr(new, name) for name in _FIELDS if name not in ("draft_id", "snapshot_id")}
    done = session.execute(sa.update(CaseRow).where(CaseRow.id == old.case_id,
                                                    CaseRow.version == old.version).values(**values))
    if done.rowcount != 1:
        raise Conflict("stale", "该成果的审核状态刚刚发生变化，请刷新后重试")


def add_step(session, case_id: int, step: Transition) -> None:
    """The history line of a decision, in the decision's transaction."""
    session.add(TransitionRow(**{**asdict(step), "case_id": case_id}))


def history(session, case_ids: list[int]) -> list[Transition]:
    rows = session.scalars(sa.select(TransitionRow).where(TransitionRow.case_id.in_(case_ids))
                           .order_by(TransitionRow.at, TransitionRow.id))
    return [_to_step(r) for r in rows]


def _to_step(r: TransitionRow) -> Transition:
    return Transition(r.case_id, r.action, r.by_user_id, r.by_role, r.at, r.from_status,
                      r.from_level, r.to_status, r.to_level, r.comment or "", r.details or {},
                      r.by_name or "")


def next_serial(session, year: int, category: str) -> int:
    """Take the next serial of (year, category). The row stays locked until the caller's
    transaction ends, so concurrent approvals queue and a rolled-back one leaves no gap."""
    session.execute(insert_for(session, Counter).values(year=year, category=category, last_serial=0)
                    .on_conflict_do_nothing(index_elements=["year", "category"]))
    query = sa.select(Counter).where(Counter.year == year, Counter.category == category)
    if session.bind.dialect.name == "postgresql":
        query = query.with_for_update()
    counter = session.scalar(query)
    counter.last_serial += 1
    session.flush()
    return counter.last_serial


# -- the case lists ------------------------------------------------------------------------------
# `scope`: where a caller reviews, level → Reach (domain/access.py reviewing_scope).

def queue(session, scope: dict, filters: CaseFilters) -> tuple[list[ReviewCase], int]:
    """The pending cases at the caller's levels, filtered: one page and the total."""
    return _page(session, sa.select(CaseRow).where(_pending_at(scope)), filters)


def search(session, filters: CaseFilters, units: frozenset[int] | None = None) -> tuple[list[ReviewCase], int]:
    """Every case (or every case of `units`), filtered: one page and the total."""
    query = sa.select(CaseRow)
    if units is not None:
        query = query.where(CaseRow.unit_id.in_(units))
    return _page(session, query, filters)


def latest_case_ids(session, draft_ids: list[int]) -> dict[int, int]:
    """The newest case of each of these drafts: draft id → case id."""
    rows = session.execute(sa.select(CaseRow.draft_id, sa.func.max(CaseRow.id))
                           .where(CaseRow.draft_id.in_(draft_ids)).group_by(CaseRow.draft_id))
    return {draft_id: case_id for draft_id, case_id in rows}


def pending_at_or_owned(session, scope: dict, owner_id: int) -> list[ReviewCase]:
    """What reminders are counted from: pending cases at the caller's levels and their own."""
    query = sa.select(CaseRow).where(sa.or_(_pending_at(scope), CaseRow.owner_id == owner_id))
    return [to_case(r) for r in session.scalars(query)]


def _pending_at(scope: dict):
    return sa.and_(CaseRow.status == PENDING, _within(scope, CaseRow.level))


def _within(scope: dict, level_column):
    """Cases at one of the scope's levels (`level_column`: where a case waits, or where a
    decision was made) and in the caller's reach there: the units, or at the recommender level
    the cases whose form names the caller (those go to it alone: access._reviews_at)."""
    levels = []
    for key, reach in scope.items():
        if reach.units is None:
            levels.append(level_column == key)
            continue
        mine = [sa.and_(CaseRow.unit_id.in_(reach.units), CaseRow.recommender_id.is_(None)
                        if reach.named is not None else sa.true())] if reach.units else []
        if reach.named is not None:
            mine.append(CaseRow.recommender_id == reach.named)
        levels.append(sa.and_(level_column == key, sa.or_(*mine) if mine else sa.false()))
    return sa.or_(*levels) if levels else sa.false()


def decided(session, scope: dict, filters) -> tuple[list[tuple[Transition, ReviewCase]], int]:
    """已审核成果: the decisions made at the caller's levels on cases in their reach (a case's
    decision at a level, once), newest first: one page of (decision, case now) and the total."""
    query = (sa.select(TransitionRow, CaseRow).join(CaseRow, CaseRow.id == TransitionRow.case_id)
             .where(TransitionRow.action.in_(filters.actions), TransitionRow.from_status == PENDING,
                    _within(scope, TransitionRow.from_level)))
    if filters.level:
        query = query.where(TransitionRow.from_level == filters.level)
    if filters.q:
        query = _title_contains(session, query, filters.q)
    total = session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    rows = session.execute(query.order_by(TransitionRow.at.desc(), TransitionRow.id.desc())
                           .offset(offset(filters.page, filters.page_size)).limit(filters.page_size)).all()
    return [(_to_step(t), to_case(c)) for t, c in rows], total


def _page(session, query, filters: CaseFilters) -> tuple[list[ReviewCase], int]:
    if filters.category:
        query = query.where(CaseRow.category == filters.category)
    if filters.q:
        query = _title_contains(session, query, filters.q)
    if filters.number is not None:
        query = query.where(CaseRow.registration_number == filters.number)
    if filters.status:
        query = query.where(CaseRow.status == filters.status)
    if filters.owner_id is not None:
        query = query.where(CaseRow.owner_id == filters.owner_id)
    total = session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    rows = session.scalars(query.order_by(CaseRow.updated_at.desc(), CaseRow.id.desc())
                           .offset(offset(filters.page, filters.page_size)).limit(filters.page_size))
    return [to_case(r) for r in rows], total


def _title_contains(session, query, text: str):
    """Cases whose title contains `text` (as LIKE '%text%' would find them). On SQLite a text
    of three characters or more is looked up in the trigram index (migration 0002) instead of
    scanning every title; PostgreSQL's planner uses its trigram index for the LIKE itself."""
    if len(text) >= 3 and session.get_bind().dialect.name == "sqlite":
        phrase = '"' + text.replace('"', '""') + '"'
        return query.where(CaseRow.id.in_(
            sa.select(sa.column("rowid")).select_from(sa.table("cases_title_fts"))
            .where(sa.text("cases_title_fts MATCH :phrase").bindparams(phrase=phrase))))
    return query.where(CaseRow.title.contains(text, autoescape=True))


# -- 公示 and 异议 ------------------------------------------------------------------------------
def to_objection(row: ObjectionRow) -> Objection:
    return Objection(objection_id=row.id, case_id=row.case_id, name=row.name, contact=row.contact,
                     reasons=row.reasons, status=row.status, filed_at=row.filed_at)


def add_objection(session, case_id: int, name: str, contact: str, reasons: str, at) -> Objection:
    row = ObjectionRow(case_id=case_id, name=name, contact=contact, reasons=reasons,
                       status=OBJECTION_PENDING, filed_at=at)
    session.add(row)
    session.flush()
    return to_objection(row)


def objection(session, objection_id) -> ObjectionRow:
    row = session.get(ObjectionRow, objection_id) if isinstance(objection_id, int) else None
    if row is None:
        raise NotFound("objection_not_found", "该异议不存在")
    return row


def pending_objections(session, case_id: int) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(ObjectionRow).where(
        ObjectionRow.case_id == case_id, ObjectionRow.status == OBJECTION_PENDING))


def close_objections(session, objection_id: int, case_id: int, status: str, by: int, at, text: str) -> None:
    """The objection decided, and (upheld) the case's other pending objections closed with it."""
    session.execute(sa.update(ObjectionRow).where(ObjectionRow.id == objection_id).values(
        status=status, resolved_by=by, resolved_at=at, resolution=text))
    if status == OBJECTION_UPHELD:
        session.execute(sa.update(ObjectionRow).where(
            ObjectionRow.case_id == case_id, ObjectionRow.status == OBJECTION_PENDING).values(
            status=OBJECTION_CLOSED, resolved_by=by, resolved_at=at, resolution="异议已成立，本异议一并结案"))


def objections_page(session, status: str | None, page: int, page_size: int):
    """(objection row, its case) pairs, newest first, and the total."""
    query = sa.select(ObjectionRow, CaseRow).join(CaseRow, CaseRow.id == ObjectionRow.case_id)
    if status:
        query = query.where(ObjectionRow.status == status)
    total = session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    rows = session.execute(query.order_by(ObjectionRow.id.desc())
                           .offset(offset(page, page_size)).limit(page_size)).all()
    return [(o, to_case(c)) for o, c in rows], total


def publicity_over(session, today, limit: int = 50) -> list[int]:
    """Cases in 公示 whose last day is before `today` (they may be due to register)."""
    return list(session.scalars(sa.select(CaseRow.id).where(
        CaseRow.status == PUBLICITY, CaseRow.publicity_ends_on < today)
        .order_by(CaseRow.publicity_ends_on, CaseRow.id).limit(limit)))


def count_pending_objections(session) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(ObjectionRow)
                          .where(ObjectionRow.status == OBJECTION_PENDING))
