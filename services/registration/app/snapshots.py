"""What was submitted, for the people who review it and for other services."""
from __future__ import annotations

from services.common.errors import NotFound, invalid
from services.common.identity import OFFICE, Caller

from ..domain import access, duplicates
from ..domain.draft import registered_ip_numbers
from . import store, views


def for_reviewer(uow, caller: Caller, snapshot_id) -> dict:
    """A snapshot for its owner, its unit's admins and the office (no storage keys)."""
    snapshot = access.readable_snapshot(caller, store.snapshot(uow.session, snapshot_id))
    return views.snapshot(snapshot, storage_keys=False)


def form_pdf_input(uow, forms, caller: Caller, snapshot_id) -> dict:
    """What the certificates service needs to render the 登记表 PDF of what was submitted, for
    a reader of that snapshot (its reviewers at every level)."""
    snapshot = access.readable_snapshot(caller, store.snapshot(uow.session, snapshot_id))
    return views.snapshot_pdf_input(forms.get(snapshot.form_id), snapshot)


def locate_attachment(uow, caller: Caller, snapshot_id, attachment_id) -> dict:
    """Where the bytes of a submitted attachment are, for a reader of that snapshot."""
    snapshot = access.readable_snapshot(caller, store.snapshot(uow.session, snapshot_id))
    found = snapshot.attachment(attachment_id)
    if found is None:
        raise NotFound("attachment_not_found", "附件不存在")
    return found


def for_service(uow, snapshot_id) -> dict:
    """Service to service (never exposed by the gateway): the frozen snapshot with its files'
    storage keys, for the review service's records and the certificate."""
    snapshot = store.snapshot(uow.session, snapshot_id)
    if snapshot is None:
        raise NotFound("snapshot_not_found", "该提交记录不存在")
    return views.snapshot(snapshot, storage_keys=True)


MANY_SNAPSHOTS = 500


def for_service_many(uow, snapshot_ids) -> dict:
    """Service to service: several snapshots at once (the read model's rebuild), by id; the ids
    that name no snapshot are absent from the answer."""
    if (not isinstance(snapshot_ids, list) or len(snapshot_ids) > MANY_SNAPSHOTS
            or not all(isinstance(i, int) and not isinstance(i, bool) for i in snapshot_ids)):
        raise invalid({"snapshot_ids": f"应为至多 {MANY_SNAPSHOTS} 个提交记录编号"})
    return {str(s.id): views.snapshot(s, storage_keys=True)
            for s in store.snapshots(uow.session, sorted(set(snapshot_ids)))}


def duplicate_hints(uow, caller: Caller, snapshot_id) -> dict:
    """疑似重复登记 for the office reviewing a submission: other submitted registrations with the
    same or a very similar title, the same project number or an IP number in common."""
    caller.require(OFFICE)
    snapshot = access.readable_snapshot(caller, store.snapshot(uow.session, snapshot_id))
    content = snapshot.content or {}
    title = (content.get("overview") or {}).get("title")
    number = (content.get("project") or {}).get("project_number")
    this = duplicates.Registration(snapshot.draft_id, title if isinstance(title, str) else None,
                                   number if isinstance(number, str) else None,
                                   frozenset(registered_ip_numbers(content)))
    return views.duplicate_hints(duplicates.hints(this, store.duplicate_candidates(uow.session, this)))
