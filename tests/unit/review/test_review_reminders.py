"""工作提醒: each person sees what waits for them, and how many: the count is the list's length."""
import datetime as dt
from dataclasses import replace

from services.common.identity import OFFICE, UNIT_ADMIN, Caller, Grant
from services.review.domain.levels import ReviewChain
from services.review.domain.reminders import reminder_count, reminder_list
from services.review.domain.reminders import reminders as counted
from services.review.domain.workflow import approve, refuse, return_case
from tests.support.review_stories import (CITY_BUREAU, DUNHUANG_INSTITUTE, Counter, chen, later, li, liu,
                                          stranger, submitted, wang, zhang, zhao)


NOW = later(120)


def _cases():
    at_unit = submitted(case_id=1, draft_id=101)                                       # 兰大, 待单位审核
    at_office = approve(submitted(case_id=2, draft_id=102), wang, at=later(1), number_for=Counter()).case
    returned = return_case(submitted(case_id=3, draft_id=103), wang, at=later(1), comment="请修改").case
    other_unit = submitted(case_id=4, draft_id=104, unit_id=DUNHUANG_INSTITUTE)
    no_unit = submitted(owner=li, unit_id=None, case_id=5, draft_id=105)                # 待登记机构审核
    old_return = return_case(submitted(case_id=6, draft_id=106), wang, at=later(1), comment="请修改").case
    resubmitted = replace(submitted(case_id=7, draft_id=106, snapshot_id=507), opened_at=later(60))
    return [at_unit, at_office, returned, other_unit, no_unit, old_return, resubmitted]


def test_a_unit_admin_is_reminded_of_their_units_cases_at_the_unit_level():
    assert _counts(counted(_cases(), wang, NOW)) == (2, 0, 2)  # cases 1, 7
    assert reminder_count(_cases(), zhao, NOW) == 1                                                   # case 4


def test_the_office_is_reminded_of_cases_at_the_office_level():
    assert counted(_cases(), liu, NOW).to_review == 2                                   # cases 2 and 5


def test_a_registrant_is_reminded_of_returned_cases_not_yet_resubmitted():
    assert _counts(counted(_cases(), zhang, NOW)) == (0, 1, 1)  # case 3
    assert reminder_count(_cases(), li, NOW) == 0 and reminder_count(_cases(), stranger, NOW) == 0


def test_a_recommender_is_reminded_of_cases_at_its_level_and_two_roles_add_up():
    case = approve(submitted(chain=ReviewChain.from_config({"recommender": True}),
                             case_id=8, draft_id=108), wang, at=later(1), number_for=Counter()).case
    assert reminder_count([case], chen, NOW) == 1 and reminder_count([case], wang, NOW) == 0
    both = Caller(50, "周兼任", grants=(Grant(UNIT_ADMIN, DUNHUANG_INSTITUTE), Grant(OFFICE)))
    assert reminder_count(_cases(), both, NOW) == 3                                       # 4; 2 and 5


def _counts(found):
    return found.to_review, found.returned, found.total


def test_a_registrant_is_reminded_of_a_refusal_for_thirty_days_with_the_reason_on_its_page():
    at_office = approve(submitted(case_id=9, draft_id=109), wang, at=later(1), number_for=Counter()).case
    refused = refuse(at_office, liu, at=later(2), reason="duplicate", comment="与已登记成果重复").case
    [item] = reminder_list([refused], zhang, later(3))
    assert (item.kind, item.case.case_id) == ("refused", 9)
    assert reminder_list([refused], zhang, later(2) + dt.timedelta(days=30, minutes=1)) == []
    assert reminder_list([refused], wang, later(3)) == []


def test_the_list_is_newest_first_and_its_length_is_the_count():
    for person in (wang, liu, zhang, li, chen, zhao):
        listed = reminder_list(_cases(), person, NOW)
        assert len(listed) == reminder_count(_cases(), person, NOW) == counted(_cases(), person, NOW).total
        moments = [r.case.updated_at for r in listed]
        assert moments == sorted(moments, reverse=True)
