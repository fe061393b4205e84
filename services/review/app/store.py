"""The repository of review cases: rows ↔ domain objects, compare-and-set saves on the version,
the queries of the case lists, and the 登记号 counter locked in the approval's transaction.
Functions take the session of the caller's unit of work."""
from __future__ import annotations

from dataclasses import asdict

import sqlalchemy as sa

from services.common.errors import Conflict, NotFound
from services.common.paging import offset
from services.common.upsert import insert_for

from ..domain.case import PENDING, ReviewCase, Transition
from ..domain.inputs import CaseFilters
from ..models import CaseRow, Counter, TransitionRow, metadata  # noqa: F401 (the service's Database)

_FIELDS = ("draft_id", "snapshot_id", "owner_id", "unit_id", "category", "title", "level",
           "status", "version", "opened_at", "updated_at", "recommender_id",
           "registration_number", "registered_on")


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
    return [Transition(r.case_id, r.action, r.by_user_id, r.by_role, r.at, r.from_status,
                       r.from_level, r.to_status, r.to_level, r.comment or "", r.details or {})
            for r in rows]


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
# `scope`: where a caller reviews, level → units or None for all (domain/access.py reviewing_scope).

def queue(session, scope: dict, filters: CaseFilters) -> tuple[list[ReviewCase], int]:
    """The pending cases at the caller's levels, filtered: one page and the total."""
    return _page(session, sa.select(CaseRow).where(_pending_at(scope)), filters)


def search(session, filters: CaseFilters) -> tuple[list[ReviewCase], int]:
    """Every case, filtered: one page and the total."""
    return _page(session, sa.select(CaseRow), filters)


def pending_at_or_owned(session, scope: dict, owner_id: int) -> list[ReviewCase]:
    """What reminders are counted from: pending cases at the caller's levels and their own."""
    query = sa.select(CaseRow).where(sa.or_(_pending_at(scope), CaseRow.owner_id == owner_id))
    return [to_case(r) for r in session.scalars(query)]


def _pending_at(scope: dict):
    levels = [sa.and_(CaseRow.level == key, CaseRow.unit_id.in_(units)) if units is not None
              else CaseRow.level == key for key, units in scope.items()]
    return sa.and_(CaseRow.status == PENDING, sa.or_(*levels) if levels else sa.false())


def _page(session, query, filters: CaseFilters) -> tuple[list[ReviewCase], int]:
    if filters.category:
        query = query.where(CaseRow.category == filters.category)
    if filters.q:
        query = _title_contains(session, query, filters.q)
    if filters.number is not None:
        query = query.where(CaseRow.registration_number == filters.number)
    if filters.status:
        query = query.where(CaseRow.status == filters.status)
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
