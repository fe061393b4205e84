"""附件清单: attachment metadata. The gateway stores the bytes, then records them here."""
from __future__ import annotations

from services.common.clock import utcnow
from services.common.errors import NotFound
from services.common.identity import Caller

from ..domain.attachments import remaining_bytes, require_kind, require_room
from ..domain.draft import Attachment
from . import store, views
from .drafts import changeable, readable


def allowance(uow, forms, settings, caller: Caller, draft_id) -> dict:
    """How large the next file may be, and which kinds the form takes."""
    draft = changeable(uow, caller, draft_id)
    remaining = remaining_bytes(settings.max_total_bytes, store.used_bytes(uow.session, draft.id))
    return views.allowance(settings, remaining, forms.get(draft.form_id).kind_labels)


def add(uow, forms, settings, caller: Caller, draft_id, meta) -> dict:
    draft = changeable(uow, caller, draft_id)
    meta = meta if isinstance(meta, dict) else {}
    kind_labels = forms.get(draft.form_id).kind_labels
    require_kind(meta, kind_labels)
    remaining = remaining_bytes(settings.max_total_bytes, store.used_bytes(uow.session, draft.id))
    require_room(meta["size"], remaining, settings.max_total_bytes)
    attachment = store.insert_attachment(uow.session, Attachment(
        id=None, draft_id=draft.id, kind=meta["kind"], filename=meta["filename"],
        storage_key=meta["key"], sha256=meta["sha256"], size=meta["size"],
        content_type=meta["content_type"], uploaded_at=utcnow()))
    return views.labelled_attachment(attachment, kind_labels)


def _one(uow, draft_id: int, attachment_id) -> Attachment:
    attachment = store.attachment(uow.session, draft_id, attachment_id)
    if attachment is None:
        raise NotFound("attachment_not_found", "附件不存在")
    return attachment


def locate(uow, caller: Caller, draft_id, attachment_id) -> dict:
    """Where the bytes of the owner's attachment are, for the gateway to stream them."""
    draft = readable(uow, caller, draft_id)
    return views.located_attachment(_one(uow, draft.id, attachment_id))


def remove(uow, caller: Caller, draft_id, attachment_id) -> dict:
    """Delete while editable. The bytes may go too unless a submitted snapshot holds them."""
    draft = changeable(uow, caller, draft_id)
    attachment = _one(uow, draft.id, attachment_id)
    store.delete_attachment(uow.session, attachment.id)
    return views.removed_attachment(attachment.storage_key, store.held_by_snapshot(
        uow.session, draft.id, attachment.storage_key))
