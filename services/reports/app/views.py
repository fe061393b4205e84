"""Every response dict of the reports service."""
from __future__ import annotations

import datetime as dt

from services.common.categories import CATEGORY_LABELS

from ..domain.decision_times import DecisionTimes
from ..domain.progress import STATUS_LABELS
from .labels import LEVEL_LABELS


def _iso(value) -> str | None:
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else None


def registration(row) -> dict:
    """A registration in the office's lists."""
    return {"draft_id": row.draft_id, "case_id": row.case_id,
            "registration_number": row.registration_number, "public": bool(row.publish_consent),
            "title": row.title, "category": row.category,
            "category_label": CATEGORY_LABELS.get(row.category, row.category),
            "first_unit": row.first_unit, "status": row.status,
            "status_label": STATUS_LABELS.get(row.status, row.status),
            "level": row.level, "level_label": LEVEL_LABELS.get(row.level),
            "submitted_at": _iso(row.submitted_at), "office_arrived_at": _iso(row.office_arrived_at),
            "decided_at": _iso(row.decided_at), "registered_on": _iso(row.registered_on),
            "decision_working_days": row.decision_working_days,
            "refusal_reason": row.refusal_reason_label, "revoked_at": _iso(row.revoked_at),
            "registration_year": row.registration_year, "statistics_year": row.statistics_year}


def page(rows, total: int, page_number: int, page_size: int, view=registration) -> dict:
    return {"items": [view(r) for r in rows], "total": total, "page": page_number,
            "page_size": page_size}


def decision_times(summary: DecisionTimes, limit: int, waiting: list[tuple], over: list) -> dict:
    return {"limit_working_days": limit, "decided": summary.decided, "median": summary.median,
            "p90": summary.p90, "within_limit": summary.within_limit,
            "over_limit": summary.over_limit,
            "waiting_over_limit": [{**registration(row), "waiting_working_days": days}
                                   for row, days in waiting],
            "decided_over_limit": [registration(row) for row in over]}
