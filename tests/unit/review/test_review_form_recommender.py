"""The form's 推荐单位 matched to a 推荐单位 account (accounts matches the name; the case is opened
with the account's id): with the recommender level on, that 推荐单位 alone reviews the case at its
level, even for a unit outside its 推荐范围, and a registrant without a unit goes through it;
where the form names none, the 推荐范围 rule stays. The case says which and why."""
from services.common.errors import Forbidden
from services.common.identity import RECOMMENDER, Caller, Grant
from services.review.domain.access import can_act, may_read, recommender_route, reviewing_scope
from services.review.domain.levels import ReviewChain
from services.review.domain.workflow import approve, opened_event, open_case
from tests.support.review_stories import NOW, Counter, chen, later, li, liu, submitted, wang

import pytest

ON = ReviewChain.from_config({"recommender": True})
# 天水市科学技术局: a 推荐单位 whose 推荐范围 does not hold 兰州大学
tianshui = Caller(32, "天水市科学技术局", grants=(Grant(RECOMMENDER, None), Grant(RECOMMENDER, 91)))


def test_the_named_recommender_reviews_a_unit_case_outside_its_scope_and_the_scoped_one_does_not():
    case = submitted(chain=ON, recommender_id=tianshui.user_id, form_recommender=" 天水市科学技术局 ")
    assert case.path == ("unit", "recommender", "office") and case.recommender_id == 32
    assert case.form_recommender == "天水市科学技术局"
    at_recommender = approve(case, wang, at=later(1), number_for=Counter()).case
    assert can_act(at_recommender, tianshui) and may_read(at_recommender, tianshui)
    assert not can_act(at_recommender, chen) and not may_read(at_recommender, chen)   # 推荐范围 only
    with pytest.raises(Forbidden):
        approve(at_recommender, chen, at=later(2), number_for=Counter())
    forwarded = approve(at_recommender, tianshui, at=later(2), number_for=Counter())
    assert (forwarded.case.level, forwarded.transition.by_role) == ("office", "recommender")
    assert forwarded.events[0].data["recommender_id"] == 32


def test_without_a_named_recommender_the_scope_rule_stays():
    case = approve(submitted(chain=ON, form_recommender="某某市科技局"), wang, at=later(1),
                   number_for=Counter()).case
    assert case.recommender_id is None and can_act(case, chen) and not can_act(case, tianshui)
    assert recommender_route(case) == {"basis": "scope", "basis_label": "推荐范围", "recommender_id": None,
                                       "name": None, "form_recommender": "某某市科技局"}


def test_a_registrant_without_a_unit_goes_through_the_named_recommender_when_the_level_is_on():
    case = submitted(owner=li, unit_id=None, chain=ON, recommender_id=32, form_recommender="天水市科学技术局")
    assert (case.path, case.level, case.status_label) == (("recommender", "office"), "recommender", "待推荐单位审核")
    assert can_act(case, tianshui) and not can_act(case, chen) and not can_act(case, liu)
    assert recommender_route(case) == {"basis": "form", "basis_label": "表单所填推荐单位", "recommender_id": 32,
                                       "name": "天水市科学技术局", "form_recommender": "天水市科学技术局"}
    registered = approve(approve(case, tianshui, at=later(1), number_for=Counter()).case, liu, at=later(2),
                         number_for=Counter())
    assert registered.case.status == "approved"


def test_without_a_match_or_with_the_level_off_a_registrant_without_a_unit_goes_to_the_office():
    unnamed = submitted(owner=li, unit_id=None, chain=ON, form_recommender="某某市科技局")
    assert unnamed.path == ("office",) and recommender_route(unnamed) is None
    off = submitted(owner=li, unit_id=None, chain=ReviewChain(), recommender_id=32)
    assert (off.path, off.recommender_id) == (("office",), None)
    unit_off = submitted(chain=ReviewChain(), recommender_id=32)
    assert (unit_off.path, unit_off.recommender_id) == (("unit", "office"), None)


def test_the_opened_event_says_where_the_case_waits_and_which_recommender():
    outcome = open_case(ON, draft_id=1, snapshot_id=2, owner_id=li.user_id, unit_id=None, category="soft",
                        title="题目", at=NOW, recommender_id=32, form_recommender="天水市科学技术局")
    kind, data = opened_event(outcome.case, outcome.transition)
    assert kind == "opened"
    assert {k: data[k] for k in ("to_status", "to_level", "path", "recommender_id", "form_recommender",
                                 "from_status", "by_role")} == {
        "to_status": "pending", "to_level": "recommender", "path": ["recommender", "office"],
        "recommender_id": 32, "form_recommender": "天水市科学技术局", "from_status": None,
        "by_role": "registrant"}


def test_a_recommender_without_units_yet_still_reaches_the_cases_that_name_it():
    bare = Caller(33, "新推荐", grants=(Grant(RECOMMENDER, None),))
    scope = reviewing_scope(bare)
    assert scope["recommender"].units == frozenset() and scope["recommender"].named == 33
