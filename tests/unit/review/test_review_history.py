"""已审核成果: each reviewing level lists the decisions it made on the cases in its reach (a unit
admin their units', a 推荐单位 its units' or the cases whose form names it, the office every
office-level decision), with the decision, when, the comment and the case's current status;
searchable by title and decision, paged with the total. On a real migrated SQLite database."""
import datetime as dt

import pytest
from sqlalchemy.orm import Session

from services.common import migrations
from services.common.engine import make_engine
from services.common.errors import Forbidden, InvalidInput, NotAuthenticated
from services.common.uow import UnitOfWork
from services.review.app import queries, store
from services.review.domain.history import decision_of, history_filters
from services.review.domain.levels import ReviewChain
from services.review.domain.workflow import approve, open_case, refuse, return_case
from services.review.models import metadata
from services.review.service import MIGRATIONS
from tests.support.review_stories import (DUNHUANG_INSTITUTE, LANZHOU_UNIVERSITY, NOW, Counter, chen, later,
                                          li, liu, stranger, wang, zhang, zhao)

CHAIN = ReviewChain.from_config({"recommender": True})


@pytest.fixture
def uow(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path}/review.db")
    migrations.upgrade(engine, MIGRATIONS, "review")
    with Session(engine) as session:
        yield UnitOfWork(session, metadata, "review")


def _open(uow, n, title, unit_id=LANZHOU_UNIVERSITY, owner=zhang, recommender_id=None):
    outcome = open_case(CHAIN, draft_id=n, snapshot_id=n, owner_id=owner.user_id, unit_id=unit_id,
                        category="applied", title=title, at=NOW, recommender_id=recommender_id)
    case = store.insert(uow.session, outcome.case)
    store.add_step(uow.session, case.case_id, outcome.transition)
    return case


def _apply(uow, case, outcome):
    store.save(uow.session, case, outcome.case)
    store.add_step(uow.session, case.case_id, outcome.transition)
    return outcome.case


def _story(uow):
    """Lanzhou University: one case forwarded by the unit and the recommender and registered, one
    returned by the unit, one returned by the recommender; one forwarded and refused by the
    office. Dunhuang: one forwarded by its admin. A registrant without a unit whose form names
    the city bureau (chen, user 31): forwarded by it."""
    counter = Counter()
    a = _open(uow, 1, "旱区玉米全膜双垄沟播技术")
    a = _apply(uow, a, approve(a, wang, at=later(1), number_for=counter, comment="同意报送"))
    a = _apply(uow, a, approve(a, chen, at=later(2), number_for=counter, comment="推荐"))
    _apply(uow, a, approve(a, liu, at=later(3), number_for=counter))
    b = _open(uow, 2, "马铃薯脱毒种薯繁育技术")
    _apply(uow, b, return_case(b, wang, at=later(4), comment="请补充评价证书"))
    c = _open(uow, 3, "河西走廊节水灌溉")
    c = _apply(uow, c, approve(c, wang, at=later(5), number_for=counter))
    _apply(uow, c, return_case(c, chen, at=later(6), comment="推荐单位退回"))
    d = _open(uow, 4, "敦煌壁画数字化保护", unit_id=DUNHUANG_INSTITUTE)
    _apply(uow, d, approve(d, zhao, at=later(7), number_for=counter))
    e = _open(uow, 5, "小麦育种技术", unit_id=None, owner=li, recommender_id=chen.user_id)
    e = _apply(uow, e, approve(e, chen, at=later(8), number_for=counter))
    _apply(uow, e, refuse(e, liu, at=later(9), reason="duplicate", comment="与已登记成果重复"))
    uow.session.flush()


def listed(uow, caller, **filters):
    answer = queries.history(uow, caller, {"page_size": 100, **filters})
    return [(i["title"], i["level"], i["decision_label"], i["status_label"]) for i in answer["items"]]


