from hypothesis import given, strategies as st

from services.reports.domain.facts import Demand, facts_of

APPLIED = {
    "overview": {"title": " 马铃薯装备 ", "keywords": ["马铃薯", 3], "achievement_level": "国内领先",
                 "achievement_stage": "成熟应用阶段", "discipline": "210", "industry": "35",
                 "hightech_field": "8"},
    "project": {"project_number": "20YF8NA001"},
    "evaluation": {"evaluation_method": "验收"},
    "units": {"units": [{"name": "甲单位", "region": "620100", "phone": "0931-8888888"},
                        {"name": "乙公司", "region": "620700"}]},
    "summary": {"summary": "本成果……"},
    "completers": {"completers": [{"name": "王伟任", "id_number": "620102198001010017"}, {"name": ""}]},
    "demand": {"has_demand": True, "publish_consent": True, "demand_methods": ["许可他人使用"],
               "reference_price": "50.00", "demand_description": "寻求合作",
               "demand_contact": "王", "demand_phone": "13800000000", "demand_email": "a@b.cn"},
}


def test_the_facts_of_an_applied_registration():
    facts = facts_of(APPLIED)
    assert facts.title == "马铃薯装备" and facts.keywords == ("马铃薯",)
    assert (facts.region, facts.first_unit, facts.units) == ("620100", "甲单位", ("甲单位", "乙公司"))
    assert (facts.discipline, facts.industry, facts.hightech_field) == ("210", "35", "8")
    assert facts.completers == ("王伟任",)
    assert facts.demand == Demand(("许可他人使用",), "50.00", "寻求合作")


def test_a_demand_without_consent_is_not_public():
    content = {**APPLIED, "demand": {**APPLIED["demand"], "publish_consent": False}}
    assert facts_of(content).demand is None
    assert facts_of({**APPLIED, "demand": {"has_demand": False, "publish_consent": True}}).demand is None


def test_nothing_personal_beyond_names_is_kept():
    text = repr(facts_of(APPLIED))
    for personal in ("620102198001010017", "13800000000", "a@b.cn", "0931-8888888"):
        assert personal not in text


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=5),
                           lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=20)


@given(st.dictionaries(st.sampled_from(list(APPLIED)), json_values) | json_values)
def test_any_content_gives_facts_without_failing(content):
    facts = facts_of(content)
    assert all(isinstance(name, str) and name for name in facts.completers + facts.units)
    assert facts.first_unit == (facts.units[0] if facts.units else None)
    assert facts.title is None or (isinstance(facts.title, str) and facts.title == facts.title.strip())


def test_only_an_open_achievement_with_consent_is_publishable():
    consented = {"overview": {"secrecy": "公开"}, "summary": {"summary": "简介", "public_consent": True}}
    assert facts_of(consented).publishable
    assert not facts_of({**consented, "summary": {"summary": "简介"}}).publishable
    assert not facts_of({**consented, "summary": {"public_consent": "true"}}).publishable
    assert not facts_of({**consented, "overview": {"secrecy": "秘密"}}).publishable
