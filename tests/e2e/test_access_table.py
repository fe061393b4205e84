"""Who reaches what: every route of the gateway × every kind of person × someone else's object,
all checked on the running system.

The people: a visitor, a registrant of unit A (the owner of every object below), a registrant
without a unit, the unit admin of A, the unit admin of B and an office user. The objects: unit A
(and units waiting for a decision), the owner's drafts with attachments, their submitted cases
at each level, an approved registration with its certificate, and accounts and links of people
outside the test. Every route is called by every person on the object the route is about
(their own one for the routes about oneself: /me…), and the answer must be of the class the
table below says: 2xx for who may, 409 for a reviewer at the wrong moment (`state`), and for
everyone else 401 (not logged in) or 403/404, in the one error shape. No answer of a person who
may not see the owner's data carries any of it (the owner's email, unit A's credit code, the
mark in the owner's titles).

A route missing from TABLE fails test_every_route_is_in_the_table: a new route is added here
with who may call it, or the build breaks."""
from __future__ import annotations

import itertools
import re
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass

import pytest
import requests
import sqlalchemy as sa

import gateway.service  # noqa: F401 - declares every route
from gateway.http import ROUTES
from tests.support.achievements import MATERIALS, PDF, new, recent, save, task_for, upload, wait_certificate
from tests.support.client import (PASSWORD, Person, activate_from_mail, make_id_number, token_from_mail,
                                  unique_email, unit_form, unit_with_registrant)
from tests.support.system import ROOT

pytestmark = pytest.mark.e2e

ANON, REG_A, REG_B = "visitor", "registrant of A", "registrant without unit"
ADMIN_A, ADMIN_B, OFFICE = "unit admin of A", "unit admin of B", "office"
EVERYONE = frozenset({ANON, REG_A, REG_B, ADMIN_A, ADMIN_B, OFFICE})
LOGGED_IN = EVERYONE - {ANON}
NOBODY = frozenset()
REVIEWERS_OF_A = frozenset({REG_A, ADMIN_A, OFFICE})  # the owner, A's admin, the office


@dataclass(frozen=True)
class May:
    ok: frozenset                    # answered 2xx
    state: frozenset = NOBODY        # 409: may act on the object, not at this moment
    sees: frozenset | None = None    # whose answers may carry the owner's data (default: ok)

    def may_see(self, who: str) -> bool:
        return who in (self.ok if self.sees is None else self.sees)


def one(*people) -> frozenset:
    return frozenset(people)


