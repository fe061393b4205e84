"""Loading and saving drafts, attachments and snapshots: rows ↔ domain objects, the
compare-and-set on the 版本号, and the queries of the registration service."""
from __future__ import annotations

import dataclasses

import sqlalchemy as sa

from services.common.upsert import insert_for

from ..domain import status as st
from ..domain.draft import Attachment, Draft, Snapshot
from ..domain.duplicates import Registration, number_key, probes, title_key
from ..models import AttachmentRow, DraftRow, RegisteredIp, SnapshotRow, SubmittedIp, metadata  # noqa: F401 (the service's Database)

_DRAFTS = DraftRow.__table__
_ATTACHMENTS = AttachmentRow.__table__
_SNAPSHOTS = SnapshotRow.__table__
_DRAFT_FIELDS = tuple(f.name for f in dataclasses.fields(Draft))
_LISTED = [c for c in _DRAFTS.c if c.name not in ("content", "review_comments")]
_SAVED = ("content", "version", "updated_at", "title", "project_number", "title_key")


def _values(obj) -> dict:
    """The columns of a new row; None is left out so that it is stored as SQL NULL."""
    return {k: v for k, v in dataclasses.asdict(obj).items() if k != "id" and v is not None}


# -- drafts ------------------------------------------------------------------------------------
def _draft(row) -> Draft:
    values = row._asdict()  # a plain dict: a Row's mapping is slow for the columns a listing leaves out
    return Draft(**{name: values.get(name) for name in _DRAFT_FIELDS})


# The statements of a save (one read, one compare-and-set), built once: building them per save
# was ~10% of the registration process's CPU at 32 clients (docs/performance.md, issue 14).
_ONE = sa.select(_DRAFTS).where(_DRAFTS.c.id == sa.bindparam("draft_id"))
_ONE_FOR_UPDATE = _ONE.with_for_update()
_SAVE = (sa.update(_DRAFTS)
         .where(_DRAFTS.c.id == sa.bindparam("old_id"), _DRAFTS.c.version == sa.bindparam("old_version"))
         .values({name: sa.bindparam(f"new_{name}", type_=_DRAFTS.c[name].type) for name in _SAVED}))


def draft(session, draft_id, *, for_update: bool = False) -> Draft | None:
    """A draft, or None. `for_update` locks its row until the transaction ends (PostgreSQL)."""
    if not isinstance(draft_id, int):
        return None
    row = session.execute(_ONE_FOR_UPDATE if for_update else _ONE, {"draft_id": draft_id}).first()
    return _draft(row) if row else None


def drafts_of(session, owner_id: int, q: str = "", status: str | None = None,
              page: int = 1, page_size: int = 20) -> tuple[list[Draft], int]:
    """A page of the owner's drafts (title containing `q`, in `status`), last changed first,
    without their content; and how many there are in all."""
    where = [_DRAFTS.c.owner_id == owner_id]
    if q:
        where.append(_DRAFTS.c.title.contains(q, autoescape=True))
    if status:
        where.append(_DRAFTS.c.status == status)
    total = session.scalar(sa.select(sa.func.count()).select_from(_DRAFTS).where(*where))
    rows = session.execute(sa.select(*_LISTED).where(*where)
                           .order_by(_DRAFTS.c.updated_at.desc(), _DRAFTS.c.id.desc())
                           .offset((page - 1) * page_size).limit(page_size))
    return [_draft(r) for r in rows], total


def insert_draft(session, new: Draft) -> Draft:
    inserted = session.execute(_DRAFTS.insert().values(**_values(new)))
    return dataclasses.replace(new, id=inserted.inserted_primary_key[0])


def save_content(session, old: Draft, new: Draft) -> bool:
    """保存 in one statement, only if the 版本号 is still the one loaded; False if it is not."""
    done = session.execute(_SAVE, {"old_id": old.id, "old_version": old.version,
                                   **{f"new_{name}": getattr(new, name) for name in _SAVED}})
    return done.rowcount == 1


