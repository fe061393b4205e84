"""The office's read model end to end, on the real broker and each database: registrations
approved, refused and revoked through the API arrive in the statistics, the lists, an .xlsx
export (opened with openpyxl) and the public register; the read model killed while events are
queued counts every event once; and a rebuild from the services' event history gives the same
tables."""
import collections
import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
import time
import uuid
import zipfile

import openpyxl
import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.reports.domain.calendar import statistics_year
from services.reports.models import RegistrationRow
from tests.support import journeys as jr
from tests.support.achievements import save
from tests.support.client import Person

pytestmark = pytest.mark.e2e

REGION = "650000"          # 新疆维吾尔自治区: no other test's first completing unit is there
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def placed(journey, consent: bool) -> None:
    """The journey's first completing unit in REGION, and the registrant's consent as given."""
    draft = journey.owner.get(f"/api/v1/achievements/{journey.draft_id}").json()
    units = draft["content"]["units"]
    units["units"][0]["region"] = REGION
    summary = {**draft["content"]["summary"], "public_consent": consent}
    saved = save(journey.owner, draft, {"units": units, "summary": summary})
    assert saved.status_code == 200 and saved.json()["problems"] == [], saved.text


def refuse(cast, journey) -> None:
    case = jr.task(cast.office, journey)
    answer = cast.office.post(f"/api/v1/review/cases/{case['case_id']}/refuse",
                              {"reason": "dispute", "comment": "存在权属争议"})
    assert answer.status_code == 200, answer.text


def revoke(cast, journey) -> None:
    answer = cast.office.post(f"/api/v1/review/cases/{journey.case_id}/revoke", {"reason": "重复登记"})
    assert answer.status_code == 200, answer.text


@pytest.fixture(scope="module")
def story(system):
    """In REGION: one registered (public), one refused, one registered then revoked (public
    until then), one registered without consent."""
    cast = jr.make_cast(system)
    kept, refused, revoked, private = (jr.start(cast), jr.start(cast, with_unit=False),
                                       jr.start(cast, with_unit=False), jr.start(cast, with_unit=False))
    for journey, consent in ((kept, True), (refused, True), (revoked, True), (private, False)):
        placed(journey, consent)
    jr.whole(cast, kept)
    jr.submit(refused)
    refuse(cast, refused)
    jr.whole(cast, revoked)
    jr.whole(cast, private)
    revoke(cast, revoked)
    stories = {"cast": cast, "kept": kept, "refused": refused, "revoked": revoked, "private": private}
    by_status = lambda: cast.office.get(f"/api/v1/statistics?by=status&region={REGION}").json()  # noqa: E731
    jr.wait_until(lambda: {r["value"]: r["count"] for r in by_status()["rows"]}
                  == {"registered": 2, "refused": 1, "revoked": 1}, 60, "the read model settled")
    return stories


def test_the_statistics_count_what_happened_with_labels_and_cross_tables(system, story):
    office = story["cast"].office
    counts = office.get(f"/api/v1/statistics?by=status&region={REGION}").json()
    assert {r["label"]: r["count"] for r in counts["rows"]} == {"已登记": 2, "不予登记": 1, "已注销": 1}
    cross = office.get(f"/api/v1/statistics?by=region,status&region={REGION}").json()
    assert [r["label"] for r in cross["rows"]] == ["新疆维吾尔自治区"] and cross["total"] == 4
    reasons = office.get(f"/api/v1/statistics?by=refusal_reason&region={REGION}&status=refused").json()
    assert [r["count"] for r in reasons["rows"]] == [1] and reasons["rows"][0]["label"]
    behind = office.get(f"/api/v1/statistics/registrations?region={REGION}&status=registered").json()
    assert {i["registration_number"] for i in behind["items"]} == {story["kept"].number,
                                                                   story["private"].number}
    times = office.get(f"/api/v1/statistics/decision-times?region={REGION}").json()
    assert times["decided"] == 4 and times["within_limit"] == 4 and times["median"] == 0


def test_only_the_office_reads_statistics_and_malformed_filters_are_named(system, story):
    registrant = story["kept"].owner
    assert registrant.get("/api/v1/statistics?by=status").status_code == 403
    assert Person(system).get("/api/v1/statistics?by=status").status_code == 401
    office = story["cast"].office
    for query, field in (("by=colour", "by"), ("by=status&status=lost", "status"),
                         ("by=status&statistics_year=20x6", "statistics_year")):
        answer = office.get(f"/api/v1/statistics?{query}")
        assert answer.status_code == 400 and field in answer.json()["error"]["fields"], answer.text
    huge = office.get("/api/v1/statistics/registrations?page_size=1000000")
    assert huge.status_code == 400 and "page" in huge.json()["error"]["fields"]


