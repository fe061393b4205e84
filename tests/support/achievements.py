"""An achievement's way through the gateway, as a registrant and reviewers take it: a new draft,
saving a complete document, uploading its materials, submitting, then waiting for its review
task, its status and its certificate. Used by the end-to-end and browser tests and by bench/."""
from __future__ import annotations

import datetime as dt
import os
import time
import uuid

import sqlalchemy as sa

from tests.support.documents import complete_document

TODAY = dt.date.today()
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
MATERIALS = {"applied": ["evaluation_proof", "research_report"],
             "basic": ["paper", "academic_evaluation", "citation_proof"],
             "soft": ["evaluation_proof", "research_report"]}


def recent(category: str, unique: bool = True) -> dict:
    """A complete document whose evaluation is recent enough for the 6-month window; unique
    title, project number and IP numbers, so it is never a duplicate of a registered one."""
    document = complete_document(category)
    if unique:
        tag = uuid.uuid4().hex[:6]
        document["overview"]["title"] += f"（{tag}）"
        document["project"]["project_number"] += tag
        for row in (document.get("ip") or {}).get("ip_rows", []):
            row["number"] += tag
    document["evaluation"]["evaluation_date"] = (TODAY - dt.timedelta(days=20)).isoformat()
    for row in (document.get("ip") or {}).get("ip_rows", []):
        row["grant_date"] = (TODAY - dt.timedelta(days=60)).isoformat()
    for row in (document.get("application") or {}).get("adopters", []):
        row["adopted_on"] = (TODAY - dt.timedelta(days=10)).isoformat()
    return document


def new(person, category="applied") -> dict:
    response = person.post("/api/v1/achievements", {"category": category})
    assert response.status_code == 201, response.text
    return response.json()


def save(person, draft, sections, version=None):
    return person.put(f"/api/v1/achievements/{draft['id']}",
                      {"version": version or draft["version"], "sections": sections})


def upload(person, draft_id, kind, name, data, headers=None):
    headers = dict(headers or {})
    csrf = person.http.cookies.get("kj_csrf")
    if csrf:
        headers["X-CSRF-Token"] = csrf
    return person.http.post(f"{person.system.url}/api/v1/achievements/{draft_id}/attachments",
                            data={"kind": kind}, files={"file": (name, data)}, headers=headers,
                            timeout=60)


def filled(person, category="applied", materials=True) -> dict:
    draft = new(person, category)
    saved = save(person, draft, recent(category))
    assert saved.status_code == 200 and saved.json()["problems"] == [], saved.text
    if materials:
        for kind in MATERIALS[category]:
            assert upload(person, draft["id"], kind, f"{kind}.pdf", PDF).status_code == 201
    return person.get(f"/api/v1/achievements/{draft['id']}").json()


def submitted(person, category="applied"):
    draft = filled(person, category)
    response = person.post(f"/api/v1/achievements/{draft['id']}/submit")
    assert response.status_code == 200, response.text
    return response.json()


def submitted_for_the_register(person, category: str, tag: str) -> tuple[int, str]:
    """A complete achievement, its title marked with `tag`, whose registrant agreed to the public
    register (summary.public_consent), submitted: (draft id, title)."""
    draft = new(person, category)
    document = recent(category)
    document["overview"]["title"] += f"（{tag}）"
    document["summary"]["public_consent"] = True
    saved = save(person, draft, document)
    assert saved.status_code == 200 and saved.json()["problems"] == [], saved.text
    for kind in MATERIALS[category]:
        assert upload(person, draft["id"], kind, f"{kind}.pdf", PDF).status_code == 201
    response = person.post(f"/api/v1/achievements/{draft['id']}/submit")
    assert response.status_code == 200, response.text
    return draft["id"], document["overview"]["title"]


def task_for(person, draft_id, timeout=15):
    deadline = time.time() + timeout
    while time.time() < deadline:
        for case in person.get("/api/v1/review/tasks?page_size=100").json()["items"]:
            if case["draft_id"] == draft_id:
                return case
        time.sleep(0.1)
    raise AssertionError(f"draft {draft_id} never reached the queue")


def status_of(person, draft_id, label, timeout=15):
    deadline = time.time() + timeout
    while time.time() < deadline:
        draft = person.get(f"/api/v1/achievements/{draft_id}").json()
        if draft["status_label"] == label:
            return draft
        time.sleep(0.1)
    raise AssertionError(f"status stayed {draft['status_label']}, wanted {label}")


def wait_certificate(person, draft_id, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        response = person.get(f"/api/v1/achievements/{draft_id}/certificate")
        if response.status_code == 200:
            return response.json()
        time.sleep(0.1)
    raise AssertionError(response.text)


def stored_files(system) -> int:
    """How many files the system's file store holds."""
    if system.backend == "sqlite":
        return sum(len(files) for _, _, files in os.walk(system.env["FILE_STORE_URL"]))
    with sa.create_engine(system.env["FILE_STORE_URL"]).connect() as conn:
        return conn.execute(sa.text("SELECT count(DISTINCT key) FROM file_chunks")).scalar()
