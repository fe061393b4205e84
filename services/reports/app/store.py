"""The repository of the read model: events, snapshots' content and registration rows, and the
counts and lists the office and the public register read. Functions take the session of the
caller's unit of work."""
from __future__ import annotations

import datetime as dt
import functools
import hashlib

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from services.common.upsert import insert_for

from ..domain.registration_row import search_chars
from ..domain.statistics_query import NOT_FILLED
from ..models import (EventRow, ExportRow, FactRow, RegistrationRow, SnapshotRow, VersionRow,  # noqa: F401
                      WordsRow, metadata)  # noqa: F401 (the service's Database)

R = RegistrationRow
F = FactRow     # what finding and counting read: narrow (models.py)
W = WordsRow    # the words they are found by
TRIGRAM = 3     # words this long or longer are looked up in the trigram index
SHOWN = frozenset(c.key for c in R.__table__.columns)
FOUND = frozenset(c.key for c in F.__table__.columns)
COLUMN_OF = {"unit": F.first_unit, "refusal_reason": F.refusal_reason_label}  # others: same name
LIMITS = {"title": 300, "refusal_reason": 40, "refusal_reason_label": 100, "region": 12,
          "discipline": 12, "industry": 12, "hightech_field": 12, "achievement_level": 20,
          "achievement_stage": 20, "evaluation_method": 20, "project_number": 100,
          "first_unit": 200, "level": 20}


def column(dimension: str):
    return COLUMN_OF.get(dimension) or getattr(F, dimension)


def lock_draft(session, draft_id: int) -> None:
    """Two events of one registration handled at once (two queues, several instances) must not
    each fold without the other's event. PostgreSQL: a transaction-scoped advisory lock per
    draft; SQLite's write transactions (BEGIN IMMEDIATE) are serialised already."""
    if session.get_bind().dialect.name != "postgresql":
        return
    key = int.from_bytes(hashlib.sha256(f"reports:{draft_id}".encode()).digest()[:8], "big", signed=True)
    session.execute(sa.select(sa.func.pg_advisory_xact_lock(key)))


# -- what arrives ----------------------------------------------------------------------------
def has_snapshot(session, snapshot_id: int) -> bool:
    return session.scalar(sa.select(SnapshotRow.snapshot_id)
                          .where(SnapshotRow.snapshot_id == snapshot_id)) is not None


def known_snapshots(session, snapshot_ids: list[int]) -> set[int]:
    if not snapshot_ids:
        return set()
    return set(session.scalars(sa.select(SnapshotRow.snapshot_id)
                               .where(SnapshotRow.snapshot_id.in_(snapshot_ids))))


def add_snapshot(session, snapshot_id: int, draft_id: int, form_id, content: dict,
                 now: dt.datetime) -> None:
    session.execute(insert_for(session, SnapshotRow.__table__).values(
        snapshot_id=snapshot_id, draft_id=draft_id,
        form_id=form_id if isinstance(form_id, str) else None, content=content, fetched_at=now)
        .on_conflict_do_nothing(index_elements=["snapshot_id"]))


# Statements of the ingest path, built once (building one per event cost as much as running it).
_SNAPSHOT_CONTENT = sa.select(SnapshotRow.content).where(SnapshotRow.snapshot_id == sa.bindparam("id"))
_ADD_EVENT = sa.insert(EventRow.__table__)
_MOVE_ON = (sa.update(VersionRow.__table__).where(VersionRow.id == 1)
            .values(version=VersionRow.version + 1))
_VERSION = sa.select(VersionRow.version).where(VersionRow.id == 1)


def snapshot_content(session, snapshot_id: int | None) -> dict | None:
    if snapshot_id is None:
        return None
    return session.scalar(_SNAPSHOT_CONTENT, {"id": snapshot_id})


def add_event(session, envelope: dict, source: str, draft_id: int, now: dt.datetime) -> None:
    session.execute(_ADD_EVENT, _event_row(envelope, source, draft_id, now))


def _event_row(envelope: dict, source: str, draft_id: int, now: dt.datetime) -> dict:
    occurred = envelope.get("occurred_at")
    return {"event_id": envelope["event_id"], "source": source, "type": str(envelope.get("type")),
            "draft_id": draft_id, "occurred_at": str(occurred)[:40] if occurred else None,
            "data": envelope.get("data") or {}, "received_at": now}


def events_of(session, draft_id: int) -> list[dict]:
    return events_of_many(session, [draft_id])[draft_id]


def events_of_many(session, draft_ids: list[int]) -> dict[int, list[dict]]:
    found: dict[int, list[dict]] = {d: [] for d in draft_ids}
    rows = session.execute(sa.select(EventRow.draft_id, EventRow.event_id, EventRow.source,
                                     EventRow.type, EventRow.data, EventRow.occurred_at)
                           .where(EventRow.draft_id.in_(draft_ids)))
    for row in rows:
        event = dict(row._mapping)
        found[event.pop("draft_id")].append(event)
    return found


