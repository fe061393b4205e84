"""A submission goes through review: forwarded, returned, withdrawn, refused, registered, revoked."""
import datetime as dt

import pytest

from services.common.errors import Conflict, InvalidInput
from services.review.app.views import case_view, step_view
from services.review.domain.levels import ReviewChain
from services.review.domain.workflow import approve, open_case, refuse, return_case, revoke, withdraw
from tests.support.review_stories import (CITY_BUREAU, LANZHOU_UNIVERSITY, NOW, Counter, chen, later, li,
                                          liu, submitted, wang, zhang)


def test_a_units_case_goes_from_the_unit_to_the_office_and_is_registered_with_a_number():
    case, counter = submitted(), Counter()
    assert (case.status, case.level, case.status_label, case.version) == ("pending", "unit", "待单位审核", 1)

    forwarded = approve(case, wang, at=later(10), number_for=counter, comment="材料齐全，同意报送")
    case = forwarded.case
    assert (case.status_label, case.version, counter.calls) == ("待登记机构审核", 2, [])
    t = forwarded.transition
    assert (t.action, t.action_label, t.by_user_id, t.by_role, t.from_level, t.to_level, t.comment) == (
        "forward", "审核通过，报送上级", 21, "unit_admin", "unit", "office", "材料齐全，同意报送")
    [event] = forwarded.events
    assert (event.type, event.data["from_level"], event.data["to_level"]) == ("forwarded", "unit", "office")

    registered = approve(case, liu, at=later(60), number_for=counter)
    case = registered.case
    assert (case.status, case.status_label, case.version) == ("approved", "已登记", 3)
    assert case.registration_number == "6202026Y0001" and case.registered_on == dt.date(2026, 3, 2)
    assert counter.calls == [("applied", 2026)]
    [event] = registered.events
    assert event.type == "approved"
    assert {k: event.data[k] for k in ("case_id", "snapshot_id", "registration_number", "registered_on",
                                       "to_status", "by_role")} == {
        "case_id": 1, "snapshot_id": 501, "registration_number": "6202026Y0001",
        "registered_on": "2026-03-02", "to_status": "approved", "by_role": "office"}


def test_the_registration_date_and_year_are_beijing_time():
    case = submitted(owner=li, unit_id=None, category="soft")
    new_year_morning = dt.datetime(2026, 12, 31, 17, 0, tzinfo=dt.timezone.utc)  # 2027-01-01 01:00 in Lanzhou
    done = approve(case, liu, at=new_year_morning, number_for=Counter()).case
    assert (done.registered_on, done.registration_number) == (dt.date(2027, 1, 1), "6202027R0001")


def test_a_case_without_a_unit_starts_at_the_office():
    case = submitted(owner=li, unit_id=None)
    assert (case.path, case.level, case.status_label) == (("office",), "office", "待登记机构审核")
    assert approve(case, liu, at=later(5), number_for=Counter()).case.status == "approved"


def test_with_the_recommender_level_on_a_case_passes_three_levels():
    chain = ReviewChain.from_config({"recommender": True})
    case = submitted(chain=chain)
    case = approve(case, wang, at=later(1), number_for=Counter()).case
    assert case.status_label == "待推荐单位审核"
    step = approve(case, chen, at=later(2), number_for=Counter())
    assert (step.transition.by_role, step.case.status_label) == ("recommender", "待登记机构审核")
    assert approve(step.case, liu, at=later(3), number_for=Counter()).case.status == "approved"


SECTIONS = {"overview": "成果概况", "summary": "成果简介", "attachments": "附件清单"}


def test_a_reviewer_returns_a_case_with_a_comment_and_comments_per_section_by_their_titles():
    returned = return_case(submitted(sections=SECTIONS), wang, at=later(5), comment="请补充材料",
                           section_comments={"overview": " 关键词不超过3个 ", "attachments": "缺少研制报告",
                                             "summary": "  "})
    assert (returned.case.status, returned.case.status_label, returned.case.level) == (
        "returned", "退回修改", "unit")
    assert returned.transition.details == {
        "section_comments": {"overview": "关键词不超过3个", "attachments": "缺少研制报告"},
        "section_titles": {"overview": "成果概况", "attachments": "附件清单"}}
    [event] = returned.events
    assert (event.type, event.data["comment"], event.data["section_comments"]["attachments"],
            event.data["section_titles"]["attachments"]) == ("returned", "请补充材料", "缺少研制报告", "附件清单")


