"""公示 and 异议 (domain/publicity.py): an objection filed by anyone, the office's resolution,
and the registration that follows when the period is over with nothing pending."""
from __future__ import annotations

from services.common.clock import utcnow
from services.common.errors import Conflict, invalid
from services.common.identity import Caller
from services.common.paging import read_page

from ..domain import inputs, publicity
from ..domain.access import require_office
from ..domain.case import UPHOLD
from . import store
from .decisions import _record, _save, number_for


def file_objection(uow, body) -> dict:
    """Anyone (the gateway checked the captcha and the rate limit first)."""
    case_id, name, contact, reasons = publicity.read_objection(body)
    case = store.load(uow.session, case_id)
    at = utcnow()
    pending = store.pending_objections(uow.session, case_id)
    filed = store.add_objection(uow.session, case_id, name, contact, reasons, at)
    outcome = publicity.object_to(case, filed, pending, at)
    _save(uow, case, outcome)
    return {"objection_id": filed.objection_id, "case_id": case_id, "status": filed.status,
            "status_label": publicity.OBJECTION_LABELS[filed.status], "filed_at": at.isoformat()}


def objections(uow, caller: Caller, filters) -> dict:
    require_office(caller, "查看异议")
    filters = filters if isinstance(filters, dict) else {}
    status = filters.get("status") or None
    if status is not None and status not in publicity.OBJECTION_LABELS:
        raise invalid({"status": "状态应为：" + "、".join(publicity.OBJECTION_LABELS)})
    page, page_size = read_page(filters.get("page", 1), filters.get("page_size", 20))
    rows, total = store.objections_page(uow.session, status, page, page_size)
    return {"items": [_objection_view(o, c) for o, c in rows], "total": total, "page": page,
            "page_size": page_size}


def resolve(uow, settings, caller: Caller, objection_id, body) -> dict:
    decision, comment = publicity.read_resolution(body)
    row = store.objection(uow.session, objection_id)
    case = store.load(uow.session, row.case_id)
    at = utcnow()
    outcome = publicity.resolve(case, caller, store.to_objection(row), decision, comment, at,
                                inputs.expected_version(inputs.body(body)))
    status = publicity.OBJECTION_UPHELD if decision == UPHOLD else publicity.OBJECTION_DISMISSED
    store.close_objections(uow.session, row.id, case.case_id, status, caller.user_id, at, comment)
    answer = _save(uow, case, outcome)
    concluded = _conclude(uow, settings, outcome.case)       # a dismissal after the period ended
    return concluded or answer


def conclude_due(db, settings) -> int:
    """Register every case whose 公示 is over with no objection pending; each in its own unit
    of work (a case another instance concluded meanwhile is skipped by compare-and-set)."""
    with db.begin() as uow:
        due = store.publicity_over(uow.session, publicity.local_day(utcnow()))
    done = 0
    for case_id in due:
        try:
            with db.begin() as uow:
                done += _conclude(uow, settings, store.load(uow.session, case_id)) is not None
        except Conflict:  # another instance (or the office) changed the case: the next pass looks again
            continue
    return done


def _conclude(uow, settings, case):
    outcome = publicity.conclude(case, utcnow(), store.pending_objections(uow.session, case.case_id),
                                 number_for(uow, settings))
    return _save(uow, case, outcome) if outcome is not None else None


def _objection_view(o, case) -> dict:
    return {"objection_id": o.id, "case_id": o.case_id, "draft_id": case.draft_id,
            "title": case.title, "case_status": case.status, "case_status_label": case.status_label,
            "case_version": case.version,
            "publicity_ends_on": case.publicity_ends_on.isoformat() if case.publicity_ends_on else None,
            "name": o.name, "contact": o.contact, "reasons": o.reasons, "status": o.status,
            "status_label": publicity.OBJECTION_LABELS[o.status],
            "filed_at": o.filed_at.isoformat(), "resolution": o.resolution,
            "resolved_at": o.resolved_at.isoformat() if o.resolved_at else None}
