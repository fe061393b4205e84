"""Documents other than the 居民身份证: each type's format, check characters where they exist."""
import datetime as dt

import pytest

from services.accounts.domain.documents import DOCUMENT_TYPES, normalize_document
from services.common.idcodes import CodeError, resident_id_check_char

TODAY = dt.date(2026, 12, 3)


def residence_2023(body17: str) -> str:
    return body17 + resident_id_check_char(body17)


GOOD = [("护照", "e12345678", "E12345678"), ("护照", "EA1234567", "EA1234567"), ("护照", "X1234567", "X1234567"),
        ("护照", "C03005988", "C03005988"), ("港澳居民来往内地通行证", "H12345678", "H12345678"),
        ("港澳居民来往内地通行证", "m 1234 5678", "M12345678"), ("台湾居民来往大陆通行证", "12345678", "12345678"),
        ("外国人永久居留身份证", residence_2023("93384019900101001"), residence_2023("93384019900101001")),
        ("外国人永久居留身份证", "usa310085021508", "USA310085021508")]


@pytest.mark.parametrize("kind, typed, stored", GOOD)
def test_good_numbers_are_kept_in_their_canonical_form(kind, typed, stored):
    assert normalize_document(kind, typed, TODAY) == stored


BAD = [("护照", "", "请填写证件号码"), ("护照", "E123", "5-20位"), ("护照", "EI1234567", "中国普通护照"),
       ("护照", "护照123456", "5-20位"), ("港澳居民来往内地通行证", "K12345678", "H或M"),
       ("台湾居民来往大陆通行证", "1234567", "8位数字"),
       ("外国人永久居留身份证", residence_2023("93384019900101001")[:-1] + "0"
        if residence_2023("93384019900101001")[-1] != "0" else residence_2023("93384019900101001")[:-1] + "1", "校验位"),
       ("外国人永久居留身份证", residence_2023("93384020990101001"), "出生日期不合理"),
       ("外国人永久居留身份证", residence_2023("93384019901301001"), "不是有效日期"),
       ("外国人永久居留身份证", "US310085021508", "以9开头"), ("身份证", "110101199003077777", "证件类型")]


@pytest.mark.parametrize("kind, typed, says", BAD)
def test_bad_numbers_are_refused_saying_why(kind, typed, says):
    with pytest.raises(CodeError) as caught:
        normalize_document(kind, typed, TODAY)
    assert says in caught.value.message


def test_the_four_types_of_the_manual():
    assert DOCUMENT_TYPES == ("护照", "港澳居民来往内地通行证", "台湾居民来往大陆通行证", "外国人永久居留身份证")
