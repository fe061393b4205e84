import json
from pathlib import Path

import yaml

from services.reports.domain import package

FORMS = Path(__file__).parents[3] / "services/registration/forms"
LABELS = {("disciplines", "210"): "农学", ("regions", "620100"): "兰州市"}


def labels(table, code):
    return LABELS.get((table, code))


def code_fields_of_the_forms() -> set:
    found = set()
    for path in FORMS.glob("*.yaml"):
        for section in yaml.safe_load(path.read_text(encoding="utf-8"))["sections"]:
            for item in section.get("fields", []):
                if item.get("type") == "code":
                    found.add((section["key"], None, item["key"], item["table"]))
                for column in item.get("columns", []):
                    if column.get("type") == "code":
                        found.add((section["key"], item["key"], column["key"], column["table"]))
    return found


def test_the_code_fields_are_the_forms_own():
    assert {(*key, table) for key, table in package.CODE_FIELDS.items()} == code_fields_of_the_forms()


def record(number="6202025Y0001", category="applied"):
    content = {"overview": {"title": "成果", "discipline": "210"},
               "units": {"units": [{"name": "甲", "region": "620100"}, "odd"]}}
    return package.achievement_record({"registration_number": number, "category": category,
                                       "form_id": f"{category}-2021", "registered_on": "2025-03-01",
                                       "snapshot_id": 3, "certificate_sha256": "ab" * 32}, content, labels)


def built(records) -> dict[str, bytes]:
    members = {}
    for rec in records:
        paths = package.member_paths(rec["registration_number"])
        members[paths["record"]] = json.dumps(rec, ensure_ascii=False).encode()
        members[paths["form"]] = b"%PDF form " + rec["registration_number"].encode()
        members[paths["certificate"]] = b"%PDF cert " + rec["registration_number"].encode()
    files = [{"path": p, "sha256": package.sha256(d), "size": len(d)} for p, d in members.items()]
    by_category = {}
    for rec in records:
        by_category[rec["category"]] = by_category.get(rec["category"], 0) + 1
    head = package.manifest(2025, ("2024-11-01", "2025-10-31"), "2025-11-02T00:00:00+08:00",
                            "甘肃省科学技术厅", files, by_category)
    members["manifest.json"] = json.dumps(head, ensure_ascii=False).encode()
    return members


def no_schema_problems(record):
    return []


def test_codes_carry_their_labels():
    rec = record()
    assert rec["content"]["overview"]["discipline"] == {"code": "210", "label": "农学"}
    assert rec["content"]["units"]["units"][0]["region"] == {"code": "620100", "label": "兰州市"}
    assert rec["content"]["units"]["units"][1] == "odd"


def test_a_whole_package_verifies():
    assert package.verify(built([record(), record("6202025J0001", "basic")]), no_schema_problems) == []


def test_every_kind_of_damage_is_found():
    members = built([record(), record("6202025J0001", "basic")])
    members["forms/6202025Y0001.pdf"] += b"!"                  # changed
    del members["certificates/6202025J0001.pdf"]              # missing
    members["extra.txt"] = b"?"                                # unlisted
    problems = {(p.path, p.message) for p in package.verify(members, no_schema_problems)}
    assert ("forms/6202025Y0001.pdf", "sha256 或大小与清单不符") in problems
    assert ("certificates/6202025J0001.pdf", "清单中列出但数据包中没有") in problems
    assert ("achievements/6202025J0001.json", "缺少登记证书 PDF") in problems
    assert ("extra.txt", "数据包中有但清单中未列出") in problems


def test_counts_and_records_are_checked():
    members = built([record()])
    head = json.loads(members["manifest.json"])
    head["counts"]["achievements"] = 2
    members["manifest.json"] = json.dumps(head).encode()
    assert [p.message for p in package.verify(members, no_schema_problems)] == ["成果数量与清单不符"]
    assert package.verify(built([record()]), lambda r: ["缺少字段 title"])[0].message == "缺少字段 title"
    assert package.verify({}, no_schema_problems)[0].message == "缺少 manifest.json"
    assert package.verify({"manifest.json": b"{"}, no_schema_problems)[0].path == "manifest.json"


def test_the_record_schema_accepts_a_record_and_names_what_is_wrong():
    import jsonschema
    schema = json.loads((Path(package.__file__).parent / "package_record.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    rec = record()
    rec["content"]["completers"] = {"completers": [{"name": "王伟任"}]}
    assert [e.json_path for e in validator.iter_errors(rec)] == ["$.content.units.units[1]"]  # "odd"
    del rec["content"]["units"]["units"][1]
    assert list(validator.iter_errors(rec)) == []
    rec["content"]["overview"]["discipline"] = "210"  # a bare code, not {"code", "label"}
    assert [e.json_path for e in validator.iter_errors(rec)] == ["$.content.overview.discipline"]
