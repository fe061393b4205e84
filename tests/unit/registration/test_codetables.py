"""Code tables are data with their source named, complete and looked up by code."""
import pytest

from services.registration.domain.codetables import CodeTableError, default_tables, parse_table

TABLES = default_tables()


def test_each_table_names_the_standard_it_follows():
    assert set(TABLES.names()) == {"disciplines", "industries", "hightech_fields", "regions"}
    assert "GB/T 13745-2009" in TABLES.get("disciplines").source
    assert "GB/T 4754-2017" in TABLES.get("industries").source
    assert "GB/T 2260" in TABLES.get("regions").source


def test_disciplines_are_the_first_level_of_gb_t_13745_2009():
    disciplines = TABLES.get("disciplines")
    assert len(disciplines) == 62  # 58 in the 1992 edition; 2009 added 190, 413, 416, 535
    assert all(len(e.code) == 3 and e.code.isdigit() for e in disciplines.entries)
    assert disciplines.label_of("520") == "计算机科学技术"
    assert disciplines.label_of("190") == "心理学"


def test_industries_have_20_sections_and_97_divisions_under_them():
    industries = TABLES.get("industries")
    sections = industries.children(None)
    assert [e.code for e in sections] == list("ABCDEFGHIJKLMNOPQRST")
    divisions = [e for e in industries.entries if e.parent]
    assert [e.code for e in divisions] == [f"{n:02d}" for n in range(1, 98)]
    assert TABLES.lookup("industries", "65").label == "软件和信息技术服务业"
    assert TABLES.lookup("industries", "65").parent == "I"
    assert len(industries.children("C")) == 31


def test_the_eight_high_tech_fields():
    assert [e.label for e in TABLES.get("hightech_fields").entries] == [
        "电子信息", "生物与新医药", "航空航天", "新材料", "高技术服务", "新能源与节能", "资源与环境",
        "先进制造与自动化"]


def test_gansu_and_its_14_prefecture_level_divisions():
    regions = TABLES.get("regions")
    assert regions.label_of("620000") == "甘肃省"
    cities = regions.children("620000")
    assert len(cities) == 14
    assert (cities[0].code, cities[0].label) == ("620100", "兰州市")
    assert (cities[-1].code, cities[-1].label) == ("623000", "甘南藏族自治州")


def test_lookup_of_unknown_codes_and_tables_gives_nothing():
    assert TABLES.lookup("disciplines", "999") is None
    assert TABLES.lookup("nope", "110") is None
    assert 110 not in TABLES.get("disciplines")


@pytest.mark.parametrize("data, message", [
    ({"name": "t", "label": "T", "source": "s", "entries": [{"code": 1, "label": "x"}]}, "加引号"),
    ({"name": "t", "label": "T", "source": "s",
      "entries": [{"code": "1", "label": "x"}, {"code": "1", "label": "y"}]}, "重复"),
    ({"name": "t", "label": "T", "entries": [{"code": "1", "label": "x"}]}, "缺少 source"),
    ({"name": "t", "label": "T", "source": "s",
      "entries": [{"code": "01", "label": "x", "parent": "A"}]}, "上级代码"),
])
def test_a_malformed_table_is_refused(data, message):
    with pytest.raises(CodeTableError, match=message):
        parse_table(data, "t.yaml")
