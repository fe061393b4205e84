"""公示 and 异议: the office's approval starts a 公示 of N working days (State Council calendar);
an objection during it blocks registration until the office resolves it; the system registers
the case when the period is over with nothing pending."""
import datetime as dt

import pytest

from services.common.errors import Conflict, Forbidden, InvalidInput
from services.review.domain import publicity
from services.review.domain.publicity import Objection, PublicityRule
from services.review.domain.levels import ReviewChain
from services.review.domain.workflow import approve, open_case
from tests.support.review_stories import NOW, Counter, li, liu, submitted, zhang

ON = PublicityRule(enabled=True, working_days=5)


def in_publicity(at=NOW):
    case = submitted(owner=li, unit_id=None)
    return approve(case, liu, at=at, number_for=Counter(), publicity_rule=ON)


def objection(case, status="pending"):
    return Objection(7, case.case_id, "张三", "13800000000", "完成人有误", status)


def test_the_offices_approval_starts_a_publicity_of_working_days_without_a_number():
    # Monday 28 September 2026: the National Day holidays (1–7 October) are not working days
    started = in_publicity(dt.datetime(2026, 9, 28, 2, 0, tzinfo=dt.timezone.utc))
    case = started.case
    assert (case.status, case.status_label, case.registration_number) == ("publicity", "公示中", None)
    assert case.publicity_ends_on == dt.date(2026, 10, 10)   # 29, 30 Sep; 8, 9 Oct; Saturday 10 (调休)
    [event] = started.events
    assert event.type == "publicity_started" and event.data["publicity_ends_on"] == "2026-10-10"
    assert started.transition.action_label == "审核通过，进入公示"


def test_off_by_default_the_approval_registers_at_once():
    case = submitted(owner=li, unit_id=None)
    done = approve(case, liu, at=NOW, number_for=Counter(), publicity_rule=PublicityRule())
    assert done.case.status == "approved" and done.case.registration_number


def test_an_objection_is_recorded_on_the_case_and_blocks_registration_until_resolved():
    case = in_publicity().case
    filed = publicity.object_to(case, objection(case), 0, NOW + dt.timedelta(days=1))
    assert filed.case.status == "publicity" and filed.case.version == case.version + 1
    assert filed.events[0].type == "objected" and "张三" not in repr(filed.events[0].data)
    after = NOW + dt.timedelta(days=30)
    assert publicity.conclude(filed.case, after, pending_objections=1, number_for=Counter()) is None
    dismissed = publicity.resolve(filed.case, liu, objection(case), "dismiss", "经核实不成立", after)
    assert dismissed.events[0].type == "objection_dismissed" and dismissed.case.status == "publicity"
    counter = Counter()
    done = publicity.conclude(dismissed.case, after, pending_objections=0, number_for=counter)
    assert done.case.status == "approved" and done.case.registration_number == "6202026Y0001"
    assert (done.transition.by_role, done.transition.action_label) == ("system", "公示期满，予以登记")
    assert done.events[0].type == "approved"


def test_an_upheld_objection_refuses_with_the_reason_dispute():
    case = in_publicity().case
    upheld = publicity.resolve(case, liu, objection(case), "uphold", "权属存在争议", NOW)
    assert upheld.case.status == "refused"
    [event] = upheld.events
    assert (event.type, event.data["reason"], event.data["reason_label"]) == ("refused", "dispute", "存在争议")


def test_not_before_the_period_ends_and_never_outside_publicity():
    case = in_publicity().case
    assert publicity.conclude(case, NOW + dt.timedelta(days=1), 0, Counter()) is None
    late = dt.datetime.combine(case.publicity_ends_on + dt.timedelta(days=1), dt.time(2), dt.timezone.utc)
    with pytest.raises(Conflict):
        publicity.object_to(case, objection(case), 0, late)
    with pytest.raises(Conflict):
        publicity.object_to(submitted(), objection(case), 0, NOW)
    with pytest.raises(Conflict) as flood:
        publicity.object_to(case, objection(case), publicity.MAX_PENDING_PER_CASE, NOW)
    assert flood.value.code == "too_many_objections"
    with pytest.raises(Forbidden):
        publicity.resolve(case, zhang, objection(case), "dismiss", "x", NOW)
    with pytest.raises(Conflict):
        publicity.resolve(case, liu, objection(case, "dismissed"), "dismiss", "x", NOW)


@pytest.mark.parametrize("body, fields", [
    ({}, {"case_id", "name", "contact", "reasons"}),
    ({"case_id": 1, "name": "张三", "contact": "无", "reasons": "理由"}, {"contact"}),
    ({"case_id": True, "name": "张\n三", "contact": "a@b.cn", "reasons": "x" * 2001}, {"case_id", "name", "reasons"}),
])
def test_an_objection_without_what_it_needs_names_each_field(body, fields):
    with pytest.raises(InvalidInput) as raised:
        publicity.read_objection(body)
    assert set(raised.value.fields) == fields


def test_the_period_is_5_to_60_working_days():
    assert PublicityRule.from_config({"enabled": "true", "working_days": "20"}) == PublicityRule(True, 20)
    for days in ("4", "61"):
        with pytest.raises(ValueError):
            PublicityRule.from_config({"enabled": "true", "working_days": days})


def test_a_case_in_publicity_cannot_be_submitted_again():
    case = in_publicity().case
    with pytest.raises(Conflict):
        open_case(ReviewChain(),
                  draft_id=case.draft_id, snapshot_id=999, owner_id=li.user_id, unit_id=None,
                  category="applied", title="t", at=NOW, earlier=[case])
