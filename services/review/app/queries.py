"""What reviewers and registrants read: task queues, a case with its history, a draft's
timeline, 工作提醒 and the office's search."""
from __future__ import annotations

from dataclasses import replace

from services.common.clock import utcnow
from services.common.errors import NotFound, invalid
from services.common.identity import OFFICE, Caller
from services.common.paging import offset, read_page

from ..domain import access, history as decided, inputs
from ..domain.publicity import OBJECTION_PENDING
from ..domain.reminders import KIND_LABELS, OBJECTIONS, reminder_list
from ..domain.reminders import reminders as count_reminders
from . import store, views


def queue(uow, caller: Caller, filters) -> dict:
    """待审核: the cases waiting for this caller, newest first, filtered and paged."""
    wanted = inputs.queue_filters(filters)
    cases, total = store.queue(uow.session, access.reviewing_scope(caller), wanted)
    return views.page_view(cases, total, wanted.page, wanted.page_size)


def history(uow, caller: Caller, filters) -> dict:
    """已审核成果: the decisions of the caller's levels on the cases in their reach, newest
    first, by title and decision, paged (domain/history.py)."""
    scope = access.require_reviewer(caller)
    wanted = decided.history_filters(filters)
    found, total = store.decided(uow.session, scope, wanted)
    return views.items_page([views.decision_item(step, case) for step, case in found], total,
                            wanted.page, wanted.page_size)


def get_case(uow, settings, caller: Caller, case_id) -> dict:
    case = store.load(uow.session, case_id)
    access.require_reader(case, caller)
    names = access.sees_reviewer_names(case, caller, settings.reviewer_names)
    return {**views.case_with_history(case, store.history(uow.session, [case.case_id]), names),
            "can_act": access.can_act(case, caller)}


def timeline(uow, settings, caller: Caller, draft_id) -> dict:
    """登记进度: every step of a registration across its submissions: who (the level; by name
    too where the policy allows it: REVIEW.timeline.reviewer_names), role, when, from, to,
    comment. The same for everyone who may read it; reviewers see names on the case page."""
    cases = access.readable_history(store.cases_of_draft(uow.session, draft_id), caller)
    if not cases:
        raise NotFound("no_timeline", "该成果还没有提交记录")
    steps = store.history(uow.session, [c.case_id for c in cases])
    return views.timeline_view(draft_id, cases[-1], steps, settings.reviewer_names)


def reminders(uow, caller: Caller) -> dict:
    """工作提醒 counted by kind (domain/reminders.py)."""
    counted = count_reminders(_reminded_of(uow, caller), caller, utcnow())
    objections = store.count_pending_objections(uow.session) if caller.has(OFFICE) else 0
    return views.reminders_view(replace(counted, objections=objections))


def reminder_items(uow, caller: Caller, kind, page=1, page_size=20) -> dict:
    """One kind's 工作提醒, a page of them, each with where to act on it: the same list the
    count is counted from."""
    if kind not in KIND_LABELS:
        raise invalid({"kind": "工作提醒的种类应为待审核、被退回、不予登记或公示异议"})
    page, page_size = read_page(page, page_size)
    if kind == OBJECTIONS:
        if not caller.has(OFFICE):
            return views.items_page([], 0, page, page_size)
        found, total = store.objections_page(uow.session, OBJECTION_PENDING, page, page_size)
        return views.items_page([views.objection_item(o, c) for o, c in found], total, page, page_size)
    listed = [r for r in reminder_list(_reminded_of(uow, caller), caller, utcnow()) if r.kind == kind]
    start = offset(page, page_size)
    return views.items_page([views.reminder_item(r) for r in listed[start:start + page_size]],
                            len(listed), page, page_size)


def _reminded_of(uow, caller: Caller):
    return store.pending_at_or_owned(uow.session, access.reviewing_scope(caller), caller.user_id)


def latest_cases(uow, caller: Caller, draft_ids) -> dict:
    """The office: the newest case of each draft (疑似重复登记 links to them), as {"<draft id>": case id}."""
    access.require_searcher(caller)
    if not isinstance(draft_ids, list) or len(draft_ids) > 200 or not all(
            isinstance(i, int) and not isinstance(i, bool) for i in draft_ids):
        raise invalid({"draft_ids": "应为至多200个成果编号"})
    return {str(k): v for k, v in store.latest_case_ids(uow.session, draft_ids).items()}


def unit_search(uow, caller: Caller, filters) -> dict:
    """单位成果 for a unit admin: every registration of their units, in every state."""
    units = access.searchable_units(caller)
    wanted = inputs.search_filters(filters)
    cases, total = store.search(uow.session, wanted, units)
    return views.page_view(cases, total, wanted.page, wanted.page_size)


def search(uow, caller: Caller, filters) -> dict:
    """成果查询 for the office: any registration by title, 登记号 or status."""
    access.require_searcher(caller)
    wanted = inputs.search_filters(filters)
    cases, total = store.search(uow.session, wanted)
    return views.page_view(cases, total, wanted.page, wanted.page_size)
