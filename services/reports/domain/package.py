"""The national reporting package (上报数据包) of a statistics year: our own format, documented in
docs/national-package.md, verifiable on its own. The national system's import format is not
public; a converter to it would take a package that `verify` passes, so it never sees a
damaged one (none is built: the seam is `verify`'s output).

    manifest.json                    what is inside: counts and the sha256 of every file
    achievements/<登记号>.json        the registration in the form's own structure, code-table
                                     fields as {"code", "label"}
    forms/<登记号>.pdf                its 科技成果登记表
    certificates/<登记号>.pdf         its 科技成果登记证书
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Callable

FORMAT = "kj-registration-package"
FORMAT_VERSION = 1
NUMBER = re.compile(r"^[0-9]{7}[A-Z][0-9]{4}$")
# (section, row table or None, field) → code table, as the forms declare `type: code`
# (tests/unit/reports/test_package.py checks this against services/registration/forms).
CODE_FIELDS = {("overview", None, "discipline"): "disciplines",
               ("overview", None, "industry"): "industries",
               ("overview", None, "hightech_field"): "hightech_fields",
               ("units", "units", "region"): "regions"}
Labels = Callable[[str, str], "str | None"]  # (table, code) → label


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _coded(table: str, code, labels: Labels):
    return {"code": code, "label": labels(table, code) if isinstance(code, str) else None}


def with_code_labels(content: dict, labels: Labels) -> dict:
    """The content with every code-table field as {"code", "label"}; everything else as it is."""
    out = {key: (dict(section) if isinstance(section, dict) else section) for key, section in content.items()}
    for (section, rows, name), table in CODE_FIELDS.items():
        part = out.get(section)
        if not isinstance(part, dict):
            continue
        if rows is None:
            if part.get(name) is not None:
                part[name] = _coded(table, part[name], labels)
        elif isinstance(part.get(rows), list):
            part[rows] = [{**row, name: _coded(table, row.get(name), labels)}
                          if isinstance(row, dict) and row.get(name) is not None else row
                          for row in part[rows]]
    return out


def achievement_record(registration: dict, content: dict, labels: Labels) -> dict:
    """`registration`: registration_number, category, form_id, registered_on (ISO date),
    snapshot_id, certificate_sha256."""
    return {"registration_number": registration["registration_number"],
            "category": registration["category"], "form_id": registration["form_id"],
            "registered_on": registration["registered_on"],
            "snapshot_id": registration["snapshot_id"],
            "certificate_sha256": registration.get("certificate_sha256"),
            "content": with_code_labels(content, labels)}


def member_paths(number: str) -> dict[str, str]:
    return {"record": f"achievements/{number}.json", "form": f"forms/{number}.pdf",
            "certificate": f"certificates/{number}.pdf"}


def manifest(statistics_year: int, period: tuple[str, str], created_at: str, producer: str,
             files: list[dict], by_category: dict[str, int]) -> dict:
    """`files`: {"path", "sha256", "size"} of every member but the manifest."""
    return {"format": FORMAT, "version": FORMAT_VERSION, "statistics_year": statistics_year,
            "period": {"from": period[0], "to": period[1]}, "created_at": created_at,
            "producer": producer,
            "counts": {"achievements": sum(by_category.values()), "by_category": by_category,
                       "files": len(files)},
            "files": sorted(files, key=lambda f: f["path"])}


@dataclass(frozen=True)
class Problem:
    path: str
    message: str


def verify(members: dict[str, bytes], validate_record: Callable[[dict], list[str]]) -> list[Problem]:
    """Every problem of a package given as {path: bytes}: the manifest's form, every hash and
    size, every count, no file unlisted or missing, every record valid and complete."""
    raw = members.get("manifest.json")
    if raw is None:
        return [Problem("manifest.json", "缺少 manifest.json")]
    try:
        head = json.loads(raw)
    except ValueError as exc:
        return [Problem("manifest.json", f"不是有效的 JSON：{exc}")]
    if not isinstance(head, dict) or head.get("format") != FORMAT or head.get("version") != FORMAT_VERSION:
        return [Problem("manifest.json", f"不是 {FORMAT} 第 {FORMAT_VERSION} 版的数据包")]
    problems: list[Problem] = []
    listed = {f.get("path"): f for f in head.get("files") or [] if isinstance(f, dict)}
    for path, entry in listed.items():
        data = members.get(path)
        if data is None:
            problems.append(Problem(str(path), "清单中列出但数据包中没有"))
        elif sha256(data) != entry.get("sha256") or len(data) != entry.get("size"):
            problems.append(Problem(path, "sha256 或大小与清单不符"))
    for path in sorted(set(members) - set(listed) - {"manifest.json"}):
        problems.append(Problem(path, "数据包中有但清单中未列出"))
    counts = head.get("counts") or {}
    records = sorted(p for p in members if p.startswith("achievements/") and p.endswith(".json"))
    by_category: dict[str, int] = {}
    for path in records:
        try:
            record = json.loads(members[path])
        except ValueError:
            problems.append(Problem(path, "不是有效的 JSON"))
            continue
        problems += [Problem(path, message) for message in validate_record(record)]
        number = record.get("registration_number") if isinstance(record, dict) else None
        if not isinstance(number, str) or path != member_paths(number)["record"]:
            problems.append(Problem(path, "文件名与登记号不符"))
            continue
        by_category[record.get("category")] = by_category.get(record.get("category"), 0) + 1
        for kind in ("form", "certificate"):
            if member_paths(number)[kind] not in members:
                problems.append(Problem(path, f"缺少{'登记表' if kind == 'form' else '登记证书'} PDF"))
    if counts.get("achievements") != len(records) or counts.get("by_category") != by_category:
        problems.append(Problem("manifest.json", "成果数量与清单不符"))
    if counts.get("files") != len(listed):
        problems.append(Problem("manifest.json", "文件数量与清单不符"))
    return problems