def snapshot_contents(session, snapshot_ids: list[int]) -> dict[int, dict]:
    if not snapshot_ids:
        return {}
    return dict(session.execute(sa.select(SnapshotRow.snapshot_id, SnapshotRow.content)
                                .where(SnapshotRow.snapshot_id.in_(snapshot_ids))).all())


def counted_already(session, consumer: str, event_ids: list[str]) -> set[str]:
    table = metadata.tables["processed_events"]
    return set(session.scalars(sa.select(table.c.event_id).where(
        table.c.consumer == consumer, table.c.event_id.in_(event_ids)))) if event_ids else set()


def add_counted(session, consumer: str, envelopes: list[tuple[dict, str, int]], now) -> None:
    """Many events at once (the rebuild's page): [(envelope, source, draft_id)], each recorded
    as processed by `consumer` (as UnitOfWork.first_time records one)."""
    if not envelopes:
        return
    session.execute(metadata.tables["processed_events"].insert(),
                    [{"consumer": consumer, "event_id": e["event_id"], "processed_at": now}
                     for e, _, _ in envelopes])
    session.execute(_ADD_EVENT, [_event_row(e, source, draft_id, now) for e, source, draft_id in envelopes])


def put_registrations(session, many: list[dict], now: dt.datetime) -> None:
    """Registrations' rows and, once they have a status, their facts and words
    (domain/registration_row.py). Written as upserts, a statement per table and shape for all of
    them: the rows are never read first."""
    shown, found, words, gone = [], [], [], []
    by_character = session.get_bind().dialect.name == "sqlite"
    for values in many:
        values = {k: (v[:LIMITS[k]] if k in LIMITS and isinstance(v, str) else v)
                  for k, v in values.items()}
        shown.append({**{k: v for k, v in values.items() if k in SHOWN}, "updated_at": now})
        if values.get("status") is None:
            gone.append(values["draft_id"])
        else:
            found.append({k: values.get(k) for k in FOUND})
            text = values.get("search_text")
            words.append({"draft_id": values["draft_id"], "search_text": text,
                          **({"search_chars": search_chars(text)} if by_character else {})})
    _upsert(session, R, shown)
    _upsert(session, F, found)
    # only a changed text: the update rewrites the indexes' entries (SQLite's triggers)
    _upsert(session, W, words, changed="search_text")
    for model in (F, W) if gone else ():
        session.execute(sa.delete(model).where(model.draft_id.in_(gone)))
    if many:
        moved_on(session)


def _upsert(session, model, rows: list[dict], changed: str | None = None) -> None:
    shapes: dict[tuple, list[dict]] = {}
    for row in rows:
        shapes.setdefault(tuple(sorted(row)), []).append(row)
    for keys, same in shapes.items():
        session.execute(_upsert_statement(session.get_bind().dialect.name, model.__table__, keys,
                                          changed), same)


@functools.lru_cache(maxsize=32)
def _upsert_statement(dialect: str, table: sa.Table, keys: tuple[str, ...], changed: str | None):
    """INSERT … ON CONFLICT (draft_id) DO UPDATE of the given columns, built once per shape: building
    it for every row cost more than running it (docs/performance.md)."""
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)
    where = table.c[changed].is_distinct_from(insert.excluded[changed]) if changed else None
    return insert.on_conflict_do_update(index_elements=["draft_id"], where=where,
                                        set_={k: insert.excluded[k] for k in keys if k != "draft_id"})


def moved_on(session) -> None:
    """The read model changed: its version moves on (with the change, in its transaction)."""
    if session.execute(_MOVE_ON).rowcount == 0:
        session.add(VersionRow(id=1, version=1))
        session.flush()


def version(session) -> int:
    return session.scalar(_VERSION) or 0


def drafts_with_events(session, after: int, size: int) -> list[int]:
    return list(session.scalars(sa.select(EventRow.draft_id).where(EventRow.draft_id > after)
                                .group_by(EventRow.draft_id).order_by(EventRow.draft_id).limit(size)))


def draft_ids(session) -> list[int]:
    return list(session.scalars(sa.select(R.draft_id).order_by(R.draft_id)))


def restamp_years(session, draft_id: int, registration_year, statistics_year) -> None:
    for model in (R, F):
        session.execute(sa.update(model).where(model.draft_id == draft_id).values(
            registration_year=registration_year, statistics_year=statistics_year))
    moved_on(session)


