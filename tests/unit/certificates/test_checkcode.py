"""The check code (核验码) printed on the certificate, and the 登记号 as people type it."""
import pytest

from services.certificates.domain.checkcode import (CHECK_ALPHABET, check_code, registration_number,
                                                    verify_check_code)
from services.common.errors import InvalidInput


def test_the_check_code_is_stable_for_one_secret_and_differs_for_another():
    code = check_code("6202026Y0001", "office-secret")
    assert len(code) == 6 and set(code) <= set(CHECK_ALPHABET) and not set(code) & set("0O1I")
    assert check_code("6202026Y0001", "office-secret") == code
    assert check_code("620 2026 Y 0001", b"office-secret") == code
    assert check_code("6202026Y0001", "another-secret") != code
    assert check_code("6202026Y0002", "office-secret") != code


def test_the_verification_page_accepts_the_code_however_it_is_typed():
    code = check_code("6202026Y0001", "office-secret")
    assert verify_check_code("6202026Y0001", code.lower(), "office-secret")
    assert verify_check_code("6202026Y0001", f"{code[:3]}-{code[3:]}", "office-secret")
    assert verify_check_code(" 620 2026 y-0001 ", code, "office-secret")
    assert not verify_check_code("6202026Y0001", "AAAAAA" if code != "AAAAAA" else "BBBBBB", "office-secret")
    assert not verify_check_code("6202026Y0001", "验证码", "office-secret")
    assert not verify_check_code("6202026Y0001", code, "another-secret")
    with pytest.raises(InvalidInput):
        verify_check_code("not-a-number", code, "office-secret")
    with pytest.raises(ValueError):
        check_code("6202026Y0001", "")


@pytest.mark.parametrize("text", ["", None, "6202026Y000", "6202026Y00001", "620202610001", "6202026Y0000",
                                  "62A2026Y0001", "6200026Y0001", "6202026中0001"])
def test_text_that_is_not_a_number_is_refused_in_chinese(text):
    with pytest.raises(InvalidInput) as caught:
        registration_number(text)
    assert caught.value.code == "invalid_number" and "12位" in caught.value.fields["registration_number"]


def test_check_codes_spread_over_the_alphabet():
    codes = {check_code(f"6202026Y{n:04d}", "s") for n in range(1, 2001)}
    assert len(codes) == 2000 and {c for code in codes for c in code} == set(CHECK_ALPHABET)
