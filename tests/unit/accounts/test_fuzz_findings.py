"""What the gateway's property-based run (tests/e2e/test_abuse.py) found, fixed for good:
JSON brings numbers, lists and objects where text is expected, and numbers too big for the
database; each is refused as bad input, never a crash. And an error that gathers a form's
problems with a wrong captcha (or a wrong old password) sends all of them over RPC."""
import pytest

from services.accounts.app.captchas import read_with_captcha
from services.accounts.domain.password import hash_password, policy_problems, verify_password
from services.accounts.domain.people import read_new_password
from services.common.errors import InvalidInput, ServiceError
from services.common.paging import read_page  # what accounts and review read pages with

NOT_TEXT = [12345678, ["Abc123!@"], {"a": 1}, 1.5, True]


@pytest.mark.parametrize("value", NOT_TEXT)
def test_a_password_that_is_not_text_breaks_the_policy_and_never_verifies(value):
    assert policy_problems(value, value)["password"] == "密码应为文本"
    assert verify_password(hash_password("Abc123!@"), value) is False


@pytest.mark.parametrize("page", [2**63, 10**30, 100_001, 0, -1, "x"])
def test_a_page_number_past_any_listing_is_refused(page):
    with pytest.raises(InvalidInput) as refused:
        read_page(page, 20)
    assert "page" in refused.value.fields
    assert read_page(100_000, 100) == (100_000, 100)


def test_a_wrong_captcha_travels_with_the_forms_own_problems():
    with pytest.raises(InvalidInput) as refused:
        read_with_captcha(read_new_password, False, {"password": "short", "password_confirm": "x"})
    on_the_wire = ServiceError.from_wire(refused.value.args[0])  # what nameko sends the gateway
    assert set(on_the_wire.fields) == {"password", "password_confirm", "captcha_answer"}
