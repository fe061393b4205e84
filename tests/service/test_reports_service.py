"""The reports service's entry points with nameko's worker_factory: a real SQLite database, a
local file store and a fake registration service (its snapshots and code tables); no broker.

What matters: a registration's row is the same whatever order and however often its events
come; the office's counts, lists and exports say what the events said, with labels; and the
public register shows only what was consented and registered, never after a revocation."""
import datetime as dt
import io
import uuid

import openpyxl
import pytest
import sqlalchemy as sa
from nameko.testing.services import worker_factory

from services.common.errors import Forbidden, Gone, InvalidInput, NotFound
from services.common.file_store import LocalFileStore
from services.registration.app.forms import code_table
from services.reports.app import exports
from services.reports.models import metadata
from services.reports.service import MIGRATIONS, ReportsService
from services.reports.settings import ReportsSettings
from tests.support.documents import complete_document
from tests.support.local_database import LocalDatabase

OFFICE = {"user_id": 1, "name": "登记处", "grants": [{"role": "office", "unit_id": None}]}
OFFICE_2 = {"user_id": 2, "name": "登记处二", "grants": [{"role": "office", "unit_id": None}]}
REGISTRANT = {"user_id": 9, "name": "王伟任", "grants": [{"role": "registrant", "unit_id": None}]}


class FakeRegistration:
    def __init__(self):
        self.snapshots, self.calls = {}, 0

    def snapshot_content(self, snapshot_id):
        self.calls += 1
        return self.snapshots[snapshot_id]

    def get_code_table(self, name):
        return code_table(name)


@pytest.fixture
def service(tmp_path):
    db = LocalDatabase(tmp_path / "reports.db", "reports", MIGRATIONS, metadata)
    return worker_factory(ReportsService, db=db, files=LocalFileStore(str(tmp_path / "files")),
                          registration=FakeRegistration(), settings=ReportsSettings())


def envelope(producer, kind, **data):
    return {"event_id": str(uuid.uuid4()), "type": kind, "version": 1, "producer": producer,
            "occurred_at": dt.datetime.now(dt.timezone.utc).isoformat(), "data": data}


class Story:
    """The events of one registration, its snapshot held by the fake registration service."""

    def __init__(self, service, draft_id, category="applied", consent=True, region="620100"):
        self.service, self.draft_id = service, draft_id
        self.snapshot_id, self.version = draft_id * 10, 0
        content = complete_document(category)
        content["summary"]["public_consent"] = consent
        content["units"]["units"][0]["region"] = region
        self.title = content["overview"]["title"]
        service.registration.snapshots[self.snapshot_id] = {
            "id": self.snapshot_id, "draft_id": draft_id, "form_id": f"{category}-2021",
            "category": category, "content": content}
        self.common = {"draft_id": draft_id, "snapshot_id": self.snapshot_id, "owner_id": 9,
                       "unit_id": None, "category": category, "title": self.title}

    def submitted(self, at="2026-03-02T02:00:00+00:00"):
        return envelope("registration", "submitted", **self.common, form_id="applied-2021",
                        first_level="office", submitted_at=at)

    def review(self, kind, at, **extra):
        self.version += 1
        return envelope("review", kind, **self.common, version=self.version, at=at, **extra)

    def approved(self, number, on="2026-03-05", at="2026-03-05T02:00:00+00:00"):
        return self.review("approved", at, registration_number=number, registered_on=on,
                           to_status="approved")

    def refused(self, at="2026-03-04T02:00:00+00:00"):
        return self.review("refused", at, reason="incomplete", reason_label="材料不齐全")


def deliver(service, *events):
    for event in events:
        source = event["producer"]
        handler = {("registration", "submitted"): service.on_submitted,
                   ("review", "forwarded"): service.on_forwarded,
                   ("review", "refused"): service.on_refused, ("review", "approved"): service.on_approved,
                   ("review", "revoked"): service.on_revoked}[(source, event["type"])]
        handler(event)


def rows(service):
    with service.db.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(sa.text(
            "SELECT * FROM registrations ORDER BY draft_id"))]


def comparable(table):
    return [{k: v for k, v in row.items() if k != "updated_at"} for row in table]


def test_a_registration_is_the_same_whatever_the_order_and_repeats_of_its_events(tmp_path):
    orders = []
    for name, order in (("forward", [0, 1]), ("reversed", [1, 0]), ("repeated", [1, 0, 1, 0])):
        db = LocalDatabase(tmp_path / f"{name}.db", "reports", MIGRATIONS, metadata)
        service = worker_factory(ReportsService, db=db, registration=FakeRegistration(),
                                 settings=ReportsSettings())
        story = Story(service, 7)
        events = [story.submitted(), story.approved("6202026Y0001")]
        deliver(service, *(events[i] for i in order))
        orders.append(comparable(rows(service)))
        assert service.registration.calls == 1          # the snapshot is read once
        with db.engine.connect() as conn:
            assert conn.execute(sa.text("SELECT count(*) FROM events")).scalar() == 2
    assert orders[0] == orders[1] == orders[2]
    row = orders[0][0]
    assert row["status"] == "registered" and row["registration_number"] == "6202026Y0001"
    assert row["decision_working_days"] == 3            # Mon 2 March → Thu 5 March 2026
    assert row["statistics_year"] == 2026 and row["registration_year"] == 2026
    assert row["region"] == "620100" and row["publish_consent"] in (1, True)