def test_returning_needs_a_comment_and_sections_the_form_has():
    with pytest.raises(InvalidInput) as caught:
        return_case(submitted(sections=SECTIONS), wang, at=later(5), comment="   ",
                    section_comments={"nowhere": "x"})
    assert caught.value.fields == {"comment": "请填写退回意见", "section_comments.nowhere": "表单中没有这一部分"}


def test_a_case_opened_before_section_titles_came_takes_any_section_key_and_names_it_by_its_key():
    for sections in (None, {}, {"overview": 3}, ["overview"], {"x" * 41: "太长"}):
        case = submitted(sections=sections)
        assert case.sections is None
    returned = return_case(case, wang, at=later(5), comment="请补充", section_comments={"overview": "改"})
    assert returned.transition.details["section_titles"] == {"overview": "overview"}


@pytest.mark.parametrize("reason, label", [("duplicate", "重复登记"), ("classified", "涉密"),
                                           ("out_of_window", "超出登记时限"), ("dispute", "存在争议"),
                                           ("other", "其他")])
def test_the_office_refuses_with_each_reason(reason, label):
    case = approve(submitted(), wang, at=later(1), number_for=Counter()).case
    refused = refuse(case, liu, at=later(2), reason=reason, comment="经审查不予登记")
    assert (refused.case.status, refused.case.status_label) == ("refused", "不予登记")
    [event] = refused.events
    assert (event.type, event.data["reason"], event.data["reason_label"], event.data["comment"]) == (
        "refused", reason, label, "经审查不予登记")


def test_refusing_needs_a_known_reason_and_a_comment():
    with pytest.raises(InvalidInput) as caught:
        refuse(submitted(owner=li, unit_id=None), liu, at=later(1), reason="dislike", comment="")
    assert set(caught.value.fields) == {"reason", "comment"}


def test_the_registrant_withdraws_while_pending_but_not_after_a_decision():
    case = approve(submitted(), wang, at=later(1), number_for=Counter()).case      # now at the office
    withdrawn = withdraw(case, zhang, at=later(2))
    assert (withdrawn.case.status_label, withdrawn.transition.by_role, withdrawn.events[0].type) == (
        "已撤回", "registrant", "withdrawn")

    returned = return_case(submitted(), wang, at=later(1), comment="请修改").case
    with pytest.raises(Conflict) as caught:
        withdraw(returned, zhang, at=later(2))
    assert caught.value.code == "already_decided"
    with pytest.raises(Conflict) as caught:
        withdraw(withdrawn.case, zhang, at=later(3))
    assert caught.value.code == "not_pending"


def test_withdrawing_and_deciding_at_the_same_moment_cannot_both_win():
    case = submitted()
    by_owner = withdraw(case, zhang, at=later(1))
    by_admin = approve(case, wang, at=later(1), number_for=Counter())
    assert by_owner.case.version == by_admin.case.version == case.version + 1   # the store keeps one
    with pytest.raises(Conflict) as caught:
        approve(by_owner.case, wang, at=later(2), number_for=Counter(), expected_version=case.version)
    assert caught.value.code == "stale" and caught.value.details["status"] == "withdrawn"


def test_a_decided_case_cannot_be_decided_again():
    case = approve(submitted(), wang, at=later(1), number_for=Counter()).case
    with pytest.raises(Conflict) as caught:
        approve(case, wang, at=later(2), number_for=Counter())              # a second click
    assert caught.value.code == "already_decided" and "待登记机构审核" in caught.value.message
    done = approve(case, liu, at=later(3), number_for=Counter()).case
    with pytest.raises(Conflict) as caught:
        return_case(done, liu, at=later(4), comment="再看看")
    assert caught.value.code == "already_decided"


