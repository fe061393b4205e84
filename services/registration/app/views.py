"""The response shapes of the registration service: every dict its RPCs return is built here."""
from __future__ import annotations

from services.common.categories import CATEGORY_LABELS

from ..domain import status as st
from ..domain.draft import Attachment, Draft, Snapshot
from ..domain.problems import passed, verdict

UNTITLED = "（未填写成果名称）"


def _iso(moment):
    return moment.isoformat() if moment is not None else None


# -- forms -------------------------------------------------------------------------------------
def form_list(registry) -> list[dict]:
    return [{"id": f.id, "category": f.category, "title": f.title, "year": f.year,
             "latest": registry.latest(f.category).id == f.id} for f in registry.all()]


# -- drafts ------------------------------------------------------------------------------------
def draft_summary(draft: Draft) -> dict:
    """A row of the list 填写科技成果 (with its progress)."""
    return {"id": draft.id, "title": draft.title or UNTITLED, "category": draft.category,
            "category_label": CATEGORY_LABELS[draft.category], "form_id": draft.form_id,
            "status": draft.status, "status_label": st.label(draft.status),
            "stage": st.stage(draft.status), "version": draft.version,
            "editable": draft.editable, "updated_at": draft.updated_at.isoformat(),
            "submitted_at": _iso(draft.submitted_at),
            "registration_number": draft.registration_number,
            "unit_id": draft.unit_id}


def draft_in_full(draft: Draft, attachments: list[Attachment]) -> dict:
    return {**draft_summary(draft), "content": draft.content,
            "review_comments": draft.review_comments,
            "attachments": [attachment(a) for a in attachments]}


def saved(draft: Draft, problems, sections: dict) -> dict:
    return {"version": draft.version, "problems": [p.to_dict() for p in problems],
            "saved_sections": sorted(k for k in sections if k in draft.content)}


def check_result(problems) -> dict:
    return {"passed": not problems, "can_submit": passed(problems), "verdict": verdict(problems),
            "problems": [p.to_dict() for p in problems]}


def deleted(storage_keys: list[str]) -> dict:
    return {"storage_keys": storage_keys}


def submission(draft: Draft, snapshot: Snapshot, repeated: bool) -> dict:
    return {**draft_summary(draft), "snapshot_id": snapshot.id, "repeated": repeated}


def addressed(form, unit_id) -> dict:
    """The form as its registrant reads it: 填报说明 item 6 says 提交到登记机构 to a registrant
    without a unit (whose submission goes straight to the office)."""
    body = form.to_dict()
    if unit_id is None:
        for section in body["sections"]:
            if section.get("text"):
                section["text"] = section["text"].replace("提交到单位管理员", "提交到登记机构")
    return body


def form_pdf_input(form, draft: Draft, attachments: list[Attachment]) -> dict:
    """What the certificates service needs to render the 登记表 PDF of a draft."""
    return {"form": addressed(form, draft.unit_id), "document": draft.content,
            "attachments": [labelled_attachment(a, form.kind_labels) for a in attachments],
            "version": draft.version, "draft": draft.editable, "title": draft.title}


def snapshot_pdf_input(form, s: Snapshot) -> dict:
    """The same for a submitted snapshot: its content and files as they were submitted."""
    labels = form.kind_labels
    files = [{k: v for k, v in a.items() if k != "storage_key"} | {"kind_label": labels.get(a["kind"], a["kind"])}
             for a in s.attachments]
    title = (s.content.get("overview") or {}).get("title")
    return {"form": addressed(form, s.unit_id), "document": s.content, "attachments": files,
            "version": s.version, "draft": False, "title": title if isinstance(title, str) else None}


def duplicate_hints(found) -> dict:
    """疑似重复登记, most alike first."""
    return {"items": [{"draft_id": h.other.draft_id, "title": h.other.title, "status_label": h.other.status_label,
                       "registration_number": h.other.registration_number, "reasons": list(h.reasons),
                       "similarity": h.similarity} for h in found]}


# -- attachments -------------------------------------------------------------------------------
def attachment(a: Attachment) -> dict:
    return {"id": a.id, "kind": a.kind, "filename": a.filename, "size": a.size,
            "sha256": a.sha256, "content_type": a.content_type,
            "uploaded_at": a.uploaded_at.isoformat()}


def labelled_attachment(a: Attachment, kind_labels: dict) -> dict:
    return {**attachment(a), "kind_label": kind_labels.get(a.kind, a.kind)}


def located_attachment(a: Attachment) -> dict:
    return {**attachment(a), "storage_key": a.storage_key}


def allowance(settings, remaining: int, kind_labels: dict) -> dict:
    return {"max_file_bytes": min(settings.max_file_bytes, remaining),
            "per_file_limit": settings.max_file_bytes, "total_limit": settings.max_total_bytes,
            "remaining_bytes": remaining, "kinds": kind_labels}


def removed_attachment(storage_key: str, held_by_snapshot: bool) -> dict:
    return {"storage_key": storage_key, "orphaned": not held_by_snapshot}


# -- snapshots ---------------------------------------------------------------------------------
def snapshot(s: Snapshot, *, storage_keys: bool) -> dict:
    """A submitted snapshot. Storage keys only for services (never for a browser)."""
    files = s.attachments if storage_keys else [{k: v for k, v in a.items() if k != "storage_key"}
                                                for a in s.attachments]
    return {"id": s.id, "draft_id": s.draft_id, "form_id": s.form_id, "category": s.category,
            "version": s.version, "unit_id": s.unit_id, "owner_id": s.owner_id,
            "content": s.content, "attachments": files, "submitted_at": s.submitted_at.isoformat()}


def repeated_upload(first: dict) -> dict:
    """A repeated upload answers the first attachment; `repeated` tells the gateway that the
    bytes it stored again (under a new key) belong to nothing and go (it drops the flag)."""
    return {**first, "repeated": True}


def repeated_submission(first: dict) -> dict:
    """A repeated submit answers the first submission, saying it is a repeat."""
    return {**first, "repeated": True}
