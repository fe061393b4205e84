"""A registration draft, its attachments and the snapshots it submits, and how a draft changes.

Every change returns a new Draft (nothing is changed in place); app/store.py saves it. A save
bumps the 版本号 and is stored compare-and-set on it; submit, review events and nothing else
move the status (domain/status.py). See docs/architecture.md ("版本号", "Submit is idempotent").
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from services.common.clock import as_utc
from services.common.errors import Conflict, InvalidInput, invalid

from . import status as st
from .duplicates import title_key
from .content import clean_section
from .problems import ERROR, Problem


@dataclass(frozen=True)
class Attachment:
    """附件清单: a file's metadata; the bytes are in the file store under `storage_key`."""
    id: int | None
    draft_id: int
    kind: str
    filename: str
    storage_key: str
    sha256: str
    size: int
    content_type: str
    uploaded_at: dt.datetime


@dataclass(frozen=True)
class Snapshot:
    """What was submitted, frozen: reviewers read it and the certificate comes from it.
    `attachments` holds the attachment list of the moment, storage keys included."""
    id: int | None
    draft_id: int
    request_id: str
    owner_id: int
    unit_id: int | None
    form_id: str
    category: str
    version: int
    content: dict
    attachments: list
    submitted_at: dt.datetime
    recommender_id: int | None = None   # the 推荐单位 the form names (review's `opened`): a reader

    def attachment(self, attachment_id) -> dict | None:
        return next((a for a in self.attachments if a["id"] == attachment_id), None)


@dataclass(frozen=True)
class Draft:
    id: int | None                 # assigned when first stored
    owner_id: int
    unit_id: int | None            # None: a registrant without a unit (无依托单位)
    form_id: str
    category: str
    content: dict | None           # None when listed without it
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int = 1               # 版本号: +1 on every save
    status: str = st.EDITING
    title: str | None = None       # copied out of the content, searched and listed without it
    project_number: str | None = None
    title_key: str | None = None   # the title compared for 疑似重复登记 (duplicates.title_key)
    review_comments: dict | None = None
    registration_number: str | None = None
    registered_on: dt.date | None = None
    submitted_at: dt.datetime | None = None
    review_at: dt.datetime | None = None     # the moment of the last review event applied
    ever_submitted: bool = False

    @classmethod
    def begin(cls, owner_id: int, unit_id: int | None, form, now: dt.datetime) -> "Draft":
        return cls(id=None, owner_id=owner_id, unit_id=unit_id, form_id=form.id,
                   category=form.category, content={}, created_at=now, updated_at=now)

    @property
    def editable(self) -> bool:
        return st.editable(self.status)

    def copied_for(self, owner_id: int, now: dt.datetime) -> "Draft":
        """A new draft with the same content and form version (attachments are not copied)."""
        return Draft(id=None, owner_id=owner_id, unit_id=self.unit_id, form_id=self.form_id,
                     category=self.category, content=dict(self.content), created_at=now,
                     updated_at=now, **denormalized(self.content))

    def saved(self, seen_version: int, form, sections: dict, today: dt.date,
              now: dt.datetime) -> tuple["Draft", list[Problem]]:
        """保存: the draft with what is well-formed in `sections`, and the problems of the rest."""
        if seen_version != self.version:
            raise version_conflict(self)
        content, problems = dict(self.content), []
        for key, values in sections.items():
            kept, found = clean_section(form, key, values, today=today)
            problems += found
            if not any(p.code == "unknown_section" for p in found):
                content[key] = kept
        return dataclasses.replace(self, content=content, version=self.version + 1,
                                   updated_at=now, **denormalized(content)), problems

    def require_deletable(self) -> None:
        if self.ever_submitted:
            raise Conflict("was_submitted", "已提交过的成果不能删除")

    def require_submittable(self) -> None:
        if not self.editable:
            raise Conflict("not_editable", f"该成果当前状态为“{st.label(self.status)}”，不能重复提交")

    def submitted(self, request_id: str, attachments: list[Attachment],
                  now: dt.datetime) -> tuple["Draft", Snapshot]:
        """提交: the draft waiting at its first review level, and the snapshot it froze."""
        frozen = [{"id": a.id, "kind": a.kind, "filename": a.filename, "size": a.size,
                   "sha256": a.sha256, "content_type": a.content_type,
                   "uploaded_at": a.uploaded_at.isoformat(), "storage_key": a.storage_key}
                  for a in attachments]
        snapshot = Snapshot(id=None, draft_id=self.id, request_id=request_id, owner_id=self.owner_id,
                            unit_id=self.unit_id, form_id=self.form_id, category=self.category,
                            version=self.version, content=self.content, attachments=frozen,
                            submitted_at=now)
        draft = dataclasses.replace(self, status=st.LEVEL_STATUS[st.first_level(self.unit_id)],
                                    submitted_at=now, ever_submitted=True, review_comments=None)
        return draft, snapshot

    def after_review(self, event_type: str, data: dict, latest_snapshot_id: int | None) -> "Draft | None":
        """The draft as a review event leaves it, or None when the event does not apply: a
        type that changes nothing, an earlier submission's (a late or retried event), or one
        older than the decision the draft already shows."""
        new_status = st.after_review_event(event_type, data)
        if new_status is None or data.get("snapshot_id") != latest_snapshot_id:
            return None
        if event_type == "opened" and self.status != st.LEVEL_STATUS[st.first_level(self.unit_id)]:
            return None   # where the case starts only matters while nothing has happened since submit
        at = _moment(data.get("at"))
        if at is not None and self.review_at is not None and at < self.review_at:
            return None
        changes = {"status": new_status, "review_at": at or self.review_at}
        if event_type == "returned":
            changes["review_comments"] = {"comment": data.get("comment"),
                                          "sections": data.get("section_comments") or {},
                                          "by_level": data.get("from_level")}
        elif event_type == "approved":
            changes["registration_number"] = data.get("registration_number")
            changes["registered_on"] = _date(data.get("registered_on"))
        return dataclasses.replace(self, **changes)


