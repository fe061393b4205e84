from services.reports.domain.count_tables import NONE_LABEL, count_list, cross_table

LABELS = {"210": "农学", "620100": "兰州市"}


def label(value):
    return LABELS.get(value)


def test_a_count_list_largest_first_with_labels_and_total():
    table = count_list([("210", 2), (None, 1), ("999", 5)], label)
    assert [(r["label"], r["count"]) for r in table["rows"]] == [("999", 5), ("农学", 2), (NONE_LABEL, 1)]
    assert table["total"] == 8


def test_a_cross_table_with_totals_and_zero_cells():
    table = cross_table([("210", "applied", 2), ("210", "basic", 1), ("310", "applied", 4),
                         ("210", "applied", 1)], label, lambda v: {"applied": "应用技术"}.get(v))
    assert [c["label"] for c in table["columns"]] == ["应用技术", "basic"]
    assert [(r["label"], r["cells"], r["total"]) for r in table["rows"]] == [
        ("农学", [3, 1], 4), ("310", [4, 0], 4)]  # a tie: by value
    assert table["total"] == 8 and [c["total"] for c in table["columns"]] == [7, 1]
    assert sum(r["total"] for r in table["rows"]) == sum(c["total"] for c in table["columns"])