# -- what the office reads -------------------------------------------------------------------
def where(filters: dict[str, tuple[str, ...]]) -> list:
    """Conditions on the facts for the statistics' filters (a registration has facts once it has
    been submitted)."""
    conditions = []
    for key, values in filters.items():
        col = column(key)
        if key in ("registration_year", "statistics_year"):
            conditions.append(col.in_([int(v) for v in values]))
            continue
        chosen = [v for v in values if v != NOT_FILLED]
        either = [col.in_(chosen)] if chosen else []
        if NOT_FILLED in values:
            either.append(col.is_(None))
        conditions.append(sa.or_(*either))
    return conditions


def counts(session, dimensions: list[str], filters) -> list[tuple]:
    """[(value, …, n)] grouped by the dimensions."""
    cols = [column(d) for d in dimensions]
    query = sa.select(*cols, sa.func.count()).where(*where(filters)).group_by(*cols)
    return [tuple(row) for row in session.execute(query)]


def matching(session, filters, words: str | None, page: int,
             page_size: int) -> tuple[list[RegistrationRow], int]:
    return _paged(session, where(filters) + _words(session, words),
                  (F.submitted_at.desc(), F.draft_id.desc()), page, page_size, words=bool(words))


def batch_after(session, filters, words: str | None, after: int, size: int) -> list[RegistrationRow]:
    """The next `size` matching rows after draft `after`, in draft order (exports read by key,
    never by offset)."""
    return list(session.scalars(sa.select(R).join(F, F.draft_id == R.draft_id)
                                .where(*where(filters), *_words(session, words), F.draft_id > after)
                                .order_by(F.draft_id).limit(size)))


def count_matching(session, filters, words: str | None) -> int:
    return _count(session, where(filters) + _words(session, words))


def _words(session, words: str | None) -> list:
    """Every word (at most five) somewhere in the registration's words. SQLite looks a word of
    three characters or more up in its FTS5 trigram table (migration 0002), a shorter one of
    letters and digits as the phrase of its characters in its table of one character to a token
    (0003); PostgreSQL's planner uses its pg_trgm index for the LIKE by itself (0002). Any other
    word is looked for in every row."""
    if not words:
        return []
    sqlite = session.get_bind().dialect.name == "sqlite"
    conditions = []
    for word in words.lower().split()[:5]:
        if sqlite and len(word) >= TRIGRAM:
            found = _fts("registration_words_fts", '"' + word.replace('"', '""') + '"')
        elif sqlite and word.isalnum():
            found = _fts("registration_chars_fts", '"' + " ".join(word) + '"')
        else:
            found = sa.select(W.draft_id).where(W.search_text.contains(word, autoescape=True))
        conditions.append(F.draft_id.in_(found))
    return conditions


def _fts(table: str, phrase: str):
    """The drafts whose words an FTS5 table finds the phrase in."""
    return (sa.select(sa.column("rowid")).select_from(sa.table(table))
            .where(sa.literal_column(table).op("MATCH")(sa.bindparam(None, phrase, sa.Text))))


def _count(session, conditions: list) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(F).where(*conditions))


def _paged(session, conditions: list, order, page: int, page_size: int,
           words: bool = False) -> tuple[list, int]:
    """One page of the registrations whose facts meet the conditions, and how many there are:
    found in the facts, then only the page's rows read whole. With `words`, the page and the
    total come from one statement (a window count): finding the words is the costly part, done
    once instead of twice; without, the page follows an index and stops at its last row."""
    found = sa.select(F.draft_id).where(*conditions).order_by(*order)
    found = found.offset((page - 1) * page_size).limit(page_size)
    if not words:
        return _shown(session, found), _count(session, conditions)
    rows = session.execute(found.add_columns(sa.func.count().over())).all()
    total = rows[0][1] if rows else _count(session, conditions)
    return _shown_ids(session, [r[0] for r in rows]), total


def _shown(session, found) -> list[RegistrationRow]:
    """The registrations' rows for the draft ids `found` selects, in its order."""
    return _shown_ids(session, list(session.scalars(found)))


def _shown_ids(session, ids: list[int]) -> list[RegistrationRow]:
    rows = {r.draft_id: r for r in session.scalars(sa.select(R).where(R.draft_id.in_(ids)))} if ids else {}
    return [rows[i] for i in ids if i in rows]


# -- the public register -----------------------------------------------------------------------
def _public_filter(key: str, value: str):
    """A province's code (GB/T 2260, ending 0000) finds its cities' registrations too."""
    if key == "region" and len(value) == 6 and value.endswith("0000"):
        return F.region.startswith(value[:2], autoescape=True)
    return getattr(F, key) == value


def public_page(session, filters: dict, year, words, page: int, page_size: int):
    conditions = ([F.public.is_(True)] + [_public_filter(k, v) for k, v in filters.items()]
                  + _words(session, words))
    if year is not None:
        conditions.append(F.registration_year == year)
    return _paged(session, conditions, (F.registered_on.desc(), F.registration_number.desc()),
                  page, page_size, words=bool(words))


