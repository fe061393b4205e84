"""GB 11643 (居民身份证号码) and GB 32100 (统一社会信用代码) check characters."""
import datetime as dt

import pytest

from services.common.idcodes import (CodeError, normalize_credit_code, normalize_resident_id,
                                     resident_id_birth_date, resident_id_gender)


@pytest.mark.parametrize("value", ["11010519491231002X", "440524198001010013", "11010519491231002x"])
def test_valid_id_numbers_are_accepted_and_x_is_upper_cased(value):
    assert normalize_resident_id(value) == value.upper()


@pytest.mark.parametrize("value, message", [
    ("11010519491231002Y", "最后一位"),
    ("110105194912310021", "校验位不正确"),
    ("11010519491331002X", "不是有效日期"),
    ("1101051949123100", "18位"),
    ("110105" + "20991231" + "002" + "3", "不合理"),
    ("", "18位"),
])
def test_bad_id_numbers_say_what_is_wrong(value, message):
    with pytest.raises(CodeError) as caught:
        normalize_resident_id(value, today=dt.date(2026, 11, 25))
    assert message in caught.value.message


def test_the_id_number_tells_birth_date_and_gender():
    assert resident_id_birth_date("11010519491231002X") == dt.date(1949, 12, 31)
    assert resident_id_gender("11010519491231002X") == "女"   # 002: even
    assert resident_id_gender("440524198001010013") == "男"   # 001: odd


@pytest.mark.parametrize("value", ["91350100M000100Y43", "911100001000080343", "91350100m000100y43"])
def test_valid_credit_codes_are_accepted(value):
    assert normalize_credit_code(value) == value.upper()


@pytest.mark.parametrize("value, message", [
    ("91350100M000100Y44", "校验位不正确"),
    ("91350100M000100YI3", "不含I"),   # I is not in the alphabet
    ("9135010", "18位"),
])
def test_bad_credit_codes_say_what_is_wrong(value, message):
    with pytest.raises(CodeError) as caught:
        normalize_credit_code(value)
    assert message in caught.value.message
