"""The review chain comes from config: 单位管理员 → [推荐单位] → 登记机构."""
import pytest

from services.common.identity import OFFICE, RECOMMENDER, UNIT_ADMIN
from services.review.domain.levels import ReviewChain, level


def test_by_default_a_unit_reviews_first_and_the_office_last():
    chain = ReviewChain.from_config({})
    assert chain.levels == ("unit", "office")
    assert chain.first_level(has_unit=True) == "unit"
    assert chain.next_level("unit") == "office" and chain.next_level("office") is None


def test_a_registrant_without_a_unit_goes_straight_to_the_office():
    for config in ({}, {"recommender": True}):
        chain = ReviewChain.from_config(config)
        assert chain.first_level(has_unit=False) == "office" and chain.path(False) == ("office",)


def test_with_the_recommender_level_on_the_chain_has_three_levels():
    chain = ReviewChain.from_config({"recommender": True})
    assert chain.levels == ("unit", "recommender", "office")
    assert chain.next_level("unit") == "recommender" and chain.next_level("recommender") == "office"
    assert ReviewChain.from_config({"recommender": "false"}).levels == ("unit", "office")  # from YAML/env
    assert ReviewChain.from_config({"recommender": "on"}).levels == ("unit", "recommender", "office")


def test_each_level_has_the_label_the_registrant_sees_and_the_role_that_acts():
    keys = ("unit", "recommender", "office")
    assert [(level(k).pending_label, level(k).role, level(k).role_label) for k in keys] == [
        ("待单位审核", UNIT_ADMIN, "单位管理员"), ("待推荐单位审核", RECOMMENDER, "推荐单位"),
        ("待登记机构审核", OFFICE, "登记机构")]


@pytest.mark.parametrize("config", [{"office": False}, {"recomender": True}, {"recommender": "maybe"}])
def test_a_mistyped_or_impossible_config_fails_at_start(config):
    with pytest.raises(ValueError):
        ReviewChain.from_config(config)
