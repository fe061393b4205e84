"""The form's 推荐单位 names a 推荐单位 account when the names are equal after NFKC with the white
space removed, and exactly one account in force carries the name."""
from services.accounts.domain.recommenders import name_key, named

BUREAUS = [(31, "兰州市科学技术局"), (32, "天水市科学技术局"), (33, "甘肃省农业农村厅（科教处）")]


def test_the_same_name_written_with_spaces_or_full_width_characters_names_the_account():
    for text in ("兰州市科学技术局", " 兰州市 科学技术局\u3000", "兰州市\t科学技术局\n"):
        assert named(text, BUREAUS) == 31
    assert named("甘肃省农业农村厅(科教处)", BUREAUS) == 33        # full-width brackets = ASCII ones
    assert named("ＡＢＣ科技局", [(40, "ABC科技局")]) == 40          # full-width letters


def test_another_name_a_part_of_a_name_or_blank_text_names_none():
    for text in ("兰州市科技局", "兰州市", "兰州市科学技术局局", "", "   ", None, 31, ["兰州市科学技术局"]):
        assert named(text, BUREAUS) is None


def test_two_accounts_with_one_name_name_neither():
    assert named("兰州市科学技术局", BUREAUS + [(34, "兰州市 科学技术局")]) is None


def test_the_compared_form():
    assert name_key(" 兰州\u3000市（一） ") == "兰州市(一)"
