"""What reviewers and registrants read: task queues, a case with its history, a draft's
timeline, 工作提醒 and the office's search."""
from __future__ import annotations

import sqlalchemy as sa

from services.common.errors import Forbidden, NotFound, invalid
from services.common.identity import OFFICE, RECOMMENDER, UNIT_ADMIN, Caller

from ..domain.case import PENDING, STATUS_LABELS
from ..domain.reminders import reminders as count_reminders
from ..models import CaseRow
from . import store



MAX_PAGE = 100_000  # far past any listing; bigger numbers overflow the databases' offsets


def _page(page, page_size) -> tuple[int, int]:
    try:
        page, page_size = int(page), int(page_size)
    except (TypeError, ValueError):
        raise invalid({"page": "页码应为正整数"}) from None
    if not 1 <= page <= MAX_PAGE or not 1 <= page_size <= 100:
        raise invalid({"page": f"页码应为1-{MAX_PAGE}的整数，每页1-100条"})
    return page, page_size


def _title_contains(session, query, text: str):
    """Cases whose title contains `text` (as LIKE '%text%' would find them). On SQLite a text
    of three characters or more is looked up in the trigram index (migration 0002) instead of
    scanning every title; PostgreSQL's planner uses its trigram index for the LIKE itself."""
    text = text[:100]
    if len(text) >= 3 and session.get_bind().dialect.name == "sqlite":
        phrase = '"' + text.replace('"', '""') + '"'
        return query.where(CaseRow.id.in_(
            sa.select(sa.column("rowid")).select_from(sa.table("cases_title_fts"))
            .where(sa.text("cases_title_fts MATCH :phrase").bindparams(phrase=phrase))))
    return query.where(CaseRow.title.contains(text, autoescape=True))


def _acting_filter(caller: Caller):
    """Where the caller acts: their units' cases at the unit level, the office level…"""
    conditions = []
    units = caller.units_where(UNIT_ADMIN)
    if units:
        conditions.append(sa.and_(CaseRow.level == "unit", CaseRow.unit_id.in_(units)))
    if caller.has(RECOMMENDER):
        conditions.append(CaseRow.level == "recommender")
    if caller.has(OFFICE):
        conditions.append(CaseRow.level == "office")
    return sa.or_(*conditions) if conditions else sa.false()


def _paged(session, query, page, page_size) -> dict:
    page, page_size = _page(page, page_size)
    total = session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    rows = session.scalars(query.order_by(CaseRow.updated_at.desc(), CaseRow.id.desc())
                           .offset((page - 1) * page_size).limit(page_size))
    return {"items": [store.to_case(r).to_dict() for r in rows], "total": total, "page": page,
            "page_size": page_size}


def queue(session, caller: Caller, filters: dict) -> dict:
    """待审核: the cases waiting for this caller, newest first, filtered and paged."""
    caller.require_login()
    filters = filters if isinstance(filters, dict) else {}
    query = sa.select(CaseRow).where(CaseRow.status == PENDING, _acting_filter(caller))
    if filters.get("category"):
        query = query.where(CaseRow.category == filters["category"])
    if filters.get("q"):
        query = _title_contains(session, query, str(filters["q"]))
    return _paged(session, query, filters.get("page", 1), filters.get("page_size", 20))


def may_read(case, caller: Caller) -> bool:
    return (caller.user_id == case.owner_id or caller.has(OFFICE)
            or (case.unit_id is not None and caller.has(UNIT_ADMIN, case.unit_id))
            or ("recommender" in case.path and caller.has(RECOMMENDER)))


def view(session, caller: Caller, case_id) -> dict:
    caller.require_login()
    case = store.load(session, case_id)
    if not may_read(case, caller):
        raise Forbidden("not_your_case", "您没有查看该审核记录的权限")
    return {**case.to_dict(), "history": store.history(session, [case.case_id])}


def timeline(session, caller: Caller, draft_id) -> dict:
    """Every step of a registration across its submissions: who, role, when, from, to, comment."""
    caller.require_login()
    cases = store.cases_of_draft(session, draft_id) if isinstance(draft_id, int) else []
    if cases and not may_read(cases[-1], caller):
        cases = []
    if not cases:
        raise NotFound("no_timeline", "该成果还没有提交记录")
    return {"draft_id": draft_id, "current": cases[-1].to_dict(),
            "steps": store.history(session, [c.case_id for c in cases])}


def reminders(session, caller: Caller) -> dict:
    caller.require_login()
    query = sa.select(CaseRow).where(sa.or_(
        sa.and_(CaseRow.status == PENDING, _acting_filter(caller)),
        CaseRow.owner_id == caller.user_id))
    return count_reminders([store.to_case(r) for r in session.scalars(query)], caller).to_dict()


def search(session, caller: Caller, filters: dict) -> dict:
    """成果查询 for the office: any registration by title, 登记号 or status."""
    caller.require(OFFICE)
    filters = filters if isinstance(filters, dict) else {}
    query = sa.select(CaseRow)
    if filters.get("q"):
        query = _title_contains(session, query, str(filters["q"]))
    if filters.get("number"):
        query = query.where(CaseRow.registration_number == str(filters["number"]).strip().upper())
    status = filters.get("status")
    if status:
        if status not in (PENDING, *STATUS_LABELS):
            raise invalid({"status": "状态不正确"})
        query = query.where(CaseRow.status == status)
    return _paged(session, query, filters.get("page", 1), filters.get("page_size", 20))


