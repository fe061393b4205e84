"""工作提醒 through the gateway: every kind each role has, each item with where to act on it, and
the header's count always the length of the lists behind it."""
import pytest

from tests.support import journeys
from tests.support.client import Person, activate_from_mail, register_unit, unique_email

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def cast(system):
    return journeys.make_cast(system)


def listed(person, kind: str) -> list[dict]:
    """Every item of a kind, page by page."""
    items, page = [], 1
    while True:
        answer = person.get(f"/api/v1/reminders/{kind}?page={page}&page_size=2")
        assert answer.status_code == 200, answer.text
        body = answer.json()
        items += body["items"]
        if page * 2 >= body["total"]:
            assert len(items) == body["total"]
            return items
        page += 1


def reminders(person) -> dict:
    """The counts, checked against the lists: the header's number is what the lists hold."""
    answer = person.get("/api/v1/reminders").json()
    assert answer["total"] == sum(k["count"] for k in answer["kinds"])
    for kind in answer["kinds"]:
        items = listed(person, kind["kind"])
        assert len(items) == kind["count"] == answer[kind["kind"]], kind
        assert all(i["kind"] == kind["kind"] and i["link"].startswith("/") for i in items)
    return answer


def test_the_office_is_reminded_of_units_waiting_and_cases_at_its_level(system, cast):
    form, unit = register_unit(system)
    office = reminders(cast.office)
    assert office["units_pending"] >= 1
    assert unit["id"] in [i["unit_id"] for i in listed(cast.office, "units_pending")]
    journey = journeys.start(cast, with_unit=False)
    journeys.submit(journey)
    journeys.task(cast.office, journey)
    [item] = [i for i in listed(cast.office, "to_review") if i["draft_id"] == journey.draft_id]
    assert item["link"] == f"/review/{item['case_id']}" and item["status_label"] == "待登记机构审核"
    assert cast.office.post(f"/api/v1/units/{unit['id']}/approve").status_code == 200
    assert unit["id"] not in [i["unit_id"] for i in listed(cast.office, "units_pending")]
    reminders(cast.office)


def test_a_unit_admin_is_reminded_of_registrants_not_activated_until_they_activate(system, cast):
    email = unique_email("notyet")
    assert cast.admin.post(f"/api/v1/units/{cast.unit_id}/registrants",
                           {"name": "未激活", "email": email}).status_code in (200, 201)
    waiting = [i for i in listed(cast.admin, "not_activated") if i["title"] == "未激活"]
    assert [i["link"] for i in waiting] == ["/unit/registrants"]
    reminders(cast.admin)
    activate_from_mail(system, email)
    assert [i for i in listed(cast.admin, "not_activated") if i["title"] == "未激活"] == []
    other = Person(system)
    assert other.get("/api/v1/reminders").status_code == 401


def test_a_registrant_is_reminded_of_a_certificate_until_it_is_downloaded_to_print(system, cast):
    journey = journeys.whole(cast, journeys.start(cast, with_unit=False))
    owner = journey.owner
    [item] = [i for i in listed(owner, "to_print") if i["draft_id"] == journey.draft_id]
    assert journey.number in item["title"] and item["link"] == "/certificates"
    reminders(owner)
    assert owner.get(f"/api/v1/achievements/{journey.draft_id}/certificate.png").status_code == 200
    assert any(i["draft_id"] == journey.draft_id for i in listed(owner, "to_print"))  # a look is not a print
    assert owner.get(f"/api/v1/achievements/{journey.draft_id}/certificate.pdf").status_code == 200
    assert not any(i["draft_id"] == journey.draft_id for i in listed(owner, "to_print"))
    reminders(owner)


def test_a_registrant_is_reminded_of_a_return_and_a_refusal_with_a_link_to_the_achievement(system, cast):
    returned, refused = journeys.start(cast), journeys.start(cast)
    for journey in (returned, refused):
        journeys.submit(journey)
    case = journeys.task(cast.admin, returned)
    assert cast.admin.post(f"/api/v1/review/cases/{case['case_id']}/return",
                           {"comment": "请补充"}).status_code == 200
    journeys.forward(cast, refused)
    case = journeys.task(cast.office, refused)
    assert cast.office.post(f"/api/v1/review/cases/{case['case_id']}/refuse",
                            {"reason": "duplicate", "comment": "与已登记成果重复"}).status_code == 200
    owner = reminders(cast.registrant)
    assert owner["returned"] >= 1 and owner["refused"] >= 1
    links = {i["link"] for kind in ("returned", "refused") for i in listed(cast.registrant, kind)}
    assert {f"/achievements/{returned.draft_id}", f"/achievements/{refused.draft_id}"} <= links
    assert cast.registrant.get("/api/v1/reminders/nothing").status_code == 400
    assert cast.registrant.get("/api/v1/reminders/returned?page=0").status_code == 400
    # nobody else is reminded of them
    assert not any(i["draft_id"] in (returned.draft_id, refused.draft_id)
                   for kind in ("returned", "refused") for i in listed(cast.loner, kind))
