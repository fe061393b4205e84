"""科技成果登记 (manual §2.2.1) end to end: forms, drafts, 填写检查, attachments, the form PDF
and submission, through the gateway, with the review service's events driven directly."""
import hashlib
import io
import subprocess
import tempfile
import time
import uuid
import zipfile

import pytest

from tests.support.achievements import (MATERIALS, PDF, TODAY, filled, new, recent, save,
                                        status_of, stored_files, upload)
from tests.support.client import Person, office_user, signed_up_registrant, unit_with_registrant
from tests.support.documents import MANUAL_EXAMPLE, complete_document
from tests.support.events import EventTap, publish_review_event

pytestmark = pytest.mark.e2e

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64


def zipped(names: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in names.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def registrant(system):
    return signed_up_registrant(system)


@pytest.fixture(scope="module")
def unit_registrant(system):
    unit = unit_with_registrant(system, office_user(system))
    person = unit["registrant"]
    person.unit_id = unit["id"]
    return person


def test_forms_are_served_as_data_with_every_section_of_the_manual(registrant):
    forms = registrant.get("/api/v1/forms").json()["items"]
    assert {f["category"] for f in forms} == {"applied", "basic", "soft"}
    applied = next(f for f in forms if f["category"] == "applied")
    assert applied["title"] == "应用技术类科技成果登记表 (2021年)"
    form = registrant.get(f"/api/v1/forms/{applied['id']}").json()
    labels = [s.get("label") or s.get("title") for s in form["sections"]]
    assert labels == ["填报说明", "成果概况", "立项情况", "评价情况", "知识产权状况", "成果转化情况",
                      "成果转化需求", "成果完成单位情况", "成果简介", "成果完成人员名单", "评价委员会名单",
                      "评价证书内容", "附件清单"]
    assert registrant.get("/api/v1/codetables/regions").status_code == 200
    assert registrant.get("/api/v1/forms/nope-1999").status_code == 404


def test_the_manuals_example_fails_the_check_then_a_complete_form_passes_and_submits(system, unit_registrant):
    tap = EventTap(system.amqp_uri, "registration", "submitted")
    try:
        draft = new(unit_registrant)
        assert draft["status_label"] == "填写中" and draft["version"] == 1
        saved = save(unit_registrant, draft, {"overview": {**MANUAL_EXAMPLE["overview"],
                                                           "start_date": "2019-06-12",
                                                           "end_date": "2021-11-30"}})
        assert saved.status_code == 200 and saved.json()["version"] == 2
        check = unit_registrant.post(f"/api/v1/achievements/{draft['id']}/check").json()
        assert check["verdict"] == "检查未通过" and not check["can_submit"]
        where = {(p["section"], p["field"]) for p in check["problems"]}
        assert ("overview", "achievement_form") in where and ("evaluation", "evaluation_date") in where
        assert ("overview", "title") not in where
        assert all(p["message"] for p in check["problems"])
        refused = unit_registrant.post(f"/api/v1/achievements/{draft['id']}/submit")
        assert refused.status_code == 400 and refused.json()["error"]["code"] == "check_failed"

        complete = save(unit_registrant, {**draft, "version": 2}, recent("applied"))
        assert complete.status_code == 200, complete.text
        missing = unit_registrant.post(f"/api/v1/achievements/{draft['id']}/check").json()
        assert [p["code"] for p in missing["problems"]] == ["materials_missing"]
        for kind in MATERIALS["applied"]:
            assert upload(unit_registrant, draft["id"], kind, "评价报告.pdf", PDF).status_code == 201
        check = unit_registrant.post(f"/api/v1/achievements/{draft['id']}/check").json()
        assert check == {"passed": True, "can_submit": True, "verdict": "所有检查全部合格", "problems": []}

        key = str(uuid.uuid4())
        submitted = unit_registrant.post(f"/api/v1/achievements/{draft['id']}/submit", {"request_id": key})
        assert submitted.status_code == 200, submitted.text
        assert submitted.json()["status_label"] == "待单位审核" and submitted.json()["stage"] == "单位管理员"
        again = unit_registrant.post(f"/api/v1/achievements/{draft['id']}/submit", {"request_id": key})
        assert again.json()["snapshot_id"] == submitted.json()["snapshot_id"] and again.json()["repeated"]
        event = tap.wait_for("submitted", lambda d: d["draft_id"] == draft["id"])
        assert event["data"]["first_level"] == "unit" and event["data"]["unit_id"] == unit_registrant.unit_id
        time.sleep(1)
        assert len([e for e in tap.drain() if e["data"]["draft_id"] == draft["id"]]) == 1

        locked = save(unit_registrant, {**draft, "version": submitted.json()["version"]},
                      {"summary": {"summary": "改"}})
        assert locked.status_code == 409 and locked.json()["error"]["code"] == "not_editable"
        assert unit_registrant.delete(f"/api/v1/achievements/{draft['id']}").status_code == 409
        listed = unit_registrant.get("/api/v1/achievements").json()["items"]
        row = next(r for r in listed if r["id"] == draft["id"])
        assert row["status_label"] == "待单位审核" and row["title"].startswith(complete_document()["overview"]["title"])
    finally:
        tap.close()


@pytest.mark.parametrize("category", ["basic", "soft"])
def test_a_complete_form_of_each_other_category_passes_and_goes_to_the_office(registrant, category):
    draft = filled(registrant, category)
    check = registrant.post(f"/api/v1/achievements/{draft['id']}/check").json()
    assert check["verdict"] == "所有检查全部合格", check["problems"]
    submitted = registrant.post(f"/api/v1/achievements/{draft['id']}/submit")
    assert submitted.status_code == 200 and submitted.json()["status_label"] == "待登记机构审核"


def test_saving_keeps_what_is_well_formed_and_lists_the_rest(registrant):
    draft = new(registrant)
    saved = save(registrant, draft, {
        "overview": {"title": "好的名称", "start_date": "2019-13", "secrecy": "绝密",
                     "keywords": ["一", "二", "三", "四"]},
        "units": {"units": [{"name": "某单位", "credit_code": "91350100M000100Y44"}]},
        "nonsense": {"x": 1}})
    assert saved.status_code == 200
    body = saved.json()
    codes = {(p["section"], p["field"], p["code"]) for p in body["problems"]}
    assert ("overview", "start_date", "invalid_format") in codes and ("nonsense", None, "unknown_section") in codes
    assert "credit_code" in {p["code"] for p in body["problems"]}  # a wrong check digit is not kept
    content = registrant.get(f"/api/v1/achievements/{draft['id']}").json()["content"]
    assert content["overview"]["title"] == "好的名称" and "start_date" not in content["overview"]
    check = registrant.post(f"/api/v1/achievements/{draft['id']}/check").json()
    codes = {p["code"] for p in check["problems"]}
    assert {"classified", "too_many", "required"} <= codes


def test_a_stale_version_gets_409_with_the_current_content_never_an_overwrite(system, registrant):
    draft = new(registrant)
    other_tab = Person(system)
    other_tab.http.cookies.update(registrant.http.cookies)
    first = save(registrant, draft, {"overview": {"title": "第一个标签页"}})
    assert first.status_code == 200
    second = save(other_tab, draft, {"overview": {"title": "第二个标签页"}})
    assert second.status_code == 409
    error = second.json()["error"]
    assert error["code"] == "version_conflict"
    assert error["details"]["current_version"] == 2
    assert error["details"]["content"]["overview"]["title"] == "第一个标签页"
    assert registrant.get(f"/api/v1/achievements/{draft['id']}").json()["content"]["overview"]["title"] == "第一个标签页"
    for bad in ({"version": "x", "sections": {}}, {"version": 2}, {"version": 2, "sections": []}):
        response = registrant.put(f"/api/v1/achievements/{draft['id']}", bad)
        assert response.status_code == 400 and response.json()["error"]["fields"]


def test_concurrent_saves_of_one_version_let_exactly_one_win(system, registrant):
    import eventlet
    draft = new(registrant)
    people = []
    for _ in range(6):
        tab = Person(system)
        tab.http.cookies.update(registrant.http.cookies)
        people.append(tab)
    pool = eventlet.GreenPool()
    results = list(pool.imap(lambda p: save(p, draft, {"overview": {"title": f"t{id(p)}"}}).status_code,
                             people))
    assert sorted(results) == [200] + [409] * 5


def test_a_registrant_sees_and_changes_only_their_own_drafts(system, registrant):
    draft = new(registrant)
    other = signed_up_registrant(system)
    assert other.get(f"/api/v1/achievements/{draft['id']}").status_code == 404
    assert save(other, draft, {"overview": {"title": "x"}}).status_code == 404
    assert other.delete(f"/api/v1/achievements/{draft['id']}").status_code == 404
    assert other.get(f"/api/v1/achievements/{draft['id']}/pdf").status_code == 404
    assert draft["id"] not in [d["id"] for d in other.get("/api/v1/achievements").json()["items"]]
    assert Person(system).get("/api/v1/achievements").status_code == 401


def test_delete_and_copy_a_draft(registrant):
    draft = filled(registrant, materials=False)
    copied = registrant.post(f"/api/v1/achievements/{draft['id']}/copy")
    assert copied.status_code == 201
    assert copied.json()["content"] == draft["content"] and copied.json()["id"] != draft["id"]
    assert copied.json()["form_id"] == draft["form_id"]
    assert registrant.delete(f"/api/v1/achievements/{draft['id']}").status_code == 200
    assert registrant.get(f"/api/v1/achievements/{draft['id']}").status_code == 404


def test_attachments_of_each_allowed_type_are_kept_and_come_back_unchanged(registrant):
    draft = new(registrant)
    samples = {"a.pdf": PDF, "b.jpg": JPEG, "c.png": PNG, "d.doc": DOC,
               "e.docx": zipped({"word/document.xml": "<w/>", "[Content_Types].xml": "<x/>"}),
               "f.ofd": zipped({"OFD.xml": "<ofd/>", "Doc_0/Document.xml": "<d/>"}),
               "评价报告（终稿）.pdf": PDF + b"chinese name"}
    ids = {}
    for name, data in samples.items():
        response = upload(registrant, draft["id"], "other", name, data)
        assert response.status_code == 201, (name, response.text)
        assert response.json()["sha256"] == hashlib.sha256(data).hexdigest()
        ids[name] = response.json()["id"]
    listed = registrant.get(f"/api/v1/achievements/{draft['id']}").json()["attachments"]
    assert [a["filename"] for a in listed] == list(samples)
    for name, data in samples.items():
        got = registrant.get(f"/api/v1/achievements/{draft['id']}/attachments/{ids[name]}")
        assert got.status_code == 200 and got.content == data
    assert registrant.delete(f"/api/v1/achievements/{draft['id']}/attachments/{ids['a.pdf']}").status_code == 200
    assert registrant.get(f"/api/v1/achievements/{draft['id']}/attachments/{ids['a.pdf']}").status_code == 404


def test_refused_uploads_name_the_problem_and_store_nothing(system, registrant):
    draft = new(registrant)
    before = stored_files(system)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"0" * (50 * 1024 * 1024))
    cases = [
        ("other", "evil.exe", b"MZ\x90\x00" + b"\x00" * 100, 415, "file_type_refused"),
        ("other", "fake.pdf", b"<html>not a pdf</html>", 415, "file_type_refused"),
        ("other", "../../etc/passwd.pdf", PDF, 400, "filename_unsafe"),
        ("other", "a" * 200 + ".pdf", PDF, 400, "filename_too_long"),
        ("other", "bomb.docx", bomb.getvalue(), 400, "zip_bomb"),
        ("nonsense", "ok.pdf", PDF, 400, "invalid_input"),
        ("other", "big.pdf", PDF + b"0" * (21 * 1024 * 1024), 413, "file_too_large"),
    ]
    for kind, name, data, status, code in cases:
        response = upload(registrant, draft["id"], kind, name, data)
        assert response.status_code == status, (name, response.text)
        error = response.json()["error"]
        assert error["code"] == code and error["fields"], (name, error)
    assert registrant.get(f"/api/v1/achievements/{draft['id']}").json()["attachments"] == []
    assert stored_files(system) == before