TABLE: dict[str, May] = {
    # -- accounts: captcha, units -------------------------------------------------------------
    "POST /api/v1/captchas": May(EVERYONE, sees=NOBODY),
    "POST /api/v1/units": May(EVERYONE, sees=NOBODY),
    "GET /api/v1/units": May(one(OFFICE)),
    "GET /api/v1/units/<int:unit_id>": May(one(OFFICE, ADMIN_A, REG_A)),
    "POST /api/v1/units/<int:unit_id>/approve": May(one(OFFICE)),
    "POST /api/v1/units/<int:unit_id>/reject": May(one(OFFICE)),
    "POST /api/v1/units/<int:unit_id>/registrants": May(one(ADMIN_A)),
    "GET /api/v1/units/<int:unit_id>/registrants": May(one(ADMIN_A, OFFICE)),
    # 单位信息: A's admin saves A's details unchanged (no change request) …
    "PUT /api/v1/units/<int:unit_id>": May(one(ADMIN_A)),
    # … the office lists and decides change requests (one already decided here: 409) …
    "GET /api/v1/unit-changes": May(one(OFFICE), sees=NOBODY),
    "POST /api/v1/unit-changes/<int:change_id>/decision": May(NOBODY, state=one(OFFICE), sees=NOBODY),
    # … and enables A, which is in use (409)
    "PUT /api/v1/units/<int:unit_id>/state": May(NOBODY, state=one(OFFICE)),
    # 移交单位管理员 of a unit of nobody here (its own admin may too: tests/e2e/test_unit_details.py)
    "POST /api/v1/units/<int:unit_id>/admin": May(one(OFFICE), sees=NOBODY),
    # 系统状态: the system administrator's page (and the office's); nobody's data in it
    "GET /api/v1/system/status": May(one(OFFICE), sees=NOBODY),
    # 通知公告 and 常见问题: the office writes; anyone reads what is published
    "GET /api/v1/public/notices": May(EVERYONE, sees=NOBODY),
    "GET /api/v1/public/notices/<int:text_id>": May(EVERYONE, sees=NOBODY),
    "GET /api/v1/notices": May(one(OFFICE), sees=NOBODY),
    "POST /api/v1/notices": May(one(OFFICE), sees=NOBODY),
    "PUT /api/v1/notices/<int:text_id>": May(one(OFFICE), sees=NOBODY),
    "DELETE /api/v1/notices/<int:text_id>": May(one(OFFICE), sees=NOBODY),
    # 账号管理: the office (the registrant without a unit's account: enabled, unlocked already)
    "GET /api/v1/accounts": May(one(OFFICE)),
    "POST /api/v1/accounts": May(one(OFFICE), sees=NOBODY),
    "POST /api/v1/accounts/<int:user_id>/unlock": May(one(OFFICE), sees=NOBODY),
    # 推荐范围 of an account that is no 推荐单位: the office may, but not on that account (409)
    "PUT /api/v1/accounts/<int:user_id>/recommended-units": May(NOBODY, state=one(OFFICE)),
    "PUT /api/v1/accounts/<int:user_id>/state": May(one(OFFICE), sees=NOBODY),
    # A's admin enables A's registrant (enabled already: nothing changes) …
    "PUT /api/v1/units/<int:unit_id>/registrants/<int:user_id>/role": May(one(ADMIN_A)),
    # … and may resend an activation mail, though not to someone who has activated (409)
    "POST /api/v1/units/<int:unit_id>/registrants/<int:user_id>/activation": May(NOBODY, state=one(ADMIN_A)),
    # -- sign-up, activation, login, passwords: public, or about oneself ----------------------
    "GET /api/v1/agreement": May(EVERYONE, sees=NOBODY),
    "POST /api/v1/signup": May(EVERYONE, sees=NOBODY),
    "GET /api/v1/activation/<token>": May(EVERYONE, sees=NOBODY),      # the link is the key
    "POST /api/v1/activation/<token>": May(EVERYONE, sees=NOBODY),
    "POST /api/v1/activation/<token>/resend": May(EVERYONE, sees=NOBODY),
    "POST /api/v1/session": May(EVERYONE, sees=NOBODY),                # the password is the key
    "DELETE /api/v1/session": May(LOGGED_IN, sees=NOBODY),
    "GET /api/v1/me": May(LOGGED_IN, sees=one(REG_A)),
    "POST /api/v1/password/forgot": May(EVERYONE, sees=NOBODY),
    "POST /api/v1/password/reset": May(EVERYONE, sees=NOBODY),         # the emailed link is the key
    "POST /api/v1/me/password": May(LOGGED_IN, sees=NOBODY),
    "POST /api/v1/me/email/code": May(LOGGED_IN, sees=one(REG_A)),
    "POST /api/v1/me/email/verify": May(LOGGED_IN, sees=one(REG_A)),
    "POST /api/v1/me/mobile/code": May(LOGGED_IN, sees=NOBODY),
    "POST /api/v1/me/mobile/verify": May(LOGGED_IN, sees=NOBODY),
    "GET /api/v1/me/profile": May(LOGGED_IN, sees=one(REG_A)),
    "PUT /api/v1/me/profile": May(LOGGED_IN, sees=one(REG_A)),
    # -- certificates --------------------------------------------------------------------------
    "GET /api/v1/achievements/<int:draft_id>/certificate": May(one(REG_A)),
    "GET /api/v1/achievements/<int:draft_id>/certificate.pdf": May(one(REG_A)),
    "GET /api/v1/achievements/<int:draft_id>/certificate.png": May(one(REG_A)),
    "GET /api/v1/certificates": May(LOGGED_IN, sees=one(REG_A)),
    "GET /api/v1/verify": May(EVERYONE),                      # 登记号 + 核验码: the public fields
    # -- registration --------------------------------------------------------------------------
    "GET /api/v1/forms": May(LOGGED_IN, sees=NOBODY),
    "GET /api/v1/forms/<form_id>": May(LOGGED_IN, sees=NOBODY),
    "GET /api/v1/codetables/<name>": May(EVERYONE, sees=NOBODY),       # national standards
    "GET /api/v1/achievements": May(LOGGED_IN, sees=one(REG_A)),
    "POST /api/v1/achievements": May(one(REG_A, REG_B), sees=NOBODY),
    "GET /api/v1/achievements/<int:draft_id>": May(one(REG_A)),
    "PUT /api/v1/achievements/<int:draft_id>": May(one(REG_A)),
    "DELETE /api/v1/achievements/<int:draft_id>": May(one(REG_A)),
    "POST /api/v1/achievements/<int:draft_id>/copy": May(one(REG_A)),
    "POST /api/v1/achievements/<int:draft_id>/check": May(one(REG_A)),
    "POST /api/v1/achievements/<int:draft_id>/submit": May(one(REG_A)),
    "GET /api/v1/achievements/<int:draft_id>/pdf": May(one(REG_A)),
    "POST /api/v1/achievements/<int:draft_id>/attachments": May(one(REG_A)),
    "GET /api/v1/achievements/<int:draft_id>/attachments/<int:attachment_id>": May(one(REG_A)),
    "DELETE /api/v1/achievements/<int:draft_id>/attachments/<int:attachment_id>": May(one(REG_A)),
    # -- review --------------------------------------------------------------------------------
    "GET /api/v1/review/tasks": May(LOGGED_IN, sees=one(ADMIN_A, OFFICE)),
    # 已审核成果: the reviewing roles; A's admin and the office decided the owner's certified case
    "GET /api/v1/review/history": May(one(ADMIN_A, ADMIN_B, OFFICE), sees=one(ADMIN_A, OFFICE)),
    "GET /api/v1/review/cases/<int:case_id>": May(REVIEWERS_OF_A),
    "GET /api/v1/review/cases/<int:case_id>/attachments/<int:attachment_id>": May(REVIEWERS_OF_A),
    "GET /api/v1/review/cases/<int:case_id>/pdf": May(REVIEWERS_OF_A),
    "GET /api/v1/review/cases/<int:case_id>/duplicates": May(one(OFFICE)),
    # an approved case's certificate: the office (its owner prints it from 打印科技成果登记证书)
    "GET /api/v1/review/cases/<int:case_id>/certificate.pdf": May(one(OFFICE)),
    # a case waiting at unit A: A's admin decides; the office reads it but it is not its turn
    "POST /api/v1/review/cases/<int:case_id>/approve": May(one(ADMIN_A), state=one(OFFICE)),
    "POST /api/v1/review/cases/<int:case_id>/return": May(one(ADMIN_A), state=one(OFFICE)),
    # a case waiting at the office; an approved one
    "POST /api/v1/review/cases/<int:case_id>/refuse": May(one(OFFICE)),
    "POST /api/v1/review/cases/<int:case_id>/revoke": May(one(OFFICE)),
    "GET /api/v1/review/search": May(one(OFFICE)),
    "GET /api/v1/unit/registrations": May(one(ADMIN_A, ADMIN_B), sees=one(ADMIN_A)),
    "POST /api/v1/achievements/<int:draft_id>/withdraw": May(one(REG_A)),
    "GET /api/v1/achievements/<int:draft_id>/timeline": May(REVIEWERS_OF_A),
    "GET /api/v1/reminders": May(LOGGED_IN, sees=NOBODY),
    # cases waiting at unit A (its admin) and at the office; nobody else is reminded of them
    "GET /api/v1/reminders/<kind>": May(LOGGED_IN, sees=one(ADMIN_A, OFFICE)),
    # -- reports: the office's statistics and exports; the public register ----------------------
    "GET /api/v1/statistics": May(one(OFFICE)),
    "GET /api/v1/statistics/dimensions": May(LOGGED_IN, sees=NOBODY),
    "GET /api/v1/statistics/registrations": May(one(OFFICE)),
    "GET /api/v1/statistics/decision-times": May(one(OFFICE)),
    "POST /api/v1/exports": May(one(OFFICE)),
    "POST /api/v1/packages": May(one(OFFICE)),
    "GET /api/v1/exports/<int:export_id>": May(one(OFFICE)),            # the office user who asked
    "GET /api/v1/exports/<int:export_id>/file": May(one(OFFICE)),
    # the owner consented: the register shows the title to everyone, by the rules
    "GET /api/v1/public/achievements": May(EVERYONE),
    "GET /api/v1/public/achievements/<number>": May(EVERYONE),
    "GET /api/v1/public/publicity": May(EVERYONE, sees=NOBODY),
    # 公示 is off here: an objection to a case in review is refused as not in 公示, for anyone
    "POST /api/v1/public/objections": May(NOBODY, state=EVERYONE, sees=NOBODY),
    "GET /api/v1/objections": May(one(OFFICE), sees=NOBODY),
    "POST /api/v1/objections/<int:objection_id>/resolve": May(NOBODY, sees=NOBODY),  # none exists
    # -- the system ----------------------------------------------------------------------------
    "GET /api/v1/openapi.json": May(EVERYONE, sees=NOBODY),
    "GET /healthz": May(EVERYONE, sees=NOBODY),
    "GET /api/v1/ping": May(EVERYONE, sees=NOBODY),
    "GET /metrics": May(EVERYONE, sees=NOBODY),
    "GET /readyz": May(EVERYONE, sees=NOBODY),
}