def update(session, old: Draft, new: Draft) -> bool:
    """Store what changed between `old` and `new`, only if the 版本号 is still the one loaded."""
    changed = {name: getattr(new, name) for name in _DRAFT_FIELDS
               if getattr(new, name) != getattr(old, name)}
    if not changed:
        return True
    done = session.execute(sa.update(_DRAFTS)
                           .where(_DRAFTS.c.id == old.id, _DRAFTS.c.version == old.version)
                           .values(**changed))
    return done.rowcount == 1


def delete_draft(session, draft_id: int) -> None:
    """A draft and its attachments' metadata (never submitted: no snapshot refers to it)."""
    session.execute(sa.delete(_ATTACHMENTS).where(_ATTACHMENTS.c.draft_id == draft_id))
    session.execute(sa.delete(_DRAFTS).where(_DRAFTS.c.id == draft_id))


def duplicate_finder(session, draft_id: int):
    """`is_duplicate(title, project_number, ip_numbers)` for the check: a message naming what
    another registered achievement already has, or None."""
    def is_duplicate(title, project_number, ip_numbers):
        others = sa.select(_DRAFTS.c.id).where(_DRAFTS.c.id != draft_id,
                                               _DRAFTS.c.status == "approved")
        if project_number and session.scalar(others.where(_DRAFTS.c.title == title,
                                                          _DRAFTS.c.project_number == project_number)):
            return "已有相同成果名称和项目编号的成果完成登记，不能重复登记"
        if ip_numbers and session.scalar(sa.select(RegisteredIp.number).where(
                RegisteredIp.number.in_(ip_numbers), RegisteredIp.draft_id != draft_id)):
            return "知识产权编号与已登记的成果重复，不能重复登记"
        return None
    return is_duplicate


def replace_submitted_ip_numbers(session, draft_id: int, numbers) -> None:
    """The IP numbers of the draft's latest submission (their keys), for 疑似重复登记."""
    session.execute(sa.delete(SubmittedIp).where(SubmittedIp.draft_id == draft_id))
    keys = sorted({number_key(n)[:100] for n in numbers if number_key(n)})
    if keys:
        session.execute(sa.insert(SubmittedIp), [{"draft_id": draft_id, "number": k} for k in keys])


def duplicate_candidates(session, this: Registration, limit: int = 100) -> list[Registration]:
    """Submitted registrations (never-submitted drafts are nobody's business) that share a piece
    of the title, the project number or an IP number with `this`, newest first."""
    key = title_key(this.title)
    found = [_DRAFTS.c.title_key.contains(p, autoescape=True) for p in probes(key)]
    if this.project_number and this.project_number.strip():
        found.append(sa.func.lower(_DRAFTS.c.project_number) == this.project_number.strip().lower())
    ips = sorted({number_key(n)[:100] for n in this.ip_numbers if number_key(n)})
    if ips:
        found.append(_DRAFTS.c.id.in_(sa.select(SubmittedIp.draft_id).where(SubmittedIp.number.in_(ips))))
    if not found:
        return []
    rows = session.execute(
        sa.select(_DRAFTS.c.id, _DRAFTS.c.title, _DRAFTS.c.project_number, _DRAFTS.c.status,
                  _DRAFTS.c.registration_number)
        .where(_DRAFTS.c.id != this.draft_id, _DRAFTS.c.ever_submitted.is_(True), sa.or_(*found))
        .order_by(_DRAFTS.c.updated_at.desc()).limit(limit)).all()
    numbers: dict[int, set[str]] = {}
    for draft_id, number in session.execute(sa.select(SubmittedIp.draft_id, SubmittedIp.number)
                                            .where(SubmittedIp.draft_id.in_([r[0] for r in rows]))):
        numbers.setdefault(draft_id, set()).add(number)
    return [Registration(r.id, r.title, r.project_number, frozenset(numbers.get(r.id, ())),
                         st.label(r.status), r.registration_number) for r in rows]


def register_ip_numbers(session, draft_id: int, numbers) -> None:
    for number in numbers:
        session.execute(insert_for(session, RegisteredIp.__table__)
                        .values(draft_id=draft_id, number=number).on_conflict_do_nothing())