def test_revoking_is_only_for_a_registered_case_and_needs_a_reason():
    counter = Counter()
    pending = approve(submitted(), wang, at=later(1), number_for=counter).case
    with pytest.raises(Conflict) as caught:
        revoke(pending, liu, at=later(2), reason="抄袭")
    assert caught.value.code == "not_registered"
    registered = approve(pending, liu, at=later(3), number_for=counter).case
    with pytest.raises(InvalidInput) as caught:
        revoke(registered, liu, at=later(4), reason=" ")
    assert caught.value.fields == {"reason": "请填写注销理由"}
    revoked = revoke(registered, liu, at=later(5), reason="经核实存在抄袭")
    assert (revoked.case.status_label, revoked.case.registration_number) == ("已注销", "6202026Y0001")
    [event] = revoked.events
    assert (event.type, event.data["reason"], event.data["registration_number"]) == (
        "revoked", "经核实存在抄袭", "6202026Y0001")
    with pytest.raises(Conflict) as caught:
        revoke(revoked.case, liu, at=later(6), reason="再次注销")
    assert caught.value.code == "already_revoked"


def test_resubmission_after_a_return_opens_a_new_case_at_the_first_level():
    first = return_case(submitted(), wang, at=later(1), comment="请补充").case
    again = open_case(ReviewChain(), draft_id=101, snapshot_id=502, owner_id=7, unit_id=LANZHOU_UNIVERSITY,
                      category="applied", title="旱区玉米全膜双垄沟播技术", at=later(30), earlier=[first])
    assert (again.case.snapshot_id, again.case.level, again.case.version) == (502, "unit", 1)
    assert (again.transition.action, again.transition.to_level, again.events) == ("submit", "unit", ())
    with pytest.raises(Conflict) as caught:          # a second submit while the new case is pending
        open_case(ReviewChain(), draft_id=101, snapshot_id=503, owner_id=7, unit_id=LANZHOU_UNIVERSITY,
                  category="applied", title="x", at=later(31), earlier=[first, again.case])
    assert caught.value.code == "already_under_review"


def test_a_registered_or_refused_draft_is_not_opened_again():
    registered = approve(submitted(owner=li, unit_id=None), liu, at=later(1), number_for=Counter()).case
    with pytest.raises(Conflict) as caught:
        open_case(ReviewChain(), draft_id=101, snapshot_id=509, owner_id=8, unit_id=None, category="applied",
                  title="t", at=later(2), earlier=[registered])
    assert (caught.value.code, caught.value.message) == ("closed", "该成果已登记，不能再次提交")


def test_a_case_needs_a_known_category_and_a_title():
    with pytest.raises(InvalidInput) as caught:
        open_case(ReviewChain(), draft_id=1, snapshot_id=1, owner_id=7, unit_id=None, category="art",
                  title=" ", at=NOW)
    assert set(caught.value.fields) == {"category", "title"}


def test_history_lines_and_cases_serialise_to_plain_json():
    import json
    outcome = return_case(submitted(), wang, at=later(1), comment="请补充", section_comments={"overview": "改"})
    line = step_view(outcome.transition)
    assert line["at"] == "2026-03-02T09:31:00+00:00" and line["action_label"] == "退回修改"
    body = case_view(outcome.case)
    assert body["path"] == ["unit", "office"] and body["status_label"] == "退回修改"
    json.dumps([line, body, outcome.events[0].data], ensure_ascii=False)


def test_every_event_tells_subscribers_the_case_and_the_decision():
    counter = Counter()
    forwarded = approve(submitted(), wang, at=later(1), number_for=counter)
    approved = approve(forwarded.case, liu, at=later(2), number_for=counter)
    common = {"case_id", "draft_id", "snapshot_id", "owner_id", "unit_id", "category", "title", "version",
              "from_status", "from_level", "to_status", "to_level", "status_label", "by_user_id", "by_role",
              "at", "comment", "recommender_id"}
    assert set(forwarded.events[0].data) == common
    assert set(approved.events[0].data) == common | {"registration_number", "registered_on"}
    data = approved.events[0].data
    keys = ("from_status", "from_level", "to_status", "to_level", "version")
    assert tuple(data[k] for k in keys) == (
        "pending", "office", "approved", "office", 3)
    assert data["at"] == "2026-03-02T09:32:00+00:00" and data["status_label"] == "已登记"
