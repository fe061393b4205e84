"""填写科技成果: create, list, save leniently, check strictly, copy, delete, submit."""
from __future__ import annotations

import datetime as dt
import uuid

from services.common.clock import utcnow
from services.common.errors import invalid
from services.common.identity import Caller
from services.common.paging import read_page

from ..domain import access
from ..domain import status as st
from ..domain.check import check_document
from ..domain.definitions import UnknownForm
from ..domain.draft import (Draft, read_save, registered_ip_numbers, require_no_blocking, submitted_event,
                            version_conflict)
from . import store, views


def readable(uow, caller: Caller, draft_id) -> Draft:
    return access.readable_draft(caller, store.draft(uow.session, draft_id))


def changeable(uow, caller: Caller, draft_id) -> Draft:
    return access.changeable_draft(caller, store.draft(uow.session, draft_id))


def working(uow, caller: Caller, draft_id) -> Draft:
    return access.working_draft(caller, store.draft(uow.session, draft_id))


def _in_full(uow, draft: Draft) -> dict:
    return views.draft_in_full(draft, store.attachments_of(uow.session, draft.id))


def create(uow, forms, caller: Caller, data) -> dict:
    access.require_registrant(caller)
    data = data if isinstance(data, dict) else {}
    try:
        form = forms.latest(data.get("category"))
    except UnknownForm:
        raise invalid({"category": "成果类别应为：应用技术类、基础理论类或软科学类"}) from None
    unit_id = access.unit_of_new_draft(caller, data.get("unit_id"))
    draft = store.insert_draft(uow.session, Draft.begin(caller.user_id, unit_id, form, utcnow()))
    return _in_full(uow, draft)


def listing(uow, caller: Caller, q=None, status=None, page=1, page_size=20) -> dict:
    """填写科技成果: a page of the caller's registrations, by any part of the title and by status."""
    page, page_size = read_page(page, page_size)
    words = str(q).strip()[:100] if isinstance(q, (str, int)) else ""
    found, total = store.drafts_of(uow.session, caller.user_id, words, st.read_filter(status),
                                   page, page_size)
    return {"items": [views.draft_summary(d) for d in found], "total": total, "page": page,
            "page_size": page_size}


def get(uow, caller: Caller, draft_id) -> dict:
    return _in_full(uow, readable(uow, caller, draft_id))


def save(uow, forms, caller: Caller, draft_id, version, sections, today: dt.date) -> dict:
    """保存: keep what is well-formed, report the rest; refuse a stale 版本号 with 409.
    One read and one compare-and-set UPDATE (docs/architecture.md, "SQLite under eventlet")."""
    draft = changeable(uow, caller, draft_id)
    read_save(version, sections)
    new, problems = draft.saved(version, forms.get(draft.form_id), sections, today, utcnow())
    if not store.save_content(uow.session, draft, new):  # another save won since we read it
        _conflict(uow, draft.id)
    return views.saved(new, problems, sections)


def _conflict(uow, draft_id: int):
    uow.session.rollback()
    raise version_conflict(store.draft(uow.session, draft_id))


def _problems(uow, forms, settings, draft: Draft, today: dt.date):
    kinds = [a.kind for a in store.attachments_of(uow.session, draft.id)]
    return check_document(forms.get(draft.form_id), draft.content, attachments=kinds, today=today,
                          window_months=settings.window_months,
                          is_duplicate=store.duplicate_finder(uow.session, draft.id))


def check(uow, forms, settings, caller: Caller, draft_id, today: dt.date) -> dict:
    """填写检查: every problem, by section and field."""
    draft = readable(uow, caller, draft_id)
    return views.check_result(_problems(uow, forms, settings, draft, today))


def delete(uow, caller: Caller, draft_id) -> dict:
    """Delete a draft never submitted, with the storage keys of its attachments' bytes."""
    draft = working(uow, caller, draft_id)
    draft.require_deletable()
    keys = [a.storage_key for a in store.attachments_of(uow.session, draft.id)]
    store.delete_draft(uow.session, draft.id)
    return views.deleted(keys)


def copy(uow, caller: Caller, draft_id) -> dict:
    source = working(uow, caller, draft_id)
    draft = store.insert_draft(uow.session, source.copied_for(caller.user_id, utcnow()))
    return _in_full(uow, draft)


def submit(uow, forms, settings, caller: Caller, draft_id, request_id, today: dt.date) -> dict:
    """提交: only a draft that passes the check. The same request twice submits once: by the
    client's request id, or without one, a repeat while the same version is under review."""
    draft = working(uow, caller, draft_id)
    explicit = isinstance(request_id, str) and bool(request_id)
    if explicit:
        earlier = store.snapshot_for_request(uow.session, draft.id, request_id[:64])
        if earlier is not None:
            return views.submission(draft, earlier, repeated=True)
    if not draft.editable:
        latest = store.latest_snapshot(uow.session, draft.id)
        if not explicit and latest is not None and latest.version == draft.version:
            return views.submission(draft, latest, repeated=True)  # a retry
        draft.require_submittable()
    require_no_blocking(_problems(uow, forms, settings, draft, today), settings.window_at_submit)
    new, snapshot = draft.submitted(request_id[:64] if explicit else uuid.uuid4().hex,
                                    store.attachments_of(uow.session, draft.id), utcnow())
    if not store.update(uow.session, draft, new):  # saved since we read it
        _conflict(uow, draft.id)
    snapshot = store.insert_snapshot(uow.session, snapshot)
    store.replace_submitted_ip_numbers(uow.session, new.id, registered_ip_numbers(snapshot.content))
    uow.emit("submitted", submitted_event(new, snapshot, forms.get(draft.form_id).section_titles))
    return views.submission(new, snapshot, repeated=False)


def form_pdf_input(uow, forms, caller: Caller, draft_id) -> dict:
    """What the certificates service needs to render the 登记表 PDF of a draft."""
    draft = readable(uow, caller, draft_id)
    return views.form_pdf_input(forms.get(draft.form_id), draft,
                                store.attachments_of(uow.session, draft.id))