def forget_ip_numbers(session, draft_id: int) -> None:
    session.execute(sa.delete(RegisteredIp).where(RegisteredIp.draft_id == draft_id))


# -- attachments -------------------------------------------------------------------------------
def _attachment(row) -> Attachment:
    return Attachment(**row._mapping)


def attachments_of(session, draft_id: int) -> list[Attachment]:
    rows = session.execute(sa.select(_ATTACHMENTS).where(_ATTACHMENTS.c.draft_id == draft_id)
                           .order_by(_ATTACHMENTS.c.id))
    return [_attachment(r) for r in rows]


def attachment(session, draft_id: int, attachment_id) -> Attachment | None:
    """One attachment of the draft, or None."""
    if not isinstance(attachment_id, int):
        return None
    row = session.execute(sa.select(_ATTACHMENTS).where(_ATTACHMENTS.c.id == attachment_id)).first()
    return _attachment(row) if row and row.draft_id == draft_id else None


def used_bytes(session, draft_id: int) -> int:
    return session.scalar(sa.select(sa.func.coalesce(sa.func.sum(_ATTACHMENTS.c.size), 0))
                          .where(_ATTACHMENTS.c.draft_id == draft_id))


def insert_attachment(session, new: Attachment) -> Attachment:
    inserted = session.execute(_ATTACHMENTS.insert().values(**_values(new)))
    return dataclasses.replace(new, id=inserted.inserted_primary_key[0])


def delete_attachment(session, attachment_id: int) -> None:
    session.execute(sa.delete(_ATTACHMENTS).where(_ATTACHMENTS.c.id == attachment_id))


def held_by_snapshot(session, draft_id: int, storage_key: str) -> bool:
    """True when a submitted snapshot of the draft lists a file under `storage_key`."""
    return any(a.get("storage_key") == storage_key for listed in session.scalars(
        sa.select(_SNAPSHOTS.c.attachments).where(_SNAPSHOTS.c.draft_id == draft_id)) for a in listed)


# -- snapshots ---------------------------------------------------------------------------------
def _snapshot(row) -> Snapshot:
    return Snapshot(**row._mapping)


def _one_snapshot(session, *conditions) -> Snapshot | None:
    row = session.execute(sa.select(_SNAPSHOTS).where(*conditions)
                          .order_by(_SNAPSHOTS.c.id.desc()).limit(1)).first()
    return _snapshot(row) if row else None


def snapshot(session, snapshot_id) -> Snapshot | None:
    if not isinstance(snapshot_id, int):
        return None
    return _one_snapshot(session, _SNAPSHOTS.c.id == snapshot_id)


def snapshots(session, snapshot_ids: list[int]) -> list[Snapshot]:
    rows = session.execute(sa.select(_SNAPSHOTS).where(_SNAPSHOTS.c.id.in_(snapshot_ids))).all()
    return [_snapshot(row) for row in rows]


def snapshot_for_request(session, draft_id: int, request_id: str) -> Snapshot | None:
    """The snapshot an earlier submit with this client request id made, if any."""
    return _one_snapshot(session, _SNAPSHOTS.c.draft_id == draft_id,
                         _SNAPSHOTS.c.request_id == request_id)


def latest_snapshot(session, draft_id: int) -> Snapshot | None:
    return _one_snapshot(session, _SNAPSHOTS.c.draft_id == draft_id)


def latest_snapshot_id(session, draft_id: int) -> int | None:
    return session.scalar(sa.select(sa.func.max(_SNAPSHOTS.c.id))
                          .where(_SNAPSHOTS.c.draft_id == draft_id))


def set_snapshot_recommender(session, snapshot_id, recommender_id: int) -> None:
    """The 推荐单位 the snapshot's form names reads it (review's `opened`)."""
    if isinstance(snapshot_id, int):
        session.execute(sa.update(_SNAPSHOTS).where(_SNAPSHOTS.c.id == snapshot_id)
                        .values(recommender_id=recommender_id))


def insert_snapshot(session, new: Snapshot) -> Snapshot:
    inserted = session.execute(_SNAPSHOTS.insert().values(**_values(new)))
    return dataclasses.replace(new, id=inserted.inserted_primary_key[0])