def test_an_export_is_written_with_progress_and_opens_in_excel(system, story):
    office = story["cast"].office
    started = office.post("/api/v1/exports", {"kind": "registrations", "params": {"region": REGION}})
    assert started.status_code == 202 and started.json()["total"] == 4, started.text
    export_id = started.json()["id"]
    done = jr.wait_until(lambda: (lambda s: s if s["status"] == "done" else None)(
        office.get(f"/api/v1/exports/{export_id}").json()), 60, "the export written")
    assert done["written"] == 4
    file = office.get(f"/api/v1/exports/{export_id}/file")
    assert file.status_code == 200 and "spreadsheetml" in file.headers["Content-Type"]
    book = openpyxl.load_workbook(io.BytesIO(file.content), read_only=True)
    header, *rows = list(book.active.iter_rows(values_only=True))
    records = {r[0]: dict(zip(header, r)) for r in rows}
    assert records[story["revoked"].number]["状态"] == "已注销"
    assert records[story["kept"].number]["行政区划"] == "新疆维吾尔自治区"
    assert story["cast"].registrant.get(f"/api/v1/exports/{export_id}/file").status_code == 403
    bad = office.post("/api/v1/exports", {"kind": "registrations", "params": {"status": ["lost"]}})
    assert bad.status_code == 400 and "status" in bad.json()["error"]["fields"]


def test_the_public_register_shows_consented_registrations_until_revoked(system, story):
    visitor = Person(system)
    kept, revoked, private = story["kept"], story["revoked"], story["private"]
    listed = visitor.get(f"/api/v1/public/achievements?region={REGION}&page_size=50").json()
    assert [i["registration_number"] for i in listed["items"]] == [kept.number]
    item = visitor.get(f"/api/v1/public/achievements/{kept.number}").json()
    assert item["title"] == kept.title and item["completers"] and item["summary"]
    text = json.dumps(item, ensure_ascii=False)
    assert not re.search(r"\d{17}[\dX]|@|1[3-9]\d{9}", text), "an ID number, email or phone is public"
    assert visitor.get(f"/api/v1/public/achievements/{revoked.number}").status_code == 410
    assert visitor.get(f"/api/v1/public/achievements/{private.number}").status_code == 404
    page = visitor.http.get(f"{system.url}/register/{kept.number}", timeout=10)
    assert page.status_code == 200 and "application/ld+json" in page.text
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page.text, re.S).group(1))
    assert ld["identifier"]["value"] == kept.number and ld["name"] == kept.title
    assert visitor.http.get(f"{system.url}/register/{revoked.number}", timeout=10).status_code == 410
    sitemap = visitor.http.get(f"{system.url}/sitemap-1.xml", timeout=10).text
    assert f"/register/{kept.number}<" in sitemap and revoked.number not in sitemap
    bad = visitor.get("/api/v1/public/achievements?page_size=100000&year=abc")
    assert bad.status_code == 400 and {"page", "year"} <= set(bad.json()["error"]["fields"])


def registrations(engine) -> dict:
    with Session(engine) as session:
        return {row.draft_id: {c.key: getattr(row, c.key) for c in RegistrationRow.__table__.columns
                               if c.key != "updated_at"}
                for row in session.scalars(sa.select(RegistrationRow))}


def test_the_read_model_killed_with_events_queued_counts_each_once(system, story):
    cast = story["cast"]
    system.stop("reports")
    queued = [jr.start(cast, with_unit=False) for _ in range(3)]
    for journey in queued:
        jr.whole(cast, journey)
    counted_before = len(jr.rows(system, "reports", "SELECT event_id FROM events"))
    system.start("reports", wait=False)
    jr.wait_until(lambda: len(jr.rows(system, "reports", "SELECT event_id FROM events")) > counted_before,
                  60, "the read model counting again", every=0.02)
    system.kill("reports")                      # while the queued events are being counted
    system.start("reports")
    for journey in queued:
        jr.wait_until(lambda: jr.rows(system, "reports", "SELECT 1 FROM registrations WHERE draft_id = :d "
                                      "AND registration_number = :n AND certificate_sha256 IS NOT NULL",
                                      d=journey.draft_id, n=journey.number), 60, "counted after restart")
    events = [e for producer in ("registration", "review", "certificates") for e in jr.outbox(system, producer)
              if (e["data"] or {}).get("draft_id") in {j.draft_id for j in queued}]
    stored = jr.rows(system, "reports", "SELECT event_id FROM events")
    counted = [r.event_id for r in stored]
    assert sorted(e["event_id"] for e in events) == sorted(c for c in counted if c in {e["event_id"] for e in events})
    processed = [r.event_id for r in jr.rows(system, "reports", "SELECT event_id FROM processed_events")]
    assert all(processed.count(e["event_id"]) == 1 for e in events)