def test_each_level_lists_its_own_decisions_on_the_cases_in_its_reach_newest_first(uow):
    _story(uow)
    assert listed(uow, wang) == [
        ("河西走廊节水灌溉", "unit", "通过", "退回修改"),
        ("马铃薯脱毒种薯繁育技术", "unit", "退回", "退回修改"),
        ("旱区玉米全膜双垄沟播技术", "unit", "通过", "已登记")]
    assert listed(uow, zhao) == [("敦煌壁画数字化保护", "unit", "通过", "待推荐单位审核")]
    assert listed(uow, chen) == [                    # its unit's cases and the one whose form names it
        ("小麦育种技术", "recommender", "通过", "不予登记"),
        ("河西走廊节水灌溉", "recommender", "退回", "退回修改"),
        ("旱区玉米全膜双垄沟播技术", "recommender", "通过", "已登记")]
    assert listed(uow, liu) == [("小麦育种技术", "office", "不予登记", "不予登记"),
                                ("旱区玉米全膜双垄沟播技术", "office", "通过", "已登记")]


def test_an_item_has_the_decision_when_the_comment_the_status_and_the_case_link(uow):
    _story(uow)
    [item] = queries.history(uow, liu, {"decision": "refuse"})["items"]
    assert {k: item[k] for k in ("decision", "decision_label", "level_label", "comment", "reason_label",
                                 "status", "at", "link")} == {
        "decision": "refuse", "decision_label": "不予登记", "level_label": "登记机构",
        "comment": "与已登记成果重复", "reason_label": "重复登记", "status": "refused",
        "at": later(9).isoformat(), "link": f"/review/{item['case_id']}"}
    registered = queries.history(uow, liu, {"q": "玉米"})["items"][0]
    assert registered["registration_number"] == "6202026Y0001" and registered["action_label"] == "审核通过，予以登记"


def test_search_by_title_and_decision_and_pages_with_the_total(uow):
    _story(uow)
    assert listed(uow, wang, decision="return") == [("马铃薯脱毒种薯繁育技术", "unit", "退回", "退回修改")]
    assert listed(uow, wang, decision="approve", q="节水") == [("河西走廊节水灌溉", "unit", "通过", "退回修改")]
    assert listed(uow, wang, q="不存在") == []
    first = queries.history(uow, wang, {"page_size": 2})
    second = queries.history(uow, wang, {"page_size": 2, "page": 2})
    assert (first["total"], second["total"], len(first["items"]), len(second["items"])) == (3, 3, 2, 1)
    assert second["items"][0]["title"] == "旱区玉米全膜双垄沟播技术"



def test_two_roles_add_up_and_the_level_filter_keeps_one(uow):
    from services.common.identity import OFFICE, UNIT_ADMIN, Caller, Grant
    _story(uow)
    both = Caller(50, "周兼任", grants=(Grant(UNIT_ADMIN, DUNHUANG_INSTITUTE), Grant(OFFICE)))
    assert len(listed(uow, both)) == 3
    assert listed(uow, both, level="unit") == [("敦煌壁画数字化保护", "unit", "通过", "待推荐单位审核")]


def test_only_reviewers_have_a_history_and_bad_filters_name_their_field(uow):
    with pytest.raises(NotAuthenticated):
        queries.history(uow, stranger, {})
    for registrant in (zhang, li):
        with pytest.raises(Forbidden) as refused:
            queries.history(uow, registrant, {})
        assert refused.value.code == "not_a_reviewer"
    for field, value in (("decision", "approved"), ("decision", ["approve"]), ("level", "city"), ("page", "x")):
        with pytest.raises(InvalidInput) as bad:
            history_filters({field: value})
        assert field in bad.value.fields


def test_every_level_decision_has_a_decision():
    assert [decision_of(a) for a in ("forward", "approve", "publicize", "return", "refuse")] == [
        "approve", "approve", "approve", "return", "refuse"]
