"""Every page, for every role that uses it, checked with axe-core (axe-playwright-python carries
it): no serious or critical violation; and at 375 px wide (a phone) nothing makes the page wider
than the screen: wide tables scroll inside their own box, the page itself does not."""
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from tests.support.achievements import submitted_for_the_register, task_for
from tests.support.client import Person, activate_from_mail, unique_email
from tests.support.journeys import Cast, make_cast, start, submit, task, wait_until

pytestmark = pytest.mark.e2e

axe_module = pytest.importorskip("axe_playwright_python.sync_playwright",
                                 reason="axe-playwright-python is not installed "
                                        "(pip install -r requirements-dev.txt)")
AXE = axe_module.Axe()
BLOCKING = {"serious", "critical"}


@dataclass
class World:
    cast: Cast
    recommender: Person
    sysadmin: Person
    draft_id: int       # the unit registrant's, waiting at the unit
    case_id: int
    number: str         # registered, in the public register
    notice_id: int


@pytest.fixture(scope="module")
def world(system) -> World:
    cast = make_cast(system)
    waiting = start(cast)
    submit(waiting)
    case = task(cast.admin, waiting)
    email = unique_email("a11y.rec")
    made = cast.office.post("/api/v1/accounts", {"role": "recommender", "name": "兰州市科技局",
                                                 "email": email})
    assert made.status_code == 201, made.text
    recommender = activate_from_mail(system, email)
    scoped = cast.office.put(f"/api/v1/accounts/{recommender.get('/api/v1/me').json()['user_id']}"
                             "/recommended-units", {"unit_ids": [cast.unit_id]})
    assert scoped.status_code == 200, scoped.text
    email = unique_email("a11y.sysadmin")
    assert cast.office.post("/api/v1/accounts", {"role": "sysadmin", "name": "系统管理员",
                                                 "email": email}).status_code == 201
    sysadmin = activate_from_mail(system, email)
    notice = cast.office.post("/api/v1/notices", {
        "kind": "notice", "title": "关于科技成果登记证书打印的说明",
        "body": "登记证书由成果登记人在系统中自行下载打印。", "published": True})
    assert notice.status_code == 201, notice.text
    draft_id, _ = submitted_for_the_register(cast.loner, "applied", "a11y")
    office_case = task_for(cast.office, draft_id, timeout=60)
    approved = cast.office.post(f"/api/v1/review/cases/{office_case['case_id']}/approve",
                                {"comment": "予以登记"})
    assert approved.status_code == 200, approved.text
    number = approved.json()["registration_number"]
    wait_until(lambda: Person(system).get(f"/api/v1/public/achievements/{number}").status_code == 200,
               60, "the achievement in the public register")
    return World(cast, recommender, sysadmin, waiting.draft_id, case["case_id"], number, notice.json()["id"])


def pages_of(world: World) -> dict[str, list[str]]:
    """role → the pages it opens (None: not logged in)."""
    return {
        "public": ["/", "/activate?token=none", "/reset-password?token=none", "/forgot-password",
                   "/signup", "/unit-signup", "/verify", "/register", f"/register/{world.number}",
                   "/publicity", "/notices", f"/notices/{world.notice_id}", "/faq"],
        "registrant": ["/achievements", f"/achievements/{world.draft_id}", "/certificates",
                       "/reminders", "/account", "/profile"],
        "admin": ["/unit/registrants", "/unit/review", "/unit/history", "/unit/registrations", "/unit/profile",
                  f"/review/{world.case_id}", "/reminders"],
        "recommender": ["/recommender/review", "/recommender/history", "/reminders"],
        "sysadmin": ["/admin/accounts", "/admin/status", "/account"],
        "office": ["/office/units", "/office/review", "/office/history", "/office/search", "/office/statistics",
                   "/office/objections", "/office/accounts", "/office/notices", "/reminders"],
    }


def as_person(context, system, person: Person | None) -> None:
    """The browser carries `person`'s session (the cookies a login would have set)."""
    context.clear_cookies()
    if person is not None:
        context.add_cookies([{"name": c.name, "value": c.value, "url": system.url}
                             for c in person.http.cookies])


def people(world: World, role: str) -> Person | None:
    return {"public": None, "registrant": world.cast.registrant, "admin": world.cast.admin,
            "recommender": world.recommender, "sysadmin": world.sysadmin, "office": world.cast.office}[role]


def blocking_violations(page) -> list[str]:
    found = AXE.run(page).response["violations"]
    return [f"{v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(node["target"][0] if isinstance(node["target"][0], str) else str(node["target"])
                        for node in v["nodes"][:4])
            for v in found if v["impact"] in BLOCKING]


@pytest.mark.parametrize("role", ["public", "registrant", "admin", "recommender", "sysadmin", "office"])
def test_every_page_has_no_serious_accessibility_violation(system, context, world, role):
    as_person(context, system, people(world, role))
    page = context.new_page()
    problems = {}
    for path in pages_of(world)[role]:
        page.goto(system.url + path, wait_until="networkidle")
        expect(page.locator("h1, h2").first).to_be_visible()
        if found := blocking_violations(page):
            problems[path] = found
    assert problems == {}, "\n".join(f"{p}: {v}" for p, vs in problems.items() for v in vs)


@pytest.mark.parametrize("role", ["public", "registrant", "admin", "recommender", "sysadmin", "office"])
def test_every_page_fits_a_375_px_screen(system, browser, world, role):
    phone = browser.new_context(viewport={"width": 375, "height": 740}, locale="zh-CN",
                                is_mobile=True, has_touch=True)
    try:
        as_person(phone, system, people(world, role))
        page = phone.new_page()
        too_wide = {}
        for path in pages_of(world)[role]:
            page.goto(system.url + path, wait_until="networkidle")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 375:
                culprits = page.evaluate("""() => [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > 376
                                 && !e.closest('.table-scroll, [data-scrolls]'))
                    .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                                     + (e.className ? '.' + String(e.className).split(' ')[0] : ''))""")
                too_wide[path] = (width, culprits)
        assert too_wide == {}, too_wide
    finally:
        phone.close()
