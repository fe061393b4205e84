"""填写科技成果: create, list, save leniently, check strictly, copy, delete, submit."""
from __future__ import annotations

import datetime as dt
import uuid

import sqlalchemy as sa
from sqlalchemy import orm

from services.common.errors import Conflict, InvalidInput, NotFound, invalid
from services.common.events import utcnow
from services.common.identity import REGISTRANT, Caller

from ..domain import status as st
from ..domain.check import check_document
from ..domain.content import clean_section
from ..domain.definitions import UnknownForm
from ..domain.problems import ERROR, passed, verdict
from ..models import Attachment, Draft, RegisteredIp, Snapshot

CATEGORY_LABELS = {"applied": "应用技术类", "basic": "基础理论类", "soft": "软科学类"}


def summary(draft: Draft) -> dict:
    """A row of the list 填写科技成果 (with its progress)."""
    return {"id": draft.id, "title": draft.title or "（未填写成果名称）", "category": draft.category,
            "category_label": CATEGORY_LABELS[draft.category], "form_id": draft.form_id,
            "status": draft.status, "status_label": st.label(draft.status),
            "stage": st.stage(draft.status), "version": draft.version,
            "editable": st.editable(draft.status), "updated_at": draft.updated_at.isoformat(),
            "submitted_at": draft.submitted_at.isoformat() if draft.submitted_at else None,
            "registration_number": draft.registration_number,
            "unit_id": draft.unit_id}


def attachment_dict(a: Attachment) -> dict:
    return {"id": a.id, "kind": a.kind, "filename": a.filename, "size": a.size,
            "sha256": a.sha256, "content_type": a.content_type,
            "uploaded_at": a.uploaded_at.isoformat()}


def attachments_of(session, draft_id: int) -> list[Attachment]:
    return list(session.scalars(sa.select(Attachment).where(Attachment.draft_id == draft_id)
                                .order_by(Attachment.id)))


def full(session, draft: Draft) -> dict:
    return {**summary(draft), "content": draft.content, "review_comments": draft.review_comments,
            "attachments": [attachment_dict(a) for a in attachments_of(session, draft.id)]}


def own(session, caller: Caller, draft_id) -> Draft:
    """The caller's own draft; anybody else's is reported as missing, not as forbidden."""
    draft = session.get(Draft, draft_id) if isinstance(draft_id, int) else None
    if draft is None or draft.owner_id != caller.user_id:
        raise NotFound("achievement_not_found", "该科技成果不存在")
    return draft


def editable(session, caller: Caller, draft_id) -> Draft:
    draft = own(session, caller, draft_id)
    if not st.editable(draft.status):
        raise Conflict("not_editable", f"该成果当前状态为“{st.label(draft.status)}”，不能修改")
    return draft


def _unit_for(caller: Caller, data: dict) -> int | None:
    units = sorted({g.unit_id for g in caller.grants if g.role == REGISTRANT}, key=lambda u: u or 0)
    wanted = data.get("unit_id")
    if wanted is not None:
        if wanted not in units:
            raise invalid({"unit_id": "您不是该单位的成果登记人"})
        return wanted
    if len(units) > 1:
        raise invalid({"unit_id": "您是多个单位的成果登记人，请选择本成果所属单位"})
    return units[0]


def create(uow, forms, caller: Caller, data) -> Draft:
    caller.require(REGISTRANT)
    data = data if isinstance(data, dict) else {}
    try:
        form = forms.latest(data.get("category"))
    except UnknownForm:
        raise invalid({"category": "成果类别应为：应用技术类、基础理论类或软科学类"}) from None
    now = utcnow()
    draft = Draft(owner_id=caller.user_id, unit_id=_unit_for(caller, data), form_id=form.id,
                  category=form.category, content={}, version=1, status="editing",
                  created_at=now, updated_at=now)
    uow.session.add(draft)
    uow.session.flush()
    return draft


def listing(session, caller: Caller) -> list[dict]:
    caller.require_login()
    rows = session.scalars(sa.select(Draft).where(Draft.owner_id == caller.user_id)
                           .options(orm.defer(Draft.content), orm.defer(Draft.review_comments))
                           .order_by(Draft.updated_at.desc(), Draft.id.desc()))
    return [summary(d) for d in rows]


def _denormalized(content: dict) -> dict:
    """The columns copied out of the content (searched and shown without reading it)."""
    title = (content.get("overview") or {}).get("title")
    number = (content.get("project") or {}).get("project_number")
    return {"title": title[:300] if isinstance(title, str) else None,
            "project_number": number[:100] if isinstance(number, str) else None}


def _denormalize(draft: Draft) -> None:
    for key, value in _denormalized(draft.content).items():
        setattr(draft, key, value)


def save(uow, forms, caller: Caller, draft_id, version, sections, today: dt.date) -> dict:
    """保存: keep what is well-formed, report the rest; refuse a stale 版本号 with 409."""
    session = uow.session
    draft = editable(session, caller, draft_id)
    if not isinstance(version, int) or isinstance(version, bool):
        raise invalid({"version": "请提供当前的版本号"})
    if not isinstance(sections, dict) or not sections:
        raise invalid({"sections": "请提供要保存的栏目内容"})
    if version != draft.version:
        raise Conflict("version_conflict", "该成果已在其他页面或由其他人保存过，请先载入最新内容",
                       details={"current_version": draft.version, "content": draft.content})
    form = forms.get(draft.form_id)
    content, problems = dict(draft.content), []
    for key, values in sections.items():
        kept, found = clean_section(form, key, values, today=today)
        problems += found
        if not any(p.code == "unknown_section" for p in found):
            content[key] = kept
    # one statement: the compare-and-set, with the columns copied out of the content
    updated = session.execute(sa.update(Draft).where(Draft.id == draft.id, Draft.version == version)
                              .values(content=content, version=version + 1, updated_at=utcnow(),
                                      **_denormalized(content))
                              .execution_options(synchronize_session=False))
    if updated.rowcount != 1:  # another save won the race since we read it
        session.rollback()
        current = session.get(Draft, draft.id)
        raise Conflict("version_conflict", "该成果已在其他页面或由其他人保存过，请先载入最新内容",
                       details={"current_version": current.version, "content": current.content})
    session.expire(draft)  # the loaded row is stale now: never flushed back
    return {"version": version + 1, "problems": [p.to_dict() for p in problems],
            "saved_sections": sorted(k for k in sections if k in content)}