def test_the_form_pdf_embeds_its_chinese_font_and_shows_title_version_and_draft_mark(registrant):
    draft = filled(registrant)
    response = registrant.get(f"/api/v1/achievements/{draft['id']}/pdf")
    assert response.status_code == 200 and response.headers["Content-Type"] == "application/pdf"
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(response.content)
        handle.flush()
        fonts = subprocess.run(["pdffonts", handle.name], capture_output=True, text=True).stdout
        text = subprocess.run(["pdftotext", handle.name, "-"], capture_output=True, text=True).stdout
    cjk = [line for line in fonts.splitlines()[2:] if "TrueType" in line]
    assert cjk and all(" yes " in line for line in cjk), fonts
    assert draft["content"]["overview"]["title"] in text.replace("\n", "")
    assert "版本号" in text and str(draft["version"]) in text and "草稿" in text



def test_the_status_follows_review_events_returned_is_editable_again_approved_is_final(system, registrant):
    draft = filled(registrant)
    submitted = registrant.post(f"/api/v1/achievements/{draft['id']}/submit").json()
    ids = {"draft_id": draft["id"], "snapshot_id": submitted["snapshot_id"]}
    publish_review_event(system, "returned", {**ids, "from_level": "office", "comment": "请补充评价证书编号",
                                              "section_comments": {"evaluation": "证书编号缺失"}})
    returned = status_of(registrant, draft["id"], "退回修改")
    assert returned["editable"] and returned["review_comments"]["sections"] == {"evaluation": "证书编号缺失"}
    assert save(registrant, returned, {"summary": {"summary": "已补充。"}}).status_code == 200
    again = registrant.post(f"/api/v1/achievements/{draft['id']}/submit").json()
    assert again["status_label"] == "待登记机构审核" and again["snapshot_id"] != submitted["snapshot_id"]
    publish_review_event(system, "approved", {"draft_id": draft["id"], "snapshot_id": again["snapshot_id"],
                                              "registration_number": f"620{TODAY.year}Y{draft['id'] % 9999:04d}",
                                              "registered_on": TODAY.isoformat()})
    approved = status_of(registrant, draft["id"], "审核通过")
    assert approved["registration_number"] and not approved["editable"]
    # the same title and project number, or the same IP number, cannot be registered again
    duplicate = new(registrant)
    assert save(registrant, duplicate, approved["content"]).status_code == 200
    check = registrant.post(f"/api/v1/achievements/{duplicate['id']}/check").json()
    assert "duplicate" in {p["code"] for p in check["problems"]}
