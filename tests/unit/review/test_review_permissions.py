"""Each person acts only where the rules let them: their unit, their level, their own submission."""
import pytest

from services.common.errors import Conflict, Forbidden, NotAuthenticated
from services.common.identity import OFFICE, UNIT_ADMIN, Caller, Grant
from services.review.domain.access import can_act
from services.review.domain.levels import ReviewChain
from services.review.domain.workflow import approve, refuse, return_case, revoke, withdraw
from tests.support.review_stories import (CITY_BUREAU, LANZHOU_UNIVERSITY, Counter, chen, later, li, liu,
                                          stranger, submitted, wang, zhang, zhao)


def _error(kind, decide, *args, **kwargs):
    with pytest.raises(kind) as caught:
        decide(*args, **kwargs)
    return caught.value


def test_a_unit_admin_of_another_unit_is_refused():
    error = _error(Forbidden, approve, submitted(), zhao, at=later(1), number_for=Counter())
    assert error.message == "只能审核本单位提交的成果"
    assert not can_act(submitted(), zhao) and can_act(submitted(), wang)


def test_a_registrant_cannot_approve_return_or_refuse_even_their_own_case():
    case = submitted()
    for decide, inputs in ((approve, {"number_for": Counter()}), (return_case, {"comment": "x"}),
                           (refuse, {"reason": "other", "comment": "x"})):
        assert isinstance(_error(Forbidden, decide, case, zhang, at=later(1), **inputs), Forbidden)


def test_nobody_acts_without_logging_in():
    _error(NotAuthenticated, approve, submitted(), stranger, at=later(1), number_for=Counter())
    _error(NotAuthenticated, withdraw, submitted(), stranger, at=later(1))


def test_the_office_waits_for_the_unit_and_only_the_office_refuses():
    error = _error(Conflict, approve, submitted(), liu, at=later(1), number_for=Counter())
    assert (error.code, error.message) == ("not_your_level", "该成果当前待单位审核，尚未轮到登记机构审核")
    assert _error(Forbidden, refuse, submitted(), wang, at=later(1), reason="duplicate",
                  comment="重复").message == "只有登记机构可以作出不予登记决定"


def test_only_the_office_revokes():
    registered = approve(submitted(owner=li, unit_id=None), liu, at=later(1), number_for=Counter()).case
    for someone in (wang, li, chen):
        assert _error(Forbidden, revoke, registered, someone, at=later(2), reason="抄袭").message == \
            "只有登记机构可以注销登记"


def test_only_the_owner_withdraws():
    assert _error(Forbidden, withdraw, submitted(), wang, at=later(1)).message == "只能撤回本人提交的成果"
    assert _error(Forbidden, withdraw, submitted(), li, at=later(1)).message == "只能撤回本人提交的成果"


def test_the_recommender_acts_only_at_its_level_and_for_its_own_cases():
    chain = ReviewChain.from_config({"recommender": True})
    case = submitted(chain=chain)
    assert _error(Conflict, approve, case, chen, at=later(1), number_for=Counter()).code == "not_your_level"
    at_recommender = approve(case, wang, at=later(1), number_for=Counter()).case
    other_bureau = Caller(32, "孙推荐", grants=(Grant("recommender", 91),))
    _error(Forbidden, approve, at_recommender, other_bureau, at=later(2), number_for=Counter())
    assert can_act(at_recommender, chen) and not can_act(at_recommender, wang)


def test_a_person_with_two_roles_acts_as_the_level_needs():
    both = Caller(50, "周兼任", grants=(Grant(UNIT_ADMIN, LANZHOU_UNIVERSITY), Grant(OFFICE)))
    first = approve(submitted(), both, at=later(1), number_for=Counter())
    second = approve(first.case, both, at=later(2), number_for=Counter())
    assert (first.transition.by_role, second.transition.by_role) == ("unit_admin", "office")
