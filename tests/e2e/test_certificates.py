"""科技成果登记证书 end to end: an approval (the review service's event, published directly)
issues one signed certificate that the registrant previews and prints, and anyone holding its
登记号 and 核验码 verifies it, until the registration is revoked."""
import datetime as dt
import hashlib
import os
import subprocess
import tempfile
import time
import uuid
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
import zxingcpp
from kombu import Connection, Exchange, Producer
from PIL import Image

from services.certificates.rendering import verify_pdf_signature
from tests.support import pdf_tools
from tests.support.achievements import filled
from tests.support.client import Person, signed_up_registrant
from tests.support.events import SYNTHETIC, EventTap, publish_review_event

pytestmark = pytest.mark.e2e

TODAY = dt.date.today()


def approval(owner_id: int, draft: dict, snapshot_id: int) -> dict:
    return {"event_id": str(uuid.uuid4()), "type": "approved", "version": 1, "producer": "review",
            "occurred_at": dt.datetime.now(dt.timezone.utc).isoformat(),
            "data": {"case_id": draft["id"], "draft_id": draft["id"], "snapshot_id": snapshot_id,
                     "owner_id": owner_id, "unit_id": None, "category": draft["category"],
                     "title": draft["title"], "registration_number": f"620{TODAY.year}Y{9000 + draft['id'] % 1000:04d}",
                     "registered_on": TODAY.isoformat()}}


def publish(system, envelope: dict) -> None:
    """Publish exactly this envelope (same event_id), as a redelivery would bring it again."""
    with Connection(system.amqp_uri) as connection:
        exchange = Exchange("review.events", type="topic", durable=True)
        Producer(connection.channel(), exchange=exchange).publish(
            envelope, routing_key=envelope["type"], declare=[exchange], delivery_mode=2,
            headers=SYNTHETIC)


def wait_processed(system, event_id: str, timeout: float = 20) -> None:
    engine = system.db("certificates")
    deadline = time.time() + timeout
    try:
        while time.time() < deadline:
            with engine.connect() as conn:
                if conn.execute(sa.text("SELECT count(*) FROM processed_events WHERE event_id = :e"),
                                {"e": event_id}).scalar():
                    return
            time.sleep(0.1)
    finally:
        engine.dispose()
    raise AssertionError(f"event {event_id} not handled\n{system.tail('certificates')}")


def wait_certificate(person, draft_id: int, timeout: float = 20) -> dict:
    deadline = time.time() + timeout
    while time.time() < deadline:
        response = person.get(f"/api/v1/achievements/{draft_id}/certificate")
        if response.status_code == 200:
            return response.json()
        assert response.status_code == 404, response.text
        time.sleep(0.05)
    raise AssertionError(f"no certificate: {response.text}")


def run(*argv) -> str:
    return subprocess.run(argv, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def issued(system):
    """A registrant's achievement, submitted, then approved: its certificate once downloadable."""
    owner = signed_up_registrant(system)
    draft = filled(owner)
    submitted = owner.post(f"/api/v1/achievements/{draft['id']}/submit").json()
    before = owner.get(f"/api/v1/achievements/{draft['id']}/certificate")
    tap = EventTap(system.amqp_uri, "certificates")
    event = approval(owner.get("/api/v1/me").json()["user_id"], draft, submitted["snapshot_id"])
    started = time.perf_counter()
    publish(system, event)
    certificate = wait_certificate(owner, draft["id"])
    print(f"\napproval → certificate downloadable: {(time.perf_counter() - started) * 1000:.0f} ms")
    yield SimpleNamespace(owner=owner, draft=draft, event=event, before=before, tap=tap,
                          number=event["data"]["registration_number"], certificate=certificate)
    tap.close()


def test_before_approval_there_is_no_certificate(issued):
    assert issued.before.status_code == 404
    assert issued.before.json()["error"] == {"code": "certificate_not_found",
                                             "message": "该成果尚未登记，暂无登记证书"}


def test_the_registrant_prints_a_signed_certificate_with_its_number_title_and_qr_code(system, issued):
    certificate, draft = issued.certificate, issued.draft
    assert certificate["registration_number"] == issued.number and certificate["status"] == "valid"
    assert certificate["title"] == draft["title"] and "storage" not in certificate
    response = issued.owner.get(f"/api/v1/achievements/{draft['id']}/certificate.pdf")
    assert response.status_code == 200 and response.headers["Content-Type"] == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    pdf = response.content
    assert hashlib.sha256(pdf).hexdigest() == certificate["sha256"]
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "certificate.pdf")
        with open(path, "wb") as handle:
            handle.write(pdf)
        fonts = run("pdffonts", path).splitlines()[2:]
        text = "".join(run("pdftotext", "-enc", "UTF-8", path, "-").split())
        run("pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", path, os.path.join(folder, "page"))
        page = next(os.path.join(folder, n) for n in os.listdir(folder) if n.endswith(".png"))
        codes = zxingcpp.read_barcodes(Image.open(page))
    cjk = [line for line in fonts if "TrueType" in line]
    assert cjk and all(" yes " in line for line in cjk), fonts
    assert f"登记号：{issued.number}" in text and draft["title"] in text and "应用技术类" in text
    assert [c.text for c in codes] == [certificate["verify_url"]]
    assert certificate["verify_url"] == (f"{system.url}/verify?number={issued.number}"
                                         f"&code={certificate['check_code']}")
    with open(os.path.join(system.env["CERTIFICATES_KEYS_DIR"], "signing-cert.pem"), "rb") as handle:
        signature = verify_pdf_signature(pdf, [handle.read()])
    assert signature["valid"] and signature["coverage"] == "ENTIRE_FILE", signature
    preview = issued.owner.get(f"/api/v1/achievements/{draft['id']}/certificate.png")
    assert preview.status_code == 200 and preview.content.startswith(b"\x89PNG")
    assert preview.headers["Content-Type"] == "image/png"


