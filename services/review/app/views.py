"""The response shapes of the review service: every dict its RPCs return is built here."""
from __future__ import annotations

from dataclasses import fields
from typing import Iterable

from ..domain.access import recommender_route
from ..domain.case import ReviewCase, Transition
from ..domain.history import DECISION_LABELS, decision_of
from ..domain.levels import level
from ..domain.reminders import KIND_LABELS, OBJECTIONS, TO_REVIEW, Reminder, Reminders


def _shallow(value) -> dict:
    # dataclasses.asdict deep-copies every value: 15% of an office search's CPU
    return {f.name: getattr(value, f.name) for f in fields(value)}


def case_view(case: ReviewCase) -> dict:
    body = _shallow(case)
    body["path"] = list(case.path)
    body["status_label"] = case.status_label
    body["recommender_route"] = recommender_route(case)
    for key in ("opened_at", "updated_at", "registered_on", "publicity_ends_on"):
        body[key] = _iso(body[key])
    return body


def step_view(step: Transition, names: bool = True) -> dict:
    """One line of a case's history; `names` False leaves out who by name (`by_name`)."""
    body = _shallow(step)
    body["at"] = _iso(step.at)
    body["action_label"] = step.action_label
    if not names:
        del body["by_name"]
    return body


def case_with_history(case: ReviewCase, steps: Iterable[Transition], names: bool = True) -> dict:
    return {**case_view(case), "history": [step_view(s, names) for s in steps], "reviewer_names": names}


def timeline_view(draft_id: int, current: ReviewCase, steps: Iterable[Transition], names: bool = False) -> dict:
    """登记进度; `reviewer_names`: whether the steps say who decided by name (else the level only)."""
    return {"draft_id": draft_id, "current": case_view(current),
            "steps": [step_view(s, names) for s in steps], "reviewer_names": names}


def page_view(cases: Iterable[ReviewCase], total: int, page: int, page_size: int) -> dict:
    return {"items": [case_view(c) for c in cases], "total": total, "page": page,
            "page_size": page_size}


def reminders_view(reminders: Reminders) -> dict:
    """The counts by kind (`kinds`, in the order the 工作提醒 page lists them) and their total."""
    counts = {"to_review": reminders.to_review, "returned": reminders.returned,
              "refused": reminders.refused, "objections": reminders.objections}
    return {**counts, "total": reminders.total,
            "kinds": [{"kind": k, "label": KIND_LABELS[k], "count": n} for k, n in counts.items()]}


def reminder_item(reminder: Reminder) -> dict:
    """One 工作提醒 with where to act on it."""
    case = reminder.case
    link = f"/review/{case.case_id}" if reminder.kind == TO_REVIEW else f"/achievements/{case.draft_id}"
    return {"kind": reminder.kind, "kind_label": KIND_LABELS[reminder.kind], "title": case.title,
            "status_label": case.status_label, "at": _iso(case.updated_at), "link": link,
            "draft_id": case.draft_id, "case_id": case.case_id}


def objection_item(objection, case: ReviewCase) -> dict:
    return {"kind": OBJECTIONS, "kind_label": KIND_LABELS[OBJECTIONS], "title": case.title,
            "status_label": case.status_label, "at": _iso(objection.filed_at),
            "link": "/office/objections", "draft_id": case.draft_id, "case_id": case.case_id}


def decision_item(step: Transition, case: ReviewCase) -> dict:
    """One line of 已审核成果: the level's decision and the case as it is now."""
    decision = decision_of(step.action)
    return {"case_id": case.case_id, "draft_id": case.draft_id, "title": case.title,
            "category": case.category, "level": step.from_level,
            "level_label": level(step.from_level).role_label, "decision": decision,
            "decision_label": DECISION_LABELS[decision], "action_label": step.action_label,
            "at": _iso(step.at), "comment": step.comment, "by_role": step.by_role,
            "reason_label": step.details.get("reason_label"),
            "status": case.status, "status_label": case.status_label,
            "registration_number": case.registration_number, "link": f"/review/{case.case_id}"}


def items_page(items: list[dict], total: int, page: int, page_size: int) -> dict:
    return {"items": items, "total": total, "page": page, "page_size": page_size}


def _iso(value):
    return value.isoformat() if value is not None else None