def test_counts_cross_tables_and_the_registrations_behind_a_figure(service):
    a, b, c = Story(service, 1), Story(service, 2, "basic", region="620200"), Story(service, 3)
    deliver(service, a.submitted(), a.approved("6202026Y0001"), b.submitted(),
            b.approved("6202026J0001"), c.submitted(), c.refused())
    by_status = service.statistics(OFFICE, {"by": "status"})
    assert {r["label"]: r["count"] for r in by_status["rows"]} == {"已登记": 2, "不予登记": 1}
    assert by_status["total"] == 3
    cross = service.statistics(OFFICE, {"by": "region,category", "status": "registered"})
    assert [c["label"] for c in cross["columns"]] == ["应用技术类", "基础理论类"]
    assert [(r["label"], r["cells"], r["total"]) for r in cross["rows"]] == [
        ("兰州市", [1, 0], 1), ("嘉峪关市", [0, 1], 1)]
    assert cross["total"] == 2
    behind = service.registrations(OFFICE, {"region": "620200", "status": "registered"})
    assert [i["registration_number"] for i in behind["items"]] == ["6202026J0001"]
    refused = service.statistics(OFFICE, {"by": "refusal_reason", "status": "refused"})
    assert refused["rows"][0]["label"] == "材料不齐全"


def test_only_the_office_reads_the_statistics_and_bad_queries_name_the_field(service):
    with pytest.raises(Forbidden):
        service.statistics(REGISTRANT, {"by": "status"})
    with pytest.raises(InvalidInput) as raised:
        service.statistics(OFFICE, {"by": "colour"})
    assert "by" in raised.value.fields
    with pytest.raises(InvalidInput) as raised:
        service.registrations(OFFICE, {"page_size": "100000"})
    assert "page" in raised.value.fields


def test_time_to_decision_against_the_five_working_days(service):
    fast, slow = Story(service, 1), Story(service, 2)
    deliver(service, fast.submitted("2026-03-02T02:00:00+00:00"), fast.approved("6202026Y0001"),
            # arrived on Monday 28 September; the National Day holidays do not count
            slow.submitted("2026-09-28T02:00:00+00:00"),
            slow.approved("6202026Y0002", on="2026-10-12", at="2026-10-12T02:00:00+00:00"))
    times = service.decision_times(OFFICE, {})
    assert times["decided"] == 2 and times["within_limit"] == 1 and times["over_limit"] == 1
    assert [r["registration_number"] for r in times["decided_over_limit"]] == ["6202026Y0002"]


def test_an_export_is_an_xlsx_with_chinese_headers_and_labels(service):
    a = Story(service, 1)
    deliver(service, a.submitted(), a.approved("6202026Y0001"))
    job = service.start_export(OFFICE, {"kind": "registrations", "params": {"status": "registered"}})
    assert job["status"] == "queued" and job["total"] == 1
    service.write_exports()
    done = service.export_status(OFFICE, job["id"])
    assert done["status"] == "done" and done["written"] == 1
    with pytest.raises(NotFound):
        service.export_status(OFFICE_2, job["id"])        # another person's export
    found = service.locate_export(OFFICE, job["id"])
    book = openpyxl.load_workbook(io.BytesIO(service.files.read(found["storage_key"])), read_only=True)
    header, first = list(book.active.iter_rows(values_only=True))[:2]
    assert header[:3] == ("登记号", "成果名称", "成果类别")
    record = dict(zip(header, first))
    assert record["登记号"] == "6202026Y0001" and record["成果类别"] == "应用技术类"
    assert record["行政区划"] == "兰州市" and record["状态"] == "已登记"
    # a week later the file is gone and the export says so
    exports.expire_old(service.db, service.files, dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=8))
    assert service.export_status(OFFICE, job["id"])["status"] == "expired"
    with pytest.raises(NotFound):
        service.locate_export(OFFICE, job["id"])
    with pytest.raises((FileNotFoundError, KeyError)):
        service.files.read(found["storage_key"])


def test_a_bad_export_request_names_the_field_and_stores_nothing(service):
    for body, field in (({"kind": "pdf"}, "kind"), ({"kind": "registrations", "params": []}, "params"),
                        ({"kind": "registrations", "params": {"status": "lost"}}, "status")):
        with pytest.raises(InvalidInput) as raised:
            service.start_export(OFFICE, body)
        assert field in raised.value.fields
    with service.db.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM exports")).scalar() == 0


