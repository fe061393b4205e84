"""The office's .xlsx exports: a job asked for through the API, written by whichever instance
claims it, row by row in constant memory (XlsxWriter's constant_memory mode), its progress
stored as it goes so the page can show it, and the file kept in the file store for download.

`write_due` takes the database (`db`): each batch of rows is read in a short unit of work of
its own, so a long export never holds a transaction (on SQLite, the write lock) for its length.
A job whose writer died (a crash or a restart) is taken up again after STALE_AFTER.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import tempfile

import eventlet
import xlsxwriter

from services.common.clock import CHINA, utcnow
from services.common.errors import NotFound, invalid

from ..domain.access import require_office
from ..domain.export_layout import (CONTENT_TYPES, KINDS, REGISTRATION_COLUMNS, read_export_request,
                                    read_package_request,
                                    registration_cells, statistics_rows)
from ..domain.list_query import read_list_query
from ..domain.statistics_query import read_query
from ..models import ExportRow
from . import package_builder, statistics, store

log = logging.getLogger(__name__)

QUEUED, RUNNING, DONE, FAILED, EXPIRED = "queued", "running", "done", "failed", "expired"
STATUS_LABELS = {QUEUED: "排队中", RUNNING: "正在生成", DONE: "已完成", FAILED: "生成失败",
                 EXPIRED: "已过期（请重新导出）"}
STALE_AFTER = dt.timedelta(minutes=5)
KEEP_FILES = dt.timedelta(days=7)      # a finished export's file, then it is deleted
BATCH = 1000


def start(uow, settings, caller, body) -> dict:
    require_office(caller)
    kind, params = read_export_request(body)
    if kind == "registrations":
        query = read_list_query(params)
        total = store.count_matching(uow.session, query.filters, query.words)
        if total > settings.max_export_rows:
            raise invalid({"filters": f"一次最多导出{settings.max_export_rows}条，请增加筛选条件"})
        saved = {"filters": {k: list(v) for k, v in query.filters.items()}, "q": query.words}
    else:
        query = read_query(params)
        total = None
        saved = {"by": ",".join(d for d in (query.rows, query.columns) if d),
                 "filters": {k: list(v) for k, v in query.filters.items()}}
    return _queued(uow, caller, kind, saved, total)


def start_package(uow, settings, caller, body) -> dict:
    """The national reporting package of a statistics year, built like an export."""
    require_office(caller)
    year = read_package_request(body)
    total = store.count_registered_in(uow.session, year)
    if total == 0:
        raise invalid({"statistics_year": f"{year}统计年度没有已登记的成果"})
    return _queued(uow, caller, "package", {"statistics_year": year}, total)


def _queued(uow, caller, kind: str, params: dict, total) -> dict:
    return view(store.add_export(uow.session, caller.user_id, kind, params, total, utcnow()))


def status(uow, caller, export_id) -> dict:
    return view(_own(uow.session, require_office(caller), export_id))


def located(uow, caller, export_id) -> dict:
    """Where a finished export's bytes are (for the gateway to stream)."""
    row = _own(uow.session, require_office(caller), export_id)
    if row.status != DONE:
        raise NotFound("export_not_ready", "导出文件尚未生成")
    return {**view(row), "storage_key": row.file_key}


def _own(session, caller, export_id) -> ExportRow:
    row = store.export(session, export_id)
    if row is None or row.requested_by != caller.user_id:
        raise NotFound("export_not_found", "没有该导出任务")
    return row


def view(row: ExportRow) -> dict:
    stamp = (row.created_at.astimezone(CHINA).strftime("%Y%m%d-%H%M")
             if row.created_at else "")
    return {"id": row.id, "kind": row.kind, "kind_label": KINDS.get(row.kind), "params": row.params,
            "status": row.status, "status_label": STATUS_LABELS.get(row.status),
            "total": row.total, "written": row.written, "size": row.size, "error": row.error,
            "filename": _filename(row, stamp), "content_type": CONTENT_TYPES.get(row.kind),
            "created_at": row.created_at.isoformat() if row.created_at else None,
            "finished_at": row.finished_at.isoformat() if row.finished_at else None}


def _filename(row: ExportRow, stamp: str) -> str:
    if row.kind == "package":
        return f"科技成果登记上报数据包-{(row.params or {}).get('statistics_year')}统计年度-{stamp}.zip"
    return f"{KINDS.get(row.kind, '导出')}-{stamp}.xlsx"


