"""附件清单: attachment metadata. The gateway stores the bytes, then records them here."""
from __future__ import annotations

import sqlalchemy as sa

from services.common.errors import InvalidInput, NotFound, invalid
from services.common.events import utcnow
from services.common.identity import Caller

from ..models import Attachment, Snapshot
from . import drafts


def _kinds(forms, draft) -> dict:
    section = forms.get(draft.form_id).attachments
    return {k.code: k.label for k in section.attachment_kinds} if section else {}


def allowance(session, forms, settings, caller: Caller, draft_id) -> dict:
    """How large the next file may be, and which kinds the form takes."""
    draft = drafts.editable(session, caller, draft_id)
    used = session.scalar(sa.select(sa.func.coalesce(sa.func.sum(Attachment.size), 0))
                          .where(Attachment.draft_id == draft.id))
    remaining = max(settings.max_total_bytes - used, 0)
    return {"max_file_bytes": min(settings.max_file_bytes, remaining),
            "per_file_limit": settings.max_file_bytes, "total_limit": settings.max_total_bytes,
            "remaining_bytes": remaining, "kinds": _kinds(forms, draft)}


def add(session, forms, settings, caller: Caller, draft_id, meta) -> dict:
    draft = drafts.editable(session, caller, draft_id)
    meta = meta if isinstance(meta, dict) else {}
    kinds = _kinds(forms, draft)
    if meta.get("kind") not in kinds:
        raise invalid({"kind": "附件类别应为：" + "、".join(kinds.values())})
    budget = allowance(session, forms, settings, caller, draft_id)
    if meta["size"] > budget["remaining_bytes"]:
        raise InvalidInput("total_too_large", "附件总大小超过限制",
                           {"file": f"每项成果的附件总大小不能超过{settings.max_total_bytes // 2**20}MB"})
    attachment = Attachment(draft_id=draft.id, kind=meta["kind"], filename=meta["filename"],
                            storage_key=meta["key"], sha256=meta["sha256"], size=meta["size"],
                            content_type=meta["content_type"], uploaded_at=utcnow())
    session.add(attachment)
    session.flush()
    return {**drafts.attachment_dict(attachment), "kind_label": kinds[attachment.kind]}


def _one(session, draft_id, attachment_id) -> Attachment:
    attachment = session.get(Attachment, attachment_id) if isinstance(attachment_id, int) else None
    if attachment is None or attachment.draft_id != draft_id:
        raise NotFound("attachment_not_found", "附件不存在")
    return attachment


def locate(session, caller: Caller, draft_id, attachment_id) -> dict:
    """Where the bytes of the owner's attachment are, for the gateway to stream them."""
    draft = drafts.own(session, caller, draft_id)
    attachment = _one(session, draft.id, attachment_id)
    return {**drafts.attachment_dict(attachment), "storage_key": attachment.storage_key}


def remove(session, caller: Caller, draft_id, attachment_id) -> dict:
    """Delete while editable. The bytes may go too unless a submitted snapshot holds them."""
    draft = drafts.editable(session, caller, draft_id)
    attachment = _one(session, draft.id, attachment_id)
    key = attachment.storage_key
    session.delete(attachment)
    held = any(a.get("storage_key") == key for s in session.scalars(
        sa.select(Snapshot.attachments).where(Snapshot.draft_id == draft.id)) for a in s)
    return {"storage_key": key, "orphaned": not held}