ROUTE_KEYS = [f"{r.method} {r.path}" for r in ROUTES]
PUBLIC = {f"{r.method} {r.path}" for r in ROUTES if r.auth == "public"}
_ids = itertools.count(1)


def test_every_route_is_in_the_table():
    missing = sorted(set(ROUTE_KEYS) - set(TABLE))
    assert not missing, f"routes with no entry in TABLE (say who may call them): {missing}"
    assert not set(TABLE) - set(ROUTE_KEYS), "TABLE names routes that no longer exist"
    for key in PUBLIC:
        assert ANON in TABLE[key].ok | TABLE[key].state, \
            f"{key} is public: the visitor must be in its ok (or its state: 409 at the wrong moment)"
    for key in set(ROUTE_KEYS) - PUBLIC:
        assert ANON not in TABLE[key].ok, f"{key} needs a login: the visitor cannot be in its ok"


# --- the people and the objects ------------------------------------------------------------------

def id_number() -> str:
    """Odd sequence: 男; born 1975-05-05 (a date no other test uses, so numbers never clash)."""
    return make_id_number("19750505", sequence=(2 * next(_ids) + 1) % 1000)


PROFILE = {"gender": "男", "birth_date": "1975-05-05"}


class World:
    """Everybody and everything the table is checked on."""

    def __init__(self, system):
        self.system = system
        self.mark = "ZX" + uuid.uuid4().hex[:8].upper()   # in every title of the owner's drafts
        self.people: dict[str, Person] = {ANON: Person(system)}
        self.emails: dict[str, str] = {}
        self.mobiles = {who: f"1390000{n:04d}" for n, who in enumerate(sorted(LOGGED_IN))}
        self.fresh: dict[str, object] = {}
        self.agreement = Person(system).get("/api/v1/agreement").json()["version"]

        office_email = unique_email("table.office")
        made = subprocess.run([sys.executable, "-m", "services.accounts.cli", "create-office-user",
                               "--name", "王登记", "--email", office_email], cwd=ROOT, env=system.env,
                              capture_output=True, text=True, timeout=60)
        assert made.returncode == 0, made.stderr
        self._enrol(OFFICE, office_email)
        self.unit_a, self.unit_a_form = self.approved_unit(ADMIN_A)
        self.unit_b, _ = self.approved_unit(ADMIN_B)
        self.invite(self.unit_a["id"], REG_A)
        visitor = Person(system)
        email = unique_email("table.self")
        assert visitor.post("/api/v1/signup", self.signup_body(email, visitor)).status_code == 201
        self._enrol(REG_B, email)
        self.markers = (self.mark, self.emails[REG_A], self.unit_a_form["credit_code"])

        # the owner's objects
        self.draft = self.filled()                             # editing, two attachments
        self.case = self.submitted()                           # waiting at unit A
        self.case_attachment = self.people[ADMIN_A].get(
            f"/api/v1/review/cases/{self.case['case_id']}").json()["snapshot"]["attachments"][0]["id"]
        certified = self.submitted()
        self.decide(ADMIN_A, certified, "approve")
        self.decide(OFFICE, task_for(self.people[OFFICE], certified["draft_id"]), "approve")
        self.certified_draft = certified["draft_id"]
        self.certificate = wait_certificate(self.people[REG_A], self.certified_draft)
        self.outsider = self.self_signed_up()  # someone outside the test, with an active account

    # -- making people -------------------------------------------------------------------------
    def _enrol(self, who: str, email: str) -> Person:
        person = activate_from_mail(self.system, email, id_number())
        self.people[who], self.emails[who] = person, email
        return person

    def approved_unit(self, admin: str):
        visitor, form = Person(self.system), unit_form()
        unit = visitor.post("/api/v1/units", {**form, **visitor.captcha()}).json()
        assert self.people[OFFICE].post(f"/api/v1/units/{unit['id']}/approve").status_code == 200
        self._enrol(admin, form["admin_email"])
        return unit, form

    def pending_unit(self) -> dict:
        visitor = Person(self.system)
        form = unit_form()
        response = visitor.post("/api/v1/units", {**form, **visitor.captcha()})
        assert response.status_code == 201, response.text
        return response.json()

    def decided_change(self) -> int:
        """A change request of unit B's, refused by the office."""
        form = dict(self.people[OFFICE].get(f"/api/v1/units/{self.unit_b['id']}").json())
        body = {k: form[k] for k in ("credit_code", "nature", "address") if form.get(k)}
        asked = self.people[ADMIN_B].put(f"/api/v1/units/{self.unit_b['id']}", {**body, "name": form["name"] + "（更名）"})
        assert asked.status_code == 200, asked.text
        change_id = asked.json()["changes"][0]["change_id"]
        refused = self.people[OFFICE].post(f"/api/v1/unit-changes/{change_id}/decision",
                                           {"approve": False, "reason": "与营业执照不符"})
        assert refused.status_code == 200, refused.text
        return change_id

    def unit_to_hand_over(self) -> tuple[str, dict]:
        """(path, body) handing a new unit's admin role to its one activated registrant."""
        made = unit_with_registrant(self.system, self.people[OFFICE])
        user_id = made["registrant"].get("/api/v1/me").json()["user_id"]
        return f"/api/v1/units/{made['id']}/admin", {"user_id": user_id}

    def invite(self, unit_id: int, who: str | None = None) -> str:
        """An invited registrant of the unit: enrolled as `who`, or left pending (their link)."""
        email = unique_email("table.invited")
        assigned = self.people[ADMIN_A].post(f"/api/v1/units/{unit_id}/registrants",
                                             {"name": "测试", "email": email})
        assert assigned.status_code == 201, assigned.text
        if who:
            self._enrol(who, email)
            return ""
        return token_from_mail(self.system.wait_mail(email, "账号激活"))

    def signup_body(self, email: str, person: Person) -> dict:
        return {"entry": "registrant_without_unit", "agreed": True, "agreement_version": self.agreement,
                "name": "路人", "email": email, "mobile": "13812345678", **person.captcha()}

    def self_signed_up(self) -> str:
        visitor, email = Person(self.system), unique_email("table.outsider")
        assert visitor.post("/api/v1/signup", self.signup_body(email, visitor)).status_code == 201
        activate_from_mail(self.system, email, id_number())
        return email

    def fresh_session(self, who: str) -> Person:
        api = Person(self.system, bearer=True)
        assert api.login(self.emails[who]).status_code == 201
        return api

    # -- the owner's objects ---------------------------------------------------------------------
    def filled(self, category: str = "applied", consent: bool = False) -> dict:
        owner = self.people[REG_A]
        draft = new(owner, category)
        document = recent(category)
        document["summary"]["public_consent"] = consent
        document["overview"]["title"] = document["overview"]["title"][:60] + self.mark
        saved = save(owner, draft, document)
        assert saved.status_code == 200 and saved.json()["problems"] == [], saved.text
        for kind in MATERIALS[category]:
            assert upload(owner, draft["id"], kind, f"{kind}.pdf", PDF).status_code == 201
        return owner.get(f"/api/v1/achievements/{draft['id']}").json()

    def submitted(self) -> dict:
        """A case of the owner's, waiting for unit A's admin."""
        draft = self.filled()
        submitted = self.people[REG_A].post(f"/api/v1/achievements/{draft['id']}/submit")
        assert submitted.status_code == 200, submitted.text
        return task_for(self.people[ADMIN_A], draft["id"])

    def decide(self, who: str, case: dict, action: str, body: dict | None = None) -> None:
        answer = self.people[who].post(f"/api/v1/review/cases/{case['case_id']}/{action}", body or {})
        assert answer.status_code == 200, answer.text

    def at_office(self) -> dict:
        case = self.submitted()
        self.decide(ADMIN_A, case, "approve")
        return task_for(self.people[OFFICE], case["draft_id"])

    def approved(self) -> dict:
        case = self.at_office()
        self.decide(OFFICE, case, "approve")
        return case

    def published(self) -> dict:
        """The owner's registration, consented to the public register, once the register shows it."""
        def make():
            owner = self.people[REG_A]
            draft = self.filled(consent=True)
            assert owner.post(f"/api/v1/achievements/{draft['id']}/submit").status_code == 200
            case = task_for(self.people[ADMIN_A], draft["id"])
            self.decide(ADMIN_A, case, "approve")
            case = task_for(self.people[OFFICE], draft["id"])
            answer = self.people[OFFICE].post(f"/api/v1/review/cases/{case['case_id']}/approve", {})
            assert answer.status_code == 200, answer.text
            number = answer.json()["registration_number"]
            visitor = Person(self.system)
            deadline = time.time() + 60
            while visitor.get(f"/api/v1/public/achievements/{number}").status_code != 200:
                assert time.time() < deadline, "the public register never showed it"
                time.sleep(0.2)
            item = visitor.get(f"/api/v1/public/achievements/{number}").json()
            year = self.people[OFFICE].get(f"/api/v1/statistics/registrations?q={number}").json()
            return {"number": number, "title": item["title"],
                    "statistics_year": year["items"][0]["statistics_year"]}
        return self.once("published", make)

    def new_text(self) -> int:
        answer = self.people[OFFICE].post("/api/v1/notices", {"kind": "notice", "title": "通知", "body": "正文",
                                                              "published": True})
        assert answer.status_code == 201, answer.text
        return answer.json()["id"]

    def public_text(self) -> int:
        return self.once("public text", self.new_text)

    def user_id(self, who: str) -> int:
        return self.once(f"user id of {who}", lambda: self.people[who].get("/api/v1/me").json()["user_id"])

    def issued_case(self) -> int:
        """An approved case of the owner's whose certificate is issued."""
        def make():
            case = self.approved()
            deadline = time.time() + 60
            while self.people[REG_A].get(f"/api/v1/achievements/{case['draft_id']}/certificate").status_code != 200:
                assert time.time() < deadline, "the certificate was never issued"
                time.sleep(0.2)
            return case["case_id"]
        return self.once("issued_case", make)

    def export(self) -> dict:
        """The office user's export, written."""
        def make():
            office = self.people[OFFICE]
            started = office.post("/api/v1/exports", {"kind": "statistics", "params": {"by": "status"}})
            assert started.status_code == 202, started.text
            deadline = time.time() + 60
            while (job := office.get(f"/api/v1/exports/{started.json()['id']}").json())["status"] != "done":
                assert time.time() < deadline and job["status"] != "failed", job
                time.sleep(0.2)
            return job
        return self.once("export", make)

    def once(self, route: str, make):
        """One fresh object for a route that changes or uses up what it is called on."""
        if route not in self.fresh:
            self.fresh[route] = make()
        return self.fresh[route]

    def sms_code(self, mobile: str) -> str:
        with self.system.db("accounts").connect() as conn:
            body = conn.execute(sa.text("SELECT body FROM outgoing_messages WHERE channel = 'sms' "
                                        "AND recipient = :m ORDER BY id DESC"), {"m": mobile}).scalar()
        return re.search(r"\d{6}", body).group(0)