def version_conflict(current: Draft) -> Conflict:
    """409 for a save made on a version that is no longer the current one."""
    return Conflict("version_conflict", "该成果已在其他页面或由其他人保存过，请先载入最新内容",
                    details={"current_version": current.version, "content": current.content})


def read_save(version, sections) -> None:
    """The 版本号 the client saw and the sections it sends, as untrusted input."""
    if not isinstance(version, int) or isinstance(version, bool):
        raise invalid({"version": "请提供当前的版本号"})
    if not isinstance(sections, dict) or not sections:
        raise invalid({"sections": "请提供要保存的栏目内容"})


def require_no_blocking(problems: list[Problem], window_at_submit: str) -> None:
    """Submit refuses errors, and a late registration when the window is enforced at submit."""
    blocking = [p for p in problems if p.level == ERROR
                or (p.code == "out_of_window" and window_at_submit == "refuse")]
    if blocking:
        raise InvalidInput("check_failed", "检查未通过，请修改后再提交",
                           details={"problems": [p.to_dict() for p in blocking]})


def submitted_event(draft: Draft, snapshot: Snapshot, sections: dict) -> dict:
    """The data of the `submitted` event (docs/events/registration.yaml); `sections`: the form's
    section titles by key (FormDefinition.section_titles); `recommender`: the form's 推荐单位 as
    written ("" when blank), which the review service matches to a 推荐单位 account."""
    return {"draft_id": draft.id, "snapshot_id": snapshot.id, "owner_id": draft.owner_id,
            "unit_id": draft.unit_id, "category": draft.category, "form_id": draft.form_id,
            "title": draft.title, "first_level": st.first_level(draft.unit_id),
            "submitted_at": snapshot.submitted_at.isoformat(), "sections": dict(sections),
            "recommender": _text((snapshot.content.get("overview") or {}).get("recommender"))}


def _text(value) -> str:
    return value.strip()[:100] if isinstance(value, str) else ""


def registered_ip_numbers(content: dict) -> set[str]:
    """The IP numbers of a registered achievement, for the duplicate check."""
    rows = (content.get("ip") or {}).get("ip_rows") or []
    return {r.get("number") for r in rows if r.get("number")}


def denormalized(content: dict) -> dict:
    """The columns copied out of the content (searched and shown without reading it)."""
    title = (content.get("overview") or {}).get("title")
    number = (content.get("project") or {}).get("project_number")
    return {"title": title[:300] if isinstance(title, str) else None,
            "project_number": number[:100] if isinstance(number, str) else None,
            "title_key": title_key(title)}


def _moment(text) -> dt.datetime | None:
    try:
        return as_utc(dt.datetime.fromisoformat(text)) if isinstance(text, str) else None
    except ValueError:
        return None


def _date(text) -> dt.date | None:
    return dt.date.fromisoformat(text) if isinstance(text, str) and text else None
