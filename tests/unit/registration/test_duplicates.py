"""疑似重复登记: what makes two registrations look alike, for the office to judge."""
from services.registration.domain.duplicates import Registration, hints, probes, title_key

THIS = Registration(1, "旱区玉米全膜双垄沟播技术研究与应用（2025）", "21JR7RA001", frozenset({"ZL202110000001.X"}))


def other(draft_id, title, project=None, ips=()):
    return Registration(draft_id, title, project, frozenset(ips), "已登记", "6202026Y0001")


def test_titles_are_compared_without_width_case_spaces_or_punctuation():
    assert title_key("旱区玉米 全膜双垄沟播技术研究与应用(2025)") == title_key(THIS.title)
    assert title_key("ＡＢＣ－１２３") == "abc123" and title_key("  ") is None and title_key(None) is None


def test_each_reason_is_named_and_the_most_alike_come_first():
    found = hints(THIS, [
        other(2, "旱区玉米全膜双垄沟播技术研究与应用(2025)"),                    # the same title
        other(3, "旱区玉米全膜双垄沟播技术研究与推广应用"),                       # very similar
        other(4, "苹果矮砧密植栽培技术", "21jr7ra001"),                          # the same project number
        other(5, "马铃薯种薯繁育", ips=("ZL 2021 1000 0001.X",)),                 # an IP number in common
        other(6, "敦煌壁画数字化保护"),                                          # nothing alike
        other(1, THIS.title),                                                     # itself
        other(7, THIS.title, "21JR7RA001", ("ZL202110000001.X",)),               # all three
    ])
    assert [h.other.draft_id for h in found] == [7, 2, 3, 4, 5]
    by_id = {h.other.draft_id: h.reasons for h in found}
    assert by_id[7] == ("成果名称相同", "项目编号相同", "知识产权编号相同：ZL202110000001.X")
    assert by_id[3][0].startswith("成果名称相近（相似度 ") and by_id[4] == ("项目编号相同",)
    assert by_id[5] == ("知识产权编号相同：ZL202110000001.X",)


def test_a_very_similar_title_shares_one_of_the_probes_the_candidates_are_found_by():
    key = title_key(THIS.title)
    near = title_key("旱区玉米全膜双垄沟播技术研究与推广应用")
    assert len(probes(key)) == 4 and any(p in near for p in probes(key))
    assert probes("abc") == ["abc"] and probes(None) == []
