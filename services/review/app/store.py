"""Loading and saving review cases: rows ↔ domain objects, compare-and-set on the version,
and the 登记号 counter locked in the same transaction."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from services.common.errors import Conflict, NotFound

from ..domain.case import ReviewCase, Transition
from ..models import CaseRow, Counter, TransitionRow

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


def cases_of_draft(session, draft_id: int) -> list[ReviewCase]:
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


def record(uow, case_id: int, transition: Transition, events=()) -> None:
    """The history line of a decision, and its events, in the decision's transaction."""
    values = transition.to_dict()
    values.pop("action_label")
    values.update(at=transition.at, case_id=case_id)
    uow.session.add(TransitionRow(**values))
    for event in events:
        uow.emit(event.type, event.data)


def history(session, case_ids: list[int]) -> list[dict]:
    rows = session.scalars(sa.select(TransitionRow).where(TransitionRow.case_id.in_(case_ids))
                           .order_by(TransitionRow.at, TransitionRow.id))
    out = []
    for r in rows:
        t = Transition(r.case_id, r.action, r.by_user_id, r.by_role, r.at, r.from_status,
                       r.from_level, r.to_status, r.to_level, r.comment or "", r.details or {})
        out.append(t.to_dict())
    return out


def next_serial(session, year: int, category: str) -> int:
    """Take the next serial of (year, category). The row stays locked until the caller's
    transaction ends, so concurrent approvals queue and a rolled-back one leaves no gap."""
    dialect = session.bind.dialect.name
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(Counter)
    session.execute(insert.values(year=year, category=category, last_serial=0)
                    .on_conflict_do_nothing(index_elements=["year", "category"]))
    query = sa.select(Counter).where(Counter.year == year, Counter.category == category)
    if dialect == "postgresql":
        query = query.with_for_update()
    counter = session.scalar(query)
    counter.last_serial += 1
    session.flush()
    return counter.last_serial