def test_an_approval_delivered_again_leaves_one_certificate_with_the_same_sha256(system, issued):
    publish(system, issued.event)                                  # redelivered: same event_id
    again = {**issued.event, "event_id": str(uuid.uuid4())}        # another event, same 登记号
    publish(system, again)
    wait_processed(system, again["event_id"])
    certificate = issued.owner.get(f"/api/v1/achievements/{issued.draft['id']}/certificate").json()
    assert certificate["sha256"] == issued.certificate["sha256"]
    mine = issued.owner.get("/api/v1/certificates").json()["items"]
    assert [c["registration_number"] for c in mine] == [issued.number]
    told = [e for e in issued.tap.drain() if e["type"] == "issued"]
    assert [e["data"]["sha256"] for e in told] == [issued.certificate["sha256"]]
    assert "completers" not in told[0]["data"] and told[0]["data"]["owner_id"] == issued.event["data"]["owner_id"]


def test_nobody_but_the_registrant_opens_the_certificate(system, issued):
    other = signed_up_registrant(system)
    base = f"/api/v1/achievements/{issued.draft['id']}/certificate"
    for path in (base, base + ".pdf", base + ".png"):
        response = other.get(path)
        assert response.status_code == 403 and response.json()["error"]["code"] == "not_owner", path
        assert Person(system).get(path).status_code == 401
    assert other.get("/api/v1/certificates").json()["items"] == []


def test_anyone_verifies_it_by_number_and_code_until_it_is_revoked(system, issued):
    visitor, code = Person(system), issued.certificate["check_code"]
    answer = visitor.get(f"/api/v1/verify?number={issued.number}&code={code.lower()}")
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["status"] == "valid" and body["title"] == issued.draft["title"]
    assert body["category_label"] == "应用技术类" and body["registered_on"] == TODAY.isoformat()
    assert body["units"] == [u["name"] for u in issued.draft["content"]["units"]["units"]]
    people = [p["name"] for p in issued.draft["content"]["completers"]["completers"]]
    assert not any(name in answer.text for name in people)
    assert set(body) == {"registration_number", "title", "category", "category_label", "units",
                         "registered_on", "status", "status_label", "revoked_on"}

    wrong = visitor.get(f"/api/v1/verify?number={issued.number}&code=AAAAAA")
    unknown = visitor.get(f"/api/v1/verify?number=620{TODAY.year}R9999&code={code}")
    assert wrong.status_code == unknown.status_code == 404 and wrong.json() == unknown.json()
    assert visitor.get("/api/v1/verify").status_code == 400

    publish_review_event(system, "revoked", {"draft_id": issued.draft["id"], "registration_number": issued.number,
                                             "comment": "经核实为重复登记", "reason": "duplicate",
                                             "at": dt.datetime.now(dt.timezone.utc).isoformat()})
    deadline = time.time() + 20
    while visitor.get(f"/api/v1/verify?number={issued.number}&code={code}").json()["status"] != "revoked":
        assert time.time() < deadline, system.tail("certificates")
        time.sleep(0.1)
    event = issued.tap.wait_for("revoked", lambda d: d["registration_number"] == issued.number)
    assert event["data"]["was_issued"] is True and "经核实" not in str(event)

    # once revoked, the owner gets only the copy marked 已注销 on every page, never the signed PDF
    info = issued.owner.get(f"/api/v1/achievements/{issued.draft['id']}/certificate").json()
    assert (info["status"], info["status_label"], info["printable"]) == ("revoked", "已注销", False)
    response = issued.owner.get(f"/api/v1/achievements/{issued.draft['id']}/certificate.pdf")
    assert response.status_code == 200 and "%E5%B7%B2%E6%B3%A8%E9%94%80.pdf" in response.headers["Content-Disposition"]
    marked = response.content
    assert hashlib.sha256(marked).hexdigest() != issued.certificate["sha256"]
    for page in range(1, pdf_tools.page_count(marked) + 1):
        assert "已注销" in pdf_tools.flat_text(marked, page), page
    with open(os.path.join(system.env["CERTIFICATES_KEYS_DIR"], "signing-cert.pem"), "rb") as handle:
        signature = verify_pdf_signature(marked, [handle.read()])
    # the signed revision is inside, unchanged; the mark after it makes the whole no longer valid
    assert signature["intact"] and not signature["valid"] and signature["coverage"] == "ENTIRE_REVISION"
    preview = issued.owner.get(f"/api/v1/achievements/{issued.draft['id']}/certificate.png")
    assert preview.status_code == 200 and preview.content.startswith(b"\x89PNG")
    assert [c["status"] for c in issued.owner.get("/api/v1/certificates").json()["items"]] == ["revoked"]
