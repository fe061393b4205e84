import pytest
from hypothesis import given, strategies as st

from services.common.errors import InvalidInput
from services.reports.domain.statistics_query import DIMENSIONS, read_query


def test_one_dimension_and_filters():
    query = read_query({"by": "discipline", "statistics_year": "2025", "status": ["registered", "revoked"]})
    assert (query.rows, query.columns) == ("discipline", None)
    assert query.filters == {"statistics_year": ("2025",), "status": ("registered", "revoked")}


def test_a_cross_table_and_the_default():
    assert (read_query({"by": "region, category"}).rows, read_query({"by": "region,category"}).columns) == \
        ("region", "category")
    assert read_query({}).rows == "category"


@pytest.mark.parametrize("params, field", [
    ({"by": "nonsense"}, "by"), ({"by": "region,region"}, "by"), ({"by": "a,b,c"}, "by"), ({"by": 3}, "by"),
    ({"colour": "red"}, "colour"), ({"statistics_year": "20x5"}, "statistics_year"),
    ({"status": "lost"}, "status"), ({"region": ["620100"] * 51}, "region"), ({"region": ""}, "region"),
    ({"region": "x" * 101}, "region"), ({"region": {"a": 1}}, "region"), ({"region": []}, "region")])
def test_malformed_queries_name_the_field(params, field):
    with pytest.raises(InvalidInput) as refused:
        read_query(params)
    assert field in refused.value.fields


@given(st.dictionaries(st.text(max_size=20), st.none() | st.text() | st.integers()
                       | st.lists(st.text(max_size=5), max_size=60)))
def test_any_parameters_are_read_or_refused(params):
    try:
        query = read_query(params)
    except InvalidInput as refused:  # every error names a parameter that was sent (or `by`)
        assert refused.fields and set(refused.fields) <= set(params) | {"by"}
    else:
        assert query.rows in DIMENSIONS and set(query.filters) <= set(params)


def test_an_empty_filter_is_asked_for_not_called_too_many():
    with pytest.raises(InvalidInput) as refused:
        read_query({"region": []})
    assert refused.value.fields["region"] == "请选择行政区划"


def test_a_filter_may_ask_for_what_was_not_filled_except_years_and_status():
    assert read_query({"by": "region", "discipline": "_none"}).filters == {"discipline": ("_none",)}
    for key in ("status", "registration_year"):
        with pytest.raises(InvalidInput) as raised:
            read_query({"by": "region", key: "_none"})
        assert key in raised.value.fields