def by_number(session, number: str) -> RegistrationRow | None:
    return session.scalar(sa.select(R).where(R.registration_number == number))


def public_numbers(session, page: int, page_size: int) -> tuple[list, int]:
    """(登记号, last change) of the public register, by number, and how many there are."""
    rows = session.execute(sa.select(F.registration_number, R.updated_at)
                           .join(R, R.draft_id == F.draft_id).where(F.public.is_(True))
                           .order_by(F.registration_number)
                           .offset((page - 1) * page_size).limit(page_size)).all()
    return rows, _count(session, [F.public.is_(True)])


def publicity_page(session, words, page: int, page_size: int):
    conditions = [F.status == "publicity"] + _words(session, words)
    return _paged(session, conditions, (F.publicity_ends_on, F.draft_id), page, page_size,
                  words=bool(words))


# -- the national package ----------------------------------------------------------------------
def _registered_in(model, year: int) -> list:
    """Registered in statistics year `year`, on the facts or on the whole row (both have it)."""
    return [model.status == "registered", model.statistics_year == year,
            model.registration_number.is_not(None)]


def count_registered_in(session, year: int) -> int:
    return _count(session, _registered_in(F, year))


def registered_in(session, year: int, after: str, size: int) -> list[RegistrationRow]:
    """The next `size` registered in statistics year `year` after 登记号 `after`, by number (the
    whole row's 登记号 index)."""
    return list(session.scalars(sa.select(R).where(*_registered_in(R, year), R.registration_number > after)
                                .order_by(R.registration_number).limit(size)))


def decision_days(session, filters) -> list[int]:
    return list(session.scalars(sa.select(F.decision_working_days).where(
        *where(filters), F.decision_working_days.is_not(None))))


def at_office(session, filters) -> list[RegistrationRow]:
    """Registrations waiting at the office now."""
    return sorted(_shown(session, sa.select(F.draft_id).where(*where(filters), F.status == "pending",
                                                              F.level == "office")),
                  key=lambda r: (r.office_arrived_at is None, r.office_arrived_at or 0, r.draft_id))


def decided_over(session, filters, limit_days: int, limit_rows: int = 200) -> list[RegistrationRow]:
    return _shown(session, sa.select(F.draft_id).where(*where(filters), F.decision_working_days > limit_days)
                  .order_by(F.decision_working_days.desc(), F.draft_id).limit(limit_rows))


def gauges(session) -> dict:
    return {"reports_registrations": session.scalar(sa.select(sa.func.count()).select_from(R)),
            "reports_events": session.scalar(sa.select(sa.func.count()).select_from(EventRow))}


# -- export jobs -------------------------------------------------------------------------------
def add_export(session, user_id: int, kind: str, params: dict, total, now) -> ExportRow:
    row = ExportRow(requested_by=user_id, kind=kind, params=params, status="queued", total=total,
                    written=0, created_at=now)
    session.add(row)
    session.flush()
    return row


def export(session, export_id) -> ExportRow | None:
    return session.get(ExportRow, export_id) if isinstance(export_id, int) else None


def update_export(session, export_id: int, **values) -> None:
    session.execute(sa.update(ExportRow).where(ExportRow.id == export_id).values(**values))


def update_exports(session, export_ids: list[int], **values) -> None:
    if export_ids:
        session.execute(sa.update(ExportRow).where(ExportRow.id.in_(export_ids)).values(**values))


def exports_finished_before(session, status: str, before, limit: int) -> list:
    return session.execute(sa.select(ExportRow.id, ExportRow.file_key).where(
        ExportRow.status == status, ExportRow.finished_at < before).limit(limit)).all()


def claim_export(session, now, queued: str, running: str, stale_before) -> int | None:
    """The oldest queued export (or a running one started before `stale_before`: its writer
    stopped), marked running now; None if there is none or another instance took it first."""
    candidate = session.execute(
        sa.select(ExportRow.id, ExportRow.status, ExportRow.started_at)
        .where(sa.or_(ExportRow.status == queued,
                      sa.and_(ExportRow.status == running, ExportRow.started_at < stale_before)))
        .order_by(ExportRow.id).limit(1)).first()
    if candidate is None:
        return None
    same_start = (ExportRow.started_at.is_(None) if candidate.started_at is None
                  else ExportRow.started_at == candidate.started_at)
    taken = session.execute(
        sa.update(ExportRow).where(ExportRow.id == candidate.id, ExportRow.status == candidate.status,
                                   same_start)
        .values(status=running, started_at=now, written=0))
    return candidate.id if taken.rowcount == 1 else None