@pytest.fixture(scope="module")
def world(system):
    return World(system)


def calls(w: World) -> dict:
    """route → how a person calls it on the object the route is about."""
    system, p = w.system, w.people
    draft, case, cert = w.draft, w.case, w.certified_draft
    d, u = f"/api/v1/achievements/{draft['id']}", f"/api/v1/units/{w.unit_a['id']}"
    c = f"/api/v1/review/cases/{case['case_id']}"
    attachment = draft["attachments"][0]["id"]

    def get(path):
        return lambda who: p[who].get(path)

    def post(path, body=None):
        return lambda who: p[who].post(path, body if body is not None else {})

    def logout(who):
        if who == ANON:
            return p[who].delete("/api/v1/session")
        return w.fresh_session(who).delete("/api/v1/session")

    def login(who):  # with the outsider's password, on a copy of the person's cookies
        person = Person(system)
        person.http.cookies.update(p[who].http.cookies)
        return person.post("/api/v1/session", {"email": w.outsider, "password": PASSWORD,
                                               **person.captcha()})

    def activate(who):  # a link of its own each time: the first use spends it
        return p[who].activate(w.invite(w.unit_a["id"]), id_number())

    def reset(who):  # a reset link of another outsider's, fresh each time
        target = w.once("reset outsider", w.self_signed_up)
        count = len([m for m in system.mails(target) if "重置登录密码" in m["subject"]]) + 1
        asker = Person(system)
        assert asker.post("/api/v1/password/forgot", {"email": target,
                                                      **asker.captcha()}).status_code == 202
        token = token_from_mail(system.wait_mail(target, "重置登录密码", count=count))
        return p[who].post("/api/v1/password/reset", {"token": token, "password": PASSWORD,
                                                      "password_confirm": PASSWORD})

    def change_password(who):  # and back, so the person can still log in
        changed = p[who].post("/api/v1/me/password", {"old_password": PASSWORD, "password": "Xyz789#$",
                                                      "password_confirm": "Xyz789#$"})
        if changed.status_code == 200:
            back = p[who].post("/api/v1/me/password", {"old_password": "Xyz789#$", "password": PASSWORD,
                                                       "password_confirm": PASSWORD})
            assert back.status_code == 200, back.text
        return changed

    def verify_email(who):
        sent = p[who].post("/api/v1/me/email/code")
        if who == ANON:
            return p[who].post("/api/v1/me/email/verify", {"code": "123456"})
        assert sent.status_code in (202, 429), sent.text  # 429: sent a moment ago by the code route
        mail = system.wait_mail(w.emails[who], "邮箱验证码")
        return p[who].post("/api/v1/me/email/verify", {"code": mail["body"].split("验证码为：")[1][:6]})

    def mobile_code(who):
        return p[who].post("/api/v1/me/mobile/code", {"mobile": w.mobiles.get(who, "13900009999")})

    def verify_mobile(who):
        sent = mobile_code(who)
        if who == ANON:
            return p[who].post("/api/v1/me/mobile/verify", {"code": "123456"})
        assert sent.status_code in (202, 429), sent.text
        return p[who].post("/api/v1/me/mobile/verify", {"code": w.sms_code(w.mobiles[who])})

    def save_profile(who):
        return p[who].put("/api/v1/me/profile", {"name": "测试", **PROFILE})

    def save_draft(who):
        version = p[REG_A].get(d).json()["version"]
        return p[who].put(d, {"version": version, "sections": {"overview": {"title": "改" + w.mark}}})

    def delete_draft(who):
        target = w.once("delete draft", lambda: new(p[REG_A]))
        return p[who].delete(f"/api/v1/achievements/{target['id']}")

    def delete_attachment(who):
        def make():
            answer = upload(p[REG_A], draft["id"], "evaluation_proof", "extra.pdf", PDF)
            assert answer.status_code == 201, answer.text
            return answer.json()["id"]
        return p[who].delete(f"{d}/attachments/{w.once('delete attachment', make)}")

    def on_fresh(name, make, action, body=None, by_draft=False):
        def call(who):
            target = w.once(name, make)
            if by_draft:
                return p[who].post(f"/api/v1/achievements/{target['draft_id']}/{action}", body or {})
            return p[who].post(f"/api/v1/review/cases/{target['case_id']}/{action}", body or {})
        return call

    def submit(who):
        target = w.once("submit", w.filled)
        return p[who].post(f"/api/v1/achievements/{target['id']}/submit")

    def decide_unit(action, body=None):
        return lambda who: p[who].post(
            f"/api/v1/units/{w.once('unit ' + action, w.pending_unit)['id']}/{action}", body or {})

    def register_unit(who):
        return p[who].post("/api/v1/units", {**unit_form(), **p[who].captcha()})

    def signup(who):
        return p[who].post("/api/v1/signup", w.signup_body(unique_email("table.signup"), p[who]))

    def forgot(who):
        return p[who].post("/api/v1/password/forgot", {"email": w.outsider, **p[who].captcha()})

    verify_query = f"/api/v1/verify?number={w.certificate['registration_number']}&code={w.certificate['check_code']}"
    return {
        "POST /api/v1/captchas": post("/api/v1/captchas"),
        "POST /api/v1/units": register_unit,
        "GET /api/v1/units": get("/api/v1/units"),
        "GET /api/v1/units/<int:unit_id>": get(u),
        "POST /api/v1/units/<int:unit_id>/approve": decide_unit("approve"),
        "POST /api/v1/units/<int:unit_id>/reject": decide_unit("reject", {"reason": "材料不全"}),
        "POST /api/v1/units/<int:unit_id>/registrants": lambda who: p[who].post(
            f"{u}/registrants", {"name": "新人", "email": unique_email("table.assigned")}),
        "GET /api/v1/units/<int:unit_id>/registrants": get(f"{u}/registrants"),
        "PUT /api/v1/units/<int:unit_id>": lambda who: p[who].put(u, {
            k: w.unit_a_form[k] for k in ("name", "credit_code", "nature", "address", "postcode")
            if w.unit_a_form.get(k) is not None}),
        "GET /api/v1/unit-changes": get("/api/v1/unit-changes"),
        "GET /api/v1/system/status": get("/api/v1/system/status"),
        "POST /api/v1/unit-changes/<int:change_id>/decision": lambda who: p[who].post(
            f"/api/v1/unit-changes/{w.once('decided change', w.decided_change)}/decision", {"approve": True}),
        "PUT /api/v1/units/<int:unit_id>/state": lambda who: p[who].put(f"{u}/state", {"enabled": True}),
        "POST /api/v1/units/<int:unit_id>/admin": lambda who: p[who].post(
            *w.once("unit to hand over", w.unit_to_hand_over)),
        "GET /api/v1/public/notices": get("/api/v1/public/notices"),
        "GET /api/v1/public/notices/<int:text_id>": get(f"/api/v1/public/notices/{w.public_text()}"),
        "GET /api/v1/notices": get("/api/v1/notices"),
        "POST /api/v1/notices": post("/api/v1/notices", {"kind": "notice", "title": "表中的通知", "body": "正文"}),
        "PUT /api/v1/notices/<int:text_id>": lambda who: p[who].put(f"/api/v1/notices/{w.public_text()}", {
            "kind": "notice", "title": "表中的通知", "body": "正文", "published": True}),
        "DELETE /api/v1/notices/<int:text_id>": lambda who: p[who].delete(
            f"/api/v1/notices/{w.once('text to delete', w.new_text)}"),
        "GET /api/v1/accounts": get("/api/v1/accounts?page_size=100"),
        "POST /api/v1/accounts": lambda who: p[who].post("/api/v1/accounts", {
            "name": "新推荐", "email": unique_email("table.staff"), "role": "recommender"}),
        "POST /api/v1/accounts/<int:user_id>/unlock": post(f"/api/v1/accounts/{w.user_id(REG_B)}/unlock"),
        "PUT /api/v1/accounts/<int:user_id>/recommended-units": lambda who: p[who].put(
            f"/api/v1/accounts/{w.user_id(REG_B)}/recommended-units", {"unit_ids": []}),
        "PUT /api/v1/accounts/<int:user_id>/state": lambda who: p[who].put(
            f"/api/v1/accounts/{w.user_id(REG_B)}/state", {"enabled": True}),
        "PUT /api/v1/units/<int:unit_id>/registrants/<int:user_id>/role": lambda who: p[who].put(
            f"{u}/registrants/{w.user_id(REG_A)}/role", {"enabled": True}),
        "POST /api/v1/units/<int:unit_id>/registrants/<int:user_id>/activation": post(
            f"{u}/registrants/{w.user_id(REG_A)}/activation"),
        "GET /api/v1/agreement": get("/api/v1/agreement"),
        "POST /api/v1/signup": signup,
        "GET /api/v1/activation/<token>": lambda who: p[who].get(
            f"/api/v1/activation/{w.once('activation info', lambda: w.invite(w.unit_a['id']))}"),
        "POST /api/v1/activation/<token>": activate,
        "POST /api/v1/activation/<token>/resend": lambda who: p[who].post(
            f"/api/v1/activation/{w.once('resend', lambda: w.invite(w.unit_a['id']))}/resend"),
        "POST /api/v1/session": login,
        "DELETE /api/v1/session": logout,
        "GET /api/v1/me": get("/api/v1/me"),
        "POST /api/v1/password/forgot": forgot,
        "POST /api/v1/password/reset": reset,
        "POST /api/v1/me/password": change_password,
        "POST /api/v1/me/email/code": post("/api/v1/me/email/code"),
        "POST /api/v1/me/email/verify": verify_email,
        "POST /api/v1/me/mobile/code": mobile_code,
        "POST /api/v1/me/mobile/verify": verify_mobile,
        "GET /api/v1/me/profile": get("/api/v1/me/profile"),
        "PUT /api/v1/me/profile": save_profile,
        "GET /api/v1/achievements/<int:draft_id>/certificate": get(f"/api/v1/achievements/{cert}/certificate"),
        "GET /api/v1/achievements/<int:draft_id>/certificate.pdf": get(f"/api/v1/achievements/{cert}/certificate.pdf"),
        "GET /api/v1/achievements/<int:draft_id>/certificate.png": get(f"/api/v1/achievements/{cert}/certificate.png"),
        "GET /api/v1/certificates": get("/api/v1/certificates"),
        "GET /api/v1/verify": get(verify_query),
        "GET /api/v1/forms": get("/api/v1/forms"),
        "GET /api/v1/forms/<form_id>": get(f"/api/v1/forms/{draft['form_id']}"),
        "GET /api/v1/codetables/<name>": get("/api/v1/codetables/disciplines"),
        "GET /api/v1/achievements": get("/api/v1/achievements"),
        "POST /api/v1/achievements": post("/api/v1/achievements", {"category": "soft"}),
        "GET /api/v1/achievements/<int:draft_id>": get(d),
        "PUT /api/v1/achievements/<int:draft_id>": save_draft,
        "DELETE /api/v1/achievements/<int:draft_id>": delete_draft,
        "POST /api/v1/achievements/<int:draft_id>/copy": post(f"{d}/copy"),
        "POST /api/v1/achievements/<int:draft_id>/check": post(f"{d}/check"),
        "POST /api/v1/achievements/<int:draft_id>/submit": submit,
        "GET /api/v1/achievements/<int:draft_id>/pdf": get(f"{d}/pdf"),
        "POST /api/v1/achievements/<int:draft_id>/attachments": lambda who: upload(
            p[who], draft["id"], "evaluation_proof", "more.pdf", PDF),
        "GET /api/v1/achievements/<int:draft_id>/attachments/<int:attachment_id>": get(f"{d}/attachments/{attachment}"),
        "DELETE /api/v1/achievements/<int:draft_id>/attachments/<int:attachment_id>": delete_attachment,
        "GET /api/v1/review/tasks": get("/api/v1/review/tasks?page_size=100"),
        "GET /api/v1/review/history": get("/api/v1/review/history?page_size=100"),
        "GET /api/v1/review/cases/<int:case_id>": get(c),
        "GET /api/v1/review/cases/<int:case_id>/attachments/<int:attachment_id>": get(f"{c}/attachments/{w.case_attachment}"),
        "GET /api/v1/review/cases/<int:case_id>/pdf": get(f"{c}/pdf"),
        "GET /api/v1/review/cases/<int:case_id>/duplicates": get(f"{c}/duplicates"),
        "GET /api/v1/review/cases/<int:case_id>/certificate.pdf": get(f"/api/v1/review/cases/{w.issued_case()}/certificate.pdf"),
        "POST /api/v1/review/cases/<int:case_id>/approve": on_fresh("approve", w.submitted, "approve"),
        "POST /api/v1/review/cases/<int:case_id>/return": on_fresh("return", w.submitted, "return",
                                                                    {"comment": "请补充材料"}),
        "POST /api/v1/review/cases/<int:case_id>/refuse": on_fresh("refuse", w.at_office, "refuse",
                                                                    {"reason": "other", "comment": "不符合登记条件"}),
        "POST /api/v1/review/cases/<int:case_id>/revoke": on_fresh("revoke", w.approved, "revoke",
                                                                    {"reason": "发现剽窃他人成果"}),
        "GET /api/v1/review/search": get("/api/v1/review/search?page_size=100"),
        "GET /api/v1/unit/registrations": get("/api/v1/unit/registrations?page_size=100"),
        "POST /api/v1/achievements/<int:draft_id>/withdraw": on_fresh("withdraw", w.submitted, "withdraw",
                                                                       by_draft=True),
        "GET /api/v1/achievements/<int:draft_id>/timeline": get(f"/api/v1/achievements/{case['draft_id']}/timeline"),
        "GET /api/v1/reminders": get("/api/v1/reminders"),
        "GET /api/v1/reminders/<kind>": get("/api/v1/reminders/to_review?page_size=100"),
        "GET /api/v1/statistics": get("/api/v1/statistics?by=status"),
        "GET /api/v1/statistics/dimensions": get("/api/v1/statistics/dimensions"),
        "GET /api/v1/statistics/registrations": get(f"/api/v1/statistics/registrations?q={w.published()['title'][-8:]}"),
        "GET /api/v1/statistics/decision-times": get("/api/v1/statistics/decision-times"),
        "POST /api/v1/exports": post("/api/v1/exports", {"kind": "statistics", "params": {"by": "category"}}),
        "POST /api/v1/packages": post("/api/v1/packages", {"statistics_year": w.published()["statistics_year"]}),
        "GET /api/v1/exports/<int:export_id>": get(f"/api/v1/exports/{w.export()['id']}"),
        "GET /api/v1/exports/<int:export_id>/file": get(f"/api/v1/exports/{w.export()['id']}/file"),
        "GET /api/v1/public/achievements": get(f"/api/v1/public/achievements?q={w.published()['title'][-8:]}"),
        "GET /api/v1/public/achievements/<number>": get(f"/api/v1/public/achievements/{w.published()['number']}"),
        "GET /api/v1/public/publicity": get("/api/v1/public/publicity"),
        "POST /api/v1/public/objections": lambda who: p[who].post("/api/v1/public/objections", {
            "case_id": case["case_id"], "name": "张三", "contact": "13800000000", "reasons": "理由",
            **p[who].captcha()}),
        "GET /api/v1/objections": get("/api/v1/objections"),
        "POST /api/v1/objections/<int:objection_id>/resolve": post(
            "/api/v1/objections/2147483000/resolve", {"decision": "dismiss", "comment": "不成立"}),
        "GET /api/v1/openapi.json": get("/api/v1/openapi.json"),
        "GET /healthz": get("/healthz"),
        "GET /api/v1/ping": get("/api/v1/ping"),
        "GET /metrics": get("/metrics"),
        "GET /readyz": get("/readyz"),
    }


