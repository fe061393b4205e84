"""批准登记号 (6202026Y0001). The check code on the certificate: tests/unit/certificates/test_checkcode.py."""
import pytest

from services.common.errors import InvalidInput
from services.review.domain.numbers import NumberFormat, RegistrationNumber, format_number, parse_number


def test_a_number_is_area_year_category_letter_and_serial():
    assert format_number("620", 2026, "Y", 1) == "6202026Y0001"
    assert format_number("620", 2026, "R", 9999) == "6202026R9999"
    assert parse_number("6202026Y0001") == RegistrationNumber("620", 2026, "Y", 1)
    assert parse_number(" 620 2026 y-0001 ") == RegistrationNumber("620", 2026, "Y", 1)   # as people type it
    assert str(parse_number("6202026J0123")) == "6202026J0123"


def test_letters_and_area_come_from_config():
    default = NumberFormat()
    assert [default.number(c, 2026, 7) for c in ("applied", "basic", "soft")] == [
        "6202026Y0007", "6202026J0007", "6202026R0007"]
    custom = NumberFormat.from_config({"area": "621", "letters": {"soft": "S"}})
    assert custom.number("soft", 2027, 12) == "6212027S0012" and custom.category_of("6212027S0012") == "soft"
    with pytest.raises(ValueError):
        NumberFormat.from_config({"letters": {"basic": "Y"}})        # two categories, one letter
    with pytest.raises(InvalidInput):
        NumberFormat.from_config({"area": "62"})


@pytest.mark.parametrize("serial", [0, -1, 10000, "1", None])
def test_a_serial_outside_1_to_9999_is_a_clear_error(serial):
    with pytest.raises(InvalidInput) as caught:
        format_number("620", 2026, "Y", serial)
    assert caught.value.code == "invalid_number" and caught.value.fields["serial"].startswith("流水号应在1到9999之间")


@pytest.mark.parametrize("text", ["", "6202026Y000", "6202026Y00001", "620202610001", "6202026Y0000",
                                  "62A2026Y0001", "6200026Y0001", "6202026中0001"])
def test_text_that_is_not_a_number_is_refused_in_chinese(text):
    with pytest.raises(InvalidInput) as caught:
        parse_number(text)
    assert caught.value.code == "invalid_number" and "12位" in caught.value.fields["registration_number"]

