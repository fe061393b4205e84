"""Build the national reporting package (上报数据包) of a statistics year into a zip file
(docs/national-package.md; the format's rules are domain/package.py).

Takes the database (`db`): the registered achievements are read in short units of work, by
登记号, while each one's 登记表 is rendered and its certificate read between them. `sources`
reaches the other services (registration's snapshots and forms, certificates' rendering and
certificate files) and the file store. Each record is checked against the schema as it is
written, and the finished zip is verified before anyone may download it.
"""
from __future__ import annotations

import base64
import datetime as dt
import json
import zipfile
from dataclasses import dataclass

import eventlet

from services.common.clock import CHINA

from ..domain import package
from ..domain.calendar import statistics_year_bounds
from ..domain.package_schema import record_problems
from . import store

BATCH = 100


class PackageError(Exception):
    """The package could not be built as the format requires (the message says why)."""


@dataclass
class Sources:
    registration: object      # RPC proxy: snapshot_content, get_form
    certificates: object      # RPC proxy: render_form, certificate_file
    files: object             # the file store

    def __post_init__(self):
        self._forms: dict[str, dict] = {}

    def form(self, form_id: str) -> dict:
        if form_id not in self._forms:
            self._forms[form_id] = self.registration.get_form(form_id)
        return self._forms[form_id]


def _batch(db, year: int, after: str, size: int) -> list[dict]:
    with db.begin() as uow:
        rows = store.registered_in(uow.session, year, after, size)
        return [{"registration_number": r.registration_number, "category": r.category,
                 "registered_on": r.registered_on.isoformat() if r.registered_on else None,
                 "snapshot_id": r.snapshot_id, "certificate_sha256": r.certificate_sha256}
                for r in rows]


def build(db, sources: Sources, labels, year: int, year_start: tuple[int, int], producer: str,
          path: str, progress=lambda written: None) -> dict:
    """Write the package to `path`; its manifest."""
    files: list[dict] = []
    by_category: dict[str, int] = {}
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        def put(name: str, data: bytes, compress: bool) -> None:
            archive.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED)
            files.append({"path": name, "sha256": package.sha256(data), "size": len(data)})

        after, written = "", 0
        while True:
            batch = _batch(db, year, after, BATCH)
            if not batch:
                break
            for registration in batch:
                number = registration["registration_number"]
                snapshot = sources.registration.snapshot_content(registration["snapshot_id"])
                record = package.achievement_record({**registration, "form_id": snapshot["form_id"]},
                                                    snapshot["content"], labels)
                problems = record_problems(record)
                if problems:
                    raise PackageError(f"{number}：{problems[0]}")
                paths = package.member_paths(number)
                put(paths["record"], json.dumps(record, ensure_ascii=False, indent=1,
                                                sort_keys=True).encode(), True)
                put(paths["form"], _form_pdf(sources, snapshot), False)
                put(paths["certificate"], _certificate_pdf(sources, number, registration), False)
                by_category[registration["category"]] = by_category.get(registration["category"], 0) + 1
                written += 1
                eventlet.sleep(0)
            progress(written)
            after = batch[-1]["registration_number"]
        first, last = statistics_year_bounds(year, year_start)
        head = package.manifest(year, (first.isoformat(), last.isoformat()),
                                dt.datetime.now(CHINA).isoformat(timespec="seconds"), producer,
                                files, by_category)
        archive.writestr("manifest.json", json.dumps(head, ensure_ascii=False, indent=1).encode())
    return head


def _form_pdf(sources: Sources, snapshot: dict) -> bytes:
    form = sources.form(snapshot["form_id"])
    kinds = {k["code"]: k["label"] for section in form.get("sections", [])
             for k in section.get("attachment_kinds", [])}
    attachments = [{**a, "kind_label": a.get("kind_label") or kinds.get(a.get("kind"), a.get("kind"))}
                   for a in snapshot.get("attachments") or []]
    rendered = sources.certificates.render_form(form, snapshot["content"], attachments,
                                                snapshot.get("version") or 1, False)
    return base64.b64decode(rendered["pdf"])


def _certificate_pdf(sources: Sources, number: str, registration: dict) -> bytes:
    found = sources.certificates.certificate_file(number)
    data = sources.files.read(found["storage_key"])
    if registration.get("certificate_sha256") and package.sha256(data) != registration["certificate_sha256"]:
        raise PackageError(f"{number}：证书文件与签发时的 sha256 不符")
    return data


def verify_zip(path: str) -> list[package.Problem]:
    """Every problem of a package file (empty: valid)."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            if len(names) != len(set(names)):
                return [package.Problem(path, "数据包中有重复的文件名")]
            members = {name: archive.read(name) for name in names}
    except (zipfile.BadZipFile, OSError) as exc:
        return [package.Problem(path, f"不是有效的 zip 文件：{exc}")]
    return package.verify(members, record_problems)