# -- writing -----------------------------------------------------------------------------------
def write_due(db, files, tables, settings, sources=None) -> int | None:
    """Claim one export and write it; the id written, or None if nothing was due. `sources`:
    the other services, for a package (app/package_builder.py)."""
    export_id = claim(db, utcnow())
    if export_id is None:
        return None
    fd, path = tempfile.mkstemp(suffix=".xlsx", prefix="export-")
    os.close(fd)
    try:
        with db.begin() as uow:
            row = store.export(uow.session, export_id)
            kind, params = row.kind, dict(row.params)
        labels = _labels(tables)
        if kind == "registrations":
            _write_registrations(db, export_id, params, labels, path)
        elif kind == "package":
            _write_package(db, export_id, sources, labels, settings, params, path)
        else:
            _write_statistics(db, tables, params, path)
        with open(path, "rb") as handle:
            stored = files.put(handle, settings.max_export_bytes)
        with db.begin() as uow:
            store.update_export(uow.session, export_id, status=DONE, file_key=stored.key,
                                size=stored.size, finished_at=utcnow())
    except Exception as exc:  # noqa: BLE001 - the job says it failed; the page shows why
        log.exception("export %s failed", export_id)
        with db.begin() as uow:
            store.update_export(uow.session, export_id, status=FAILED, finished_at=utcnow(),
                                error=f"{type(exc).__name__}: {exc}"[:1000])
    finally:
        os.unlink(path)
    return export_id


def expire_old(db, files, now: dt.datetime, limit: int = 20) -> int:
    """Delete the files of exports finished more than KEEP_FILES ago (the rows stay, expired)."""
    with db.begin() as uow:
        old = store.exports_finished_before(uow.session, DONE, now - KEEP_FILES, limit)
        store.update_exports(uow.session, [r.id for r in old], status=EXPIRED, file_key=None)
    for row in old:
        if row.file_key:
            files.delete(row.file_key)
    return len(old)


def claim(db, now: dt.datetime) -> int | None:
    """The oldest queued export (or one whose writer stopped), marked running by this instance."""
    with db.begin() as uow:
        return store.claim_export(uow.session, now, QUEUED, RUNNING, now - STALE_AFTER)


def _labels(tables):
    def label(table: str, code):
        return tables.labels(table).get(code, code)
    return label


def _workbook(path: str):
    workbook = xlsxwriter.Workbook(path, {"constant_memory": True, "tmpdir": os.path.dirname(path),
                                          "strings_to_numbers": False, "strings_to_formulas": False,
                                          "strings_to_urls": False})
    return workbook, workbook.add_format({"bold": True, "bg_color": "#E8EEF7", "border": 1})


def _write_registrations(db, export_id: int, params: dict, labels, path: str) -> None:
    workbook, bold = _workbook(path)
    sheet = workbook.add_worksheet(KINDS["registrations"])
    for index, (header, width, _) in enumerate(REGISTRATION_COLUMNS):
        sheet.set_column(index, index, width)
        sheet.write_string(0, index, header, bold)
    sheet.freeze_panes(1, 0)
    filters = {k: tuple(v) for k, v in (params.get("filters") or {}).items()}
    after, written = 0, 0
    while True:
        with db.begin() as uow:
            rows = store.batch_after(uow.session, filters, params.get("q"), after, BATCH)
            cells = [registration_cells(row, labels) for row in rows]
            after = rows[-1].draft_id if rows else after
        if not cells:
            break
        for values in cells:
            written += 1
            for column, value in enumerate(values):
                _write_cell(sheet, written, column, value)
        with db.begin() as uow:
            store.update_export(uow.session, export_id, written=written)
        eventlet.sleep(0)  # let the instance's other workers run between batches
    sheet.autofilter(0, 0, max(written, 1), len(REGISTRATION_COLUMNS) - 1)
    workbook.close()


def _write_cell(sheet, row: int, column: int, value) -> None:
    """By type: `write` would test every string against number, URL and formula patterns (half
    an export's time at 100,000 rows, docs/performance.md)."""
    if value is None:
        return
    if isinstance(value, str):
        sheet.write_string(row, column, value)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        sheet.write_number(row, column, value)
    else:
        sheet.write(row, column, value)


def _write_package(db, export_id, sources, labels, settings, params, path) -> None:
    def progress(written: int) -> None:
        with db.begin() as uow:
            store.update_export(uow.session, export_id, written=written)
    package_builder.build(db, sources, lambda table, code: labels(table, code),
                          params["statistics_year"], settings.statistics_year_start,
                          settings.office_name, path, progress)
    problems = package_builder.verify_zip(path)
    if problems:
        raise package_builder.PackageError("数据包校验未通过：" + "；".join(
            f"{p.path}：{p.message}" for p in problems[:5]))


def _write_statistics(db, tables, params: dict, path: str) -> None:
    query = {"by": params.get("by") or "category", **(params.get("filters") or {})}
    with db.begin() as uow:
        answer = statistics.counted(uow, tables, read_query(query))
    workbook, bold = _workbook(path)
    sheet = workbook.add_worksheet(KINDS["statistics"])
    rows = statistics_rows(answer, answer["dimensions"])
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, len(rows[0]), 12)
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            sheet.write(r, c, value, bold if r == 0 or r == len(rows) - 1 or c == 0 else None)
    workbook.close()