def _duplicate_finder(session, draft: Draft):
    def is_duplicate(title, project_number, ip_numbers):
        others = sa.select(Draft.id).where(Draft.id != draft.id, Draft.status == "approved")
        if project_number and session.scalar(others.where(Draft.title == title,
                                                          Draft.project_number == project_number)):
            return "已有相同成果名称和项目编号的成果完成登记，不能重复登记"
        if ip_numbers and session.scalar(sa.select(RegisteredIp.number).where(
                RegisteredIp.number.in_(ip_numbers), RegisteredIp.draft_id != draft.id)):
            return "知识产权编号与已登记的成果重复，不能重复登记"
        return None
    return is_duplicate


def problems_of(session, forms, settings, draft: Draft, today: dt.date):
    kinds = [a.kind for a in attachments_of(session, draft.id)]
    return check_document(forms.get(draft.form_id), draft.content, attachments=kinds, today=today,
                          window_months=settings.window_months,
                          is_duplicate=_duplicate_finder(session, draft))


def check(session, forms, settings, caller: Caller, draft_id, today: dt.date) -> dict:
    """填写检查: every problem, by section and field."""
    draft = own(session, caller, draft_id)
    problems = problems_of(session, forms, settings, draft, today)
    return {"passed": not problems, "can_submit": passed(problems), "verdict": verdict(problems),
            "problems": [p.to_dict() for p in problems]}


def delete(session, caller: Caller, draft_id) -> list[str]:
    """Delete a draft never submitted; returns the storage keys of its attachments."""
    draft = own(session, caller, draft_id)
    if draft.ever_submitted:
        raise Conflict("was_submitted", "已提交过的成果不能删除")
    keys = [a.storage_key for a in attachments_of(session, draft.id)]
    session.execute(sa.delete(Attachment).where(Attachment.draft_id == draft.id))
    session.delete(draft)
    return keys


def copy(uow, caller: Caller, draft_id) -> Draft:
    """A new draft with the same content and form version (attachments are not copied)."""
    source = own(uow.session, caller, draft_id)
    now = utcnow()
    draft = Draft(owner_id=caller.user_id, unit_id=source.unit_id, form_id=source.form_id,
                  category=source.category, content=dict(source.content), version=1,
                  status="editing", created_at=now, updated_at=now)
    _denormalize(draft)
    uow.session.add(draft)
    uow.session.flush()
    return draft


def submit(uow, forms, settings, caller: Caller, draft_id, request_id, today: dt.date) -> dict:
    """提交: only a draft that passes the check. The same request twice submits once: by the
    client's request id, or without one, a repeat while the same version is under review."""
    session = uow.session
    draft = own(session, caller, draft_id)
    explicit = isinstance(request_id, str) and bool(request_id)
    if explicit:
        earlier = session.scalar(sa.select(Snapshot).where(Snapshot.draft_id == draft.id,
                                                           Snapshot.request_id == request_id[:64]))
        if earlier is not None:
            return {**summary(draft), "snapshot_id": earlier.id, "repeated": True}
    if not st.editable(draft.status):
        latest = session.scalar(sa.select(Snapshot).where(Snapshot.draft_id == draft.id)
                                .order_by(Snapshot.id.desc()).limit(1))
        if not explicit and latest is not None and latest.version == draft.version:
            return {**summary(draft), "snapshot_id": latest.id, "repeated": True}  # a retry
        raise Conflict("not_editable", f"该成果当前状态为“{st.label(draft.status)}”，不能重复提交")
    problems = problems_of(session, forms, settings, draft, today)
    blocking = [p for p in problems if p.level == ERROR
                or (p.code == "out_of_window" and settings.window_at_submit == "refuse")]
    if blocking:
        raise InvalidInput("check_failed", "检查未通过，请修改后再提交",
                           details={"problems": [p.to_dict() for p in blocking]})
    now = utcnow()
    attachments = [{**attachment_dict(a), "storage_key": a.storage_key}
                   for a in attachments_of(session, draft.id)]
    request_id = request_id[:64] if explicit else uuid.uuid4().hex
    snapshot = Snapshot(draft_id=draft.id, request_id=request_id, owner_id=draft.owner_id,
                        unit_id=draft.unit_id, form_id=draft.form_id, category=draft.category,
                        version=draft.version, content=draft.content, attachments=attachments,
                        submitted_at=now)
    session.add(snapshot)
    level = st.first_level(draft.unit_id)
    draft.status = st.LEVEL_STATUS[level]
    draft.submitted_at, draft.ever_submitted, draft.review_comments = now, True, None
    session.flush()
    uow.emit("submitted", {
        "draft_id": draft.id, "snapshot_id": snapshot.id, "owner_id": draft.owner_id,
        "unit_id": draft.unit_id, "category": draft.category, "form_id": draft.form_id,
        "title": draft.title, "first_level": level, "submitted_at": now.isoformat()})
    return {**summary(draft), "snapshot_id": snapshot.id, "repeated": False}
