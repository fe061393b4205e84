"""工作提醒 that accounts knows of: for the office, units registered and waiting for approval
(单位注册待审核) and new unit names / credit codes waiting for it (单位信息变更待审核); for a unit admin, the unit's registrants who have not activated their account
(登记人未激活账号). Counted and listed from one query each, so the two agree."""
from __future__ import annotations

from services.common.errors import invalid
from services.common.identity import OFFICE, UNIT_ADMIN, Caller
from services.common.paging import read_page

from . import store

UNITS_PENDING, CHANGES_PENDING, NOT_ACTIVATED = "units_pending", "unit_changes_pending", "not_activated"
LABELS = {UNITS_PENDING: "单位注册待审核", CHANGES_PENDING: "单位信息变更待审核", NOT_ACTIVATED: "登记人未激活账号"}


def _query(caller: Caller, kind: str):
    """The rows behind a kind for this caller (None: the kind is not theirs)."""
    if kind == UNITS_PENDING and caller.has(OFFICE):
        return store.pending_units()
    if kind == CHANGES_PENDING and caller.has(OFFICE):
        return store.pending_changes()
    units = caller.units_where(UNIT_ADMIN)
    if kind == NOT_ACTIVATED and units:
        return store.registrants_not_activated(units)
    return None


def reminders(uow, caller: Caller) -> dict:
    kinds = []
    for kind in (UNITS_PENDING, CHANGES_PENDING, NOT_ACTIVATED):
        query = _query(caller, kind)
        if query is not None:
            kinds.append({"kind": kind, "label": LABELS[kind], "count": store.count_of(uow.session, query)})
    return {"total": sum(k["count"] for k in kinds), "kinds": kinds}


def reminder_items(uow, caller: Caller, kind, page=1, page_size=20) -> dict:
    if kind not in LABELS:
        raise invalid({"kind": "工作提醒的种类应为单位注册待审核、单位信息变更待审核或登记人未激活账号"})
    page, page_size = read_page(page, page_size)
    query = _query(caller, kind)
    if query is None:
        return {"items": [], "total": 0, "page": page, "page_size": page_size}
    rows = store.page_of(uow.session, query, page, page_size)
    if kind == UNITS_PENDING:
        items = [{"kind": kind, "kind_label": LABELS[kind], "title": name, "status_label": "待审核",
                  "at": at.isoformat() if at else None, "link": "/office/units", "unit_id": unit_id}
                 for unit_id, name, at in rows]
    elif kind == CHANGES_PENDING:
        items = [{"kind": kind, "kind_label": LABELS[kind], "title": name, "status_label": "待审核",
                  "at": at.isoformat() if at else None, "link": "/office/units?changes=pending",
                  "unit_id": unit_id, "change_id": change_id}
                 for change_id, unit_id, name, at in rows]
    else:
        items = [{"kind": kind, "kind_label": LABELS[kind], "title": name, "status_label": "未激活",
                  "at": at.isoformat() if at else None, "link": "/unit/registrants", "user_id": user_id,
                  "unit_id": unit_id}
                 for user_id, name, at, unit_id in rows]
    return {"items": items, "total": store.count_of(uow.session, query), "page": page, "page_size": page_size}
