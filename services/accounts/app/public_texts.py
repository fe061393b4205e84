"""通知公告 and 常见问题: the office writes, changes, publishes and withdraws them; anyone reads the
published ones (the public pages)."""
from __future__ import annotations

from services.common.clock import utcnow
from services.common.errors import NotFound, invalid
from services.common.identity import Caller
from services.common.paging import read_page

from ..domain import access
from ..domain.public_texts import KIND_LABELS, read_text
from ..models import PublicText
from . import store


def _view(row: PublicText, full: bool = True) -> dict:
    body = {"id": row.id, "kind": row.kind, "kind_label": KIND_LABELS[row.kind], "title": row.title,
            "pinned": row.pinned, "published": row.published_at is not None,
            "published_at": row.published_at.isoformat() if row.published_at else None,
            "updated_at": row.updated_at.isoformat()}
    if full:
        body["body"] = row.body
    return body


def _kind(value) -> str | None:
    if value in (None, ""):
        return None
    if value not in KIND_LABELS:
        raise invalid({"kind": "类别应为通知公告（notice）或常见问题（faq）"})
    return value


def _page(session, kind, published_only, page, page_size, full) -> dict:
    page, page_size = read_page(page, page_size)
    rows, total = store.public_texts_page(session, kind, published_only, page, page_size)
    return {"items": [_view(r, full) for r in rows], "total": total, "page": page, "page_size": page_size}


def published(uow, kind, page=1, page_size=20) -> dict:
    """Anyone: the published texts of a kind, pinned first, newest first (notices without body;
    questions with their answers)."""
    kind = _kind(kind)
    return _page(uow.session, kind, True, page, page_size, full=kind == "faq")


def published_one(uow, text_id) -> dict:
    row = store.public_text(uow.session, text_id)
    if row is None or row.published_at is None:
        raise NotFound("text_not_found", "该通知公告不存在或已撤下")
    return _view(row)


def all_texts(uow, caller: Caller, kind, page=1, page_size=20) -> dict:
    """The office: every text, drafts too."""
    access.require_office(caller)
    return _page(uow.session, _kind(kind), False, page, page_size, full=True)


def create(uow, caller: Caller, data) -> dict:
    access.require_office(caller)
    clean, now = read_text(data), utcnow()
    row = PublicText(kind=clean["kind"], title=clean["title"], body=clean["body"], pinned=clean["pinned"],
                     published_at=now if clean["published"] else None, created_at=now, updated_at=now,
                     author_id=caller.user_id)
    store.add_public_text(uow.session, row)
    return _view(row)


def change(uow, caller: Caller, text_id, data) -> dict:
    """Change a text; publishing keeps the first publication time, withdrawing clears it."""
    access.require_office(caller)
    row = _own(uow, text_id)
    clean, now = read_text(data), utcnow()
    row.kind, row.title, row.body, row.pinned = clean["kind"], clean["title"], clean["body"], clean["pinned"]
    row.published_at = (row.published_at or now) if clean["published"] else None
    row.updated_at = now
    uow.session.flush()
    return _view(row)


def remove(uow, caller: Caller, text_id) -> dict:
    access.require_office(caller)
    store.delete_public_text(uow.session, _own(uow, text_id))
    return {"deleted": text_id}


def _own(uow, text_id) -> PublicText:
    row = store.public_text(uow.session, text_id)
    if row is None:
        raise NotFound("text_not_found", "该通知公告不存在")
    return row