def test_a_rebuild_from_the_event_history_gives_the_same_tables(system, story, tmp_path):
    """Every registration whose events the producers recorded is rebuilt exactly as it is live.
    (Other tests publish synthetic events straight to the exchanges: those are in no producer's
    history, so the registrations they touched cannot be rebuilt, and are left out.)"""
    live = system.db("reports")
    recorded = {e["event_id"] for producer in ("registration", "review", "certificates")
                for e in jr.outbox(system, producer)}
    counted = collections.defaultdict(set)
    for row in jr.rows(system, "reports", "SELECT draft_id, event_id FROM events"):
        counted[row.draft_id].add(row.event_id)
    rebuildable = {draft for draft, events in counted.items() if events <= recorded}
    assert {story[k].draft_id for k in ("kept", "refused", "revoked", "private")} <= rebuildable
    before = {d: r for d, r in registrations(live).items() if d in rebuildable}
    rebuilt_url = f"sqlite:///{tmp_path}/rebuilt.db"
    done = subprocess.run([sys.executable, "-m", "services.reports.cli", "rebuild"], cwd=ROOT,
                          env={**system.env, "REPORTS_DB_URL": rebuilt_url},
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "重建完成" in done.stdout
    after = {d: r for d, r in registrations(sa.create_engine(rebuilt_url)).items() if d in rebuildable}
    assert after == before
    again = subprocess.run([sys.executable, "-m", "services.reports.cli", "rebuild"], cwd=ROOT,
                           env={**system.env, "REPORTS_DB_URL": rebuilt_url},
                           capture_output=True, text=True, timeout=60)
    assert again.returncode == 2 and "不是空的" in again.stderr
    live.dispose()


def test_the_national_package_of_the_year_is_built_downloaded_and_verified(system, story, tmp_path):
    office = story["cast"].office
    year = statistics_year(dt.date.today())
    started = office.post("/api/v1/packages", {"statistics_year": year})
    assert started.status_code == 202, started.text
    export_id = started.json()["id"]
    done = jr.wait_until(lambda: (lambda s: s if s["status"] in ("done", "failed") else None)(
        office.get(f"/api/v1/exports/{export_id}").json()), 300, "the package built", every=0.5)
    assert done["status"] == "done", done["error"]
    file = office.get(f"/api/v1/exports/{export_id}/file")
    assert file.status_code == 200 and file.headers["Content-Type"] == "application/zip"
    path = tmp_path / "package.zip"
    path.write_bytes(file.content)
    verified = subprocess.run([sys.executable, "-m", "services.reports.cli", "verify-package", str(path)],
                              cwd=ROOT, env=system.env, capture_output=True, text=True, timeout=120)
    assert verified.returncode == 0 and "校验通过" in verified.stdout, verified.stdout + verified.stderr
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        manifest = json.loads(archive.read("manifest.json"))
        record = json.loads(archive.read(f"achievements/{story['kept'].number}.json"))
    assert manifest["statistics_year"] == year and manifest["counts"]["achievements"] == done["total"]
    assert f"certificates/{story['kept'].number}.pdf" in names
    assert f"achievements/{story['revoked'].number}.json" not in names   # revoked: not reported
    assert record["content"]["units"]["units"][0]["region"] == {"code": REGION, "label": "新疆维吾尔自治区"}
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(tampered, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            target.writestr(name, data + b" " if name.startswith("forms/") else data)
    failed = subprocess.run([sys.executable, "-m", "services.reports.cli", "verify-package", str(tampered)],
                            cwd=ROOT, env=system.env, capture_output=True, text=True, timeout=120)
    assert failed.returncode == 1 and "sha256" in failed.stderr
    assert office.post("/api/v1/packages", {"statistics_year": "2026"}).status_code == 400