def test_the_public_register_shows_what_was_consented_and_leaves_at_revocation(service):
    public, private = Story(service, 1), Story(service, 2, consent=False)
    deliver(service, public.submitted(), public.approved("6202026Y0001"), private.submitted(),
            private.approved("6202026Y0002"))
    found = service.public_search({})
    assert [i["registration_number"] for i in found["items"]] == ["6202026Y0001"]
    item = service.public_achievement("6202026Y0001")
    assert item["title"] == public.title and item["completers"]
    text = repr(item)
    assert "@" not in text and "id_number" not in text and "phone" not in text
    with pytest.raises(NotFound):
        service.public_achievement("6202026Y0002")
    deliver(service, public.review("revoked", "2026-04-01T02:00:00+00:00",
                                   registration_number="6202026Y0001", reason="重复登记"))
    assert service.public_search({})["total"] == 0
    with pytest.raises(Gone):
        service.public_achievement("6202026Y0001")
    with pytest.raises(InvalidInput) as raised:
        service.public_search({"page_size": "1000", "year": "two"})
    assert {"page", "year"} <= set(raised.value.fields)


def test_an_answer_asked_again_is_kept_only_until_the_next_event(service):
    a, b = Story(service, 1), Story(service, 2)
    deliver(service, a.submitted(), a.approved("6202026Y0001"))
    question = {"by": "status", "statistics_year": "2026"}
    assert service.statistics(OFFICE, question)["total"] == 1
    assert service.statistics(OFFICE, dict(reversed(question.items())))["total"] == 1
    deliver(service, b.submitted())
    assert {r["label"]: r["count"] for r in service.statistics(OFFICE, question)["rows"]} == \
        {"已登记": 1, "审核中": 1}


class PagedRegistration(FakeRegistration):
    """The registration service as the rebuild asks it: many snapshots in one call."""

    def snapshot_contents(self, snapshot_ids):
        self.calls += 1
        return {str(i): self.snapshots[i] for i in snapshot_ids if i in self.snapshots}


def test_a_page_of_history_counts_as_its_events_did_live_and_skips_a_lost_snapshot(tmp_path):
    from services.reports.app import ingest
    live_db = LocalDatabase(tmp_path / "live.db", "reports", MIGRATIONS, metadata)
    live = worker_factory(ReportsService, db=live_db, registration=PagedRegistration(),
                          settings=ReportsSettings())
    a, b, lost = Story(live, 1), Story(live, 2, "basic"), Story(live, 3)
    history = [a.submitted(), b.submitted(), lost.submitted(), a.approved("6202026Y0001"), b.refused()]
    deliver(live, *[e for e in history if e["data"]["draft_id"] != 3])

    rebuilt_db = LocalDatabase(tmp_path / "rebuilt.db", "reports", MIGRATIONS, metadata)
    rebuilt = worker_factory(ReportsService, db=rebuilt_db, registration=PagedRegistration(),
                             settings=ReportsSettings())
    rebuilt.registration.snapshots = {k: v for k, v in live.registration.snapshots.items()
                                      if k != lost.snapshot_id}
    by_producer = {}
    for event in history:
        by_producer.setdefault(event["producer"], []).append(event)
    counted, skipped = 0, []
    for producer, events in by_producer.items():
        done, missed = ingest.on_history(rebuilt.db, rebuilt.registration, producer, events)
        counted, skipped = counted + done, skipped + missed
    assert rows(rebuilt) == []                            # stored, not yet folded
    assert ingest.refold_all(rebuilt.db, rebuilt.settings, batch=1) == 2
    assert counted == 4 and [e["data"]["draft_id"] for e, _ in skipped] == [3]
    assert rebuilt.registration.calls == 1              # one call for the page's snapshots
    assert comparable(rows(rebuilt)) == comparable(rows(live))
    facts = "SELECT * FROM registration_facts ORDER BY draft_id"
    with live_db.engine.connect() as one, rebuilt_db.engine.connect() as other:
        assert [dict(r._mapping) for r in one.execute(sa.text(facts))] == \
            [dict(r._mapping) for r in other.execute(sa.text(facts))]
    assert rebuilt.statistics(OFFICE, {"by": "status"})["total"] == 2


def test_words_are_found_as_typed_long_or_short_and_search_syntax_is_only_text(service):
    story = Story(service, 1)
    deliver(service, story.submitted(), story.approved("6202026Y0001"))
    title = story.title
    for words in (title[0], title[:2], title[1:3], title[:3], title[1:6], "6202026y0001", "y0",
                  f"{title[:2]} {title[2:5]}", f"{title[:3]} {title[3:6]}", f"{title[:1]} {title[1:3]}"):
        assert service.public_search({"q": words})["total"] == 1, words
        assert service.registrations(OFFICE, {"q": words})["total"] == 1, words
    # "1" + title[0]: the 登记号's last character and the title's first, across the space between
    for words in ('"""', 'NEAR(abc', '*abc*', "%%%", "a_b_c", title[:2] + '"' + title[2:4], "不在其中的词",
                  "1" + title[0], "-", "\ue000"):
        assert service.public_search({"q": words})["total"] == 0, words
        assert service.registrations(OFFICE, {"q": words})["total"] == 0, words