@pytest.fixture(scope="module")
def routes(world):
    found = calls(world)
    assert set(found) == set(TABLE), "every route in TABLE needs a call in calls()"
    return found


def problems_with(route: str, rule: May, who: str, answer: requests.Response, markers) -> list[str]:
    status, found = answer.status_code, []
    if who in rule.ok:
        expected = "2xx"
        right = 200 <= status < 300
    elif who in rule.state:
        expected, right = "409", status == 409
    elif who == ANON:
        expected, right = "401", status == 401
    else:
        expected, right = "403/404", status in (403, 404)
    if not right:
        found.append(f"{who}: {status}, expected {expected}: {answer.text[:300]}")
    if not 200 <= status < 300:
        body = answer.json() if answer.headers.get("Content-Type", "").startswith("application/json") else None
        if not (isinstance(body, dict) and set(body) == {"error"} and body["error"].get("code")
                and body["error"].get("message")):
            found.append(f"{who}: {status} not in the error shape: {answer.text[:200]}")
    if not rule.may_see(who):
        text = answer.content.decode("utf-8", "replace")
        leaked = [m for m in markers if m and m in text]
        if leaked:
            found.append(f"{who}: the owner's data {leaked} in a {status} answer: {text[:300]}")
    return found


def test_the_owners_data_is_where_it_belongs_so_its_absence_elsewhere_means_something(world):
    """The leak check looks for these markers: each is in the answers of who may see it."""
    mark, email, credit_code = world.markers
    assert mark in world.people[REG_A].get(f"/api/v1/achievements/{world.draft['id']}").text
    assert mark in world.people[ADMIN_A].get(f"/api/v1/review/cases/{world.case['case_id']}").text
    assert email in world.people[REG_A].get("/api/v1/me").text
    assert email in world.people[OFFICE].get(f"/api/v1/units/{world.unit_a['id']}/registrants").text
    assert credit_code in world.people[ADMIN_A].get(f"/api/v1/units/{world.unit_a['id']}").text


@pytest.mark.parametrize("route", list(TABLE))
def test_each_route_answers_each_person_as_the_table_says(route, world, routes):
    rule = TABLE[route]
    # who may not first: a call that changes or uses up its object (approve, delete…) comes last
    order = sorted(EVERYONE, key=lambda who: (who in rule.ok, who in rule.state, who))
    problems = []
    for who in order:
        problems += problems_with(route, rule, who, routes[route](who), world.markers)
    assert not problems, f"{route}\n" + "\n".join(problems)
