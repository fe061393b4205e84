"""What reviewers and registrants read: task queues, a case with its history, a draft's
timeline, 工作提醒 and the office's search."""
from __future__ import annotations

from dataclasses import replace

from services.common.errors import NotFound
from services.common.identity import OFFICE, Caller

from ..domain import access, inputs
from ..domain.reminders import reminders as count_reminders
from . import store, views


def queue(uow, caller: Caller, filters) -> dict:
    """待审核: the cases waiting for this caller, newest first, filtered and paged."""
    wanted = inputs.queue_filters(filters)
    cases, total = store.queue(uow.session, access.reviewing_scope(caller), wanted)
    return views.page_view(cases, total, wanted.page, wanted.page_size)


def get_case(uow, caller: Caller, case_id) -> dict:
    case = store.load(uow.session, case_id)
    access.require_reader(case, caller)
    return views.case_with_history(case, store.history(uow.session, [case.case_id]))


def timeline(uow, caller: Caller, draft_id) -> dict:
    """Every step of a registration across its submissions: who, role, when, from, to, comment."""
    cases = access.readable_history(store.cases_of_draft(uow.session, draft_id), caller)
    if not cases:
        raise NotFound("no_timeline", "该成果还没有提交记录")
    steps = store.history(uow.session, [c.case_id for c in cases])
    return views.timeline_view(draft_id, cases[-1], steps)


def reminders(uow, caller: Caller) -> dict:
    cases = store.pending_at_or_owned(uow.session, access.reviewing_scope(caller), caller.user_id)
    objections = store.count_pending_objections(uow.session) if caller.has(OFFICE) else 0
    return views.reminders_view(replace(count_reminders(cases, caller), objections=objections))


def search(uow, caller: Caller, filters) -> dict:
    """成果查询 for the office: any registration by title, 登记号 or status."""
    access.require_searcher(caller)
    wanted = inputs.search_filters(filters)
    cases, total = store.search(uow.session, wanted)
    return views.page_view(cases, total, wanted.page, wanted.page_size)
