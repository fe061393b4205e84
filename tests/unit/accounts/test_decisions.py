"""The decisions of accounts' domain as plain functions: a unit's registration and the
office's verdict, an account's activation, login with lockout, password change and reset,
the links mailed to people and the verification codes."""
import datetime as dt
from dataclasses import replace

import pytest

from services.accounts.domain import account as accounts
from services.accounts.domain import codes, links, unit as units
from services.accounts.domain.lockout import LockoutPolicy
from services.accounts.domain.password import hash_password, verify_password
from services.accounts.domain.tokens import digest
from services.common.errors import Conflict, Gone, InvalidInput, Locked, NotFound, TooManyRequests

NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.timezone.utc)
CLEAN_UNIT = {"name": "兰州测试研究所", "credit_code": "91350100M000100Y43", "nature": "科研院所",
              "address": "兰州市城关区", "postcode": None, "admin_name": "李四",
              "admin_email": "li@example.com", "admin_mobile": "13912345678"}
PASSWORD, NEW = "Abc123!@", "Xyz789#$"


def test_a_unit_applies_once_and_again_only_after_a_rejection():
    unit = units.apply(CLEAN_UNIT, None, NOW)
    assert unit.status == "pending" and unit.status_label == "待审核" and unit.created_at == NOW
    with pytest.raises(Conflict) as refused:
        units.apply(CLEAN_UNIT, unit, NOW)
    assert refused.value.code == "unit_exists"
    rejected = units.reject(unit, 1, units.read_reason("  材料不全 "), NOW)
    assert (rejected.status, rejected.reason, rejected.decided_by) == ("rejected", "材料不全", 1)
    again = units.apply({**CLEAN_UNIT, "name": "兰州新研究所"}, rejected, NOW + dt.timedelta(days=1))
    assert (again.status, again.reason, again.decided_at, again.name) == ("pending", None, None, "兰州新研究所")
    assert again.created_at == NOW   # the first application's date stays


def test_the_office_decides_a_pending_unit_once():
    approved = units.approve(units.apply(CLEAN_UNIT, None, NOW), 9, NOW)
    assert (approved.status, approved.decided_by, approved.decided_at) == ("approved", 9, NOW)
    for decide in (lambda u: units.approve(u, 9, NOW), lambda u: units.reject(u, 9, "x", NOW)):
        with pytest.raises(Conflict) as refused:
            decide(approved)
        assert refused.value.message == "该单位注册申请已处理（已通过）"


@pytest.mark.parametrize("reason", [None, "", "   ", 12, ["x"]])
def test_a_rejection_needs_a_reason(reason):
    with pytest.raises(InvalidInput) as refused:
        units.read_reason(reason)
    assert refused.value.fields == {"reason": "请填写不通过的原因"}


def test_units_are_listed_by_a_known_status_or_all():
    assert units.read_status_filter(None) is None and units.read_status_filter("") is None
    assert units.read_status_filter("rejected") == "rejected"
    for status in ("done", ["pending"]):
        with pytest.raises(InvalidInput):
            units.read_status_filter(status)


def _active(**changes):
    return accounts.Account(user_id=5, email="w@example.com", name="王伟任", status="active",
                            password_hash=hash_password(PASSWORD), **changes)


def test_activation_sets_the_id_document_and_the_password():
    clean = {"id_type": "身份证", "id_number": "11010519491231002X", "id_valid_from": dt.date(2019, 6, 18),
             "id_valid_to": None, "password": PASSWORD}
    pending = accounts.Account(user_id=5, email="w@example.com", name="王伟任")
    active = accounts.activate(pending, clean, id_number_taken=False, now=NOW)
    assert (active.status, active.activated_at, active.id_number) == ("active", NOW, "11010519491231002X")
    assert verify_password(active.password_hash, PASSWORD)
    with pytest.raises(InvalidInput) as refused:
        accounts.activate(pending, clean, id_number_taken=True, now=NOW)
    assert refused.value.code == "id_number_taken"
    accounts.require_pending(pending)
    with pytest.raises(Conflict):
        accounts.require_pending(active)


def test_five_wrong_passwords_lock_the_account_and_a_right_one_clears_the_count():
    policy, account = LockoutPolicy(), _active()
    for left in (4, 3, 2, 1):
        attempt = accounts.attempt_login(account, "Wrong1!x", policy, NOW)
        account = attempt.account
        assert attempt.refusal.code == "bad_credentials" and f"再错{left}次" in attempt.refusal.fields["password"]
    attempt = accounts.attempt_login(account, "Wrong1!x", policy, NOW)
    assert isinstance(attempt.refusal, Locked) and attempt.account.locked_until == NOW + dt.timedelta(minutes=30)
    locked = attempt.account
    still = accounts.attempt_login(locked, PASSWORD, policy, NOW + dt.timedelta(minutes=29))
    assert isinstance(still.refusal, Locked) and still.account == locked   # nothing changes while locked
    after = accounts.attempt_login(locked, PASSWORD, policy, NOW + dt.timedelta(minutes=30))
    assert after.refusal is None and (after.account.failed_logins, after.account.locked_until) == (0, None)


def test_nobody_or_a_pending_account_gets_the_same_answer_as_a_wrong_password():
    for account in (None, accounts.Account(user_id=5, email="w@example.com", name="王")):
        attempt = accounts.attempt_login(account, PASSWORD, LockoutPolicy(), NOW)
        assert attempt.account == account and attempt.refusal.message == accounts.BAD_LOGIN


def test_a_password_change_needs_the_old_password_and_names_every_problem():
    account = _active()
    with pytest.raises(InvalidInput) as refused:
        accounts.change_password(account, {"old_password": "nope", "password": "short",
                                           "password_confirm": "x"})
    assert set(refused.value.fields) == {"old_password", "password", "password_confirm"}
    with pytest.raises(InvalidInput) as refused:
        accounts.change_password(account, {"old_password": "nope", "password": NEW, "password_confirm": NEW})
    assert set(refused.value.fields) == {"old_password"}
    changed = accounts.change_password(account, {"old_password": PASSWORD, "password": NEW,
                                                 "password_confirm": NEW})
    assert verify_password(changed.password_hash, NEW)


def test_a_reset_sets_the_password_and_lifts_a_lockout():
    locked = _active(failed_logins=3, locked_until=NOW)
    reset = accounts.reset_password(locked, NEW)
    assert verify_password(reset.password_hash, NEW) and (reset.failed_logins, reset.locked_until) == (0, None)


def test_a_link_is_used_once_and_expires():
    link = links.Link(1, 5, links.ACTIVATION, expires_at=NOW + dt.timedelta(hours=72))
    assert links.require_activation_usable(link, NOW) is link
    used = links.use(link, NOW)
    with pytest.raises(Gone) as refused:
        links.require_activation_usable(used, NOW)
    assert refused.value.code == "link_used"
    with pytest.raises(Gone) as refused:
        links.require_activation_usable(link, NOW + dt.timedelta(hours=72))
    assert refused.value.code == "link_expired" and refused.value.details == {"can_resend": True}
    with pytest.raises(NotFound):
        links.require_activation_usable(None, NOW)
    for bad in (None, used, link):
        with pytest.raises(InvalidInput) as refused:
            links.require_reset_usable(bad, NOW + dt.timedelta(hours=72))
        assert refused.value.code == "link_invalid"


def test_a_code_is_sent_once_a_minute_tried_a_few_times_and_used_once():
    codes.require_resend_allowed(None, NOW)
    codes.require_resend_allowed(NOW - dt.timedelta(seconds=60), NOW)
    with pytest.raises(TooManyRequests) as refused:
        codes.require_resend_allowed(NOW - dt.timedelta(seconds=20.5), NOW)
    assert refused.value.details == {"retry_after": 40}
    code = codes.Code(1, "w@example.com", digest("123456"), expires_at=NOW + dt.timedelta(minutes=10))
    wrong = codes.check(code, "654321", 5, NOW)
    assert wrong.refusal.code == "code_wrong" and wrong.code.attempts == 1
    right = codes.check(wrong.code, " 123456 ", 5, NOW)
    assert right.refusal is None and right.code.used_at == NOW
    spent = codes.check(replace(code, attempts=5), "123456", 5, NOW)
    late = codes.check(code, "123456", 5, NOW + dt.timedelta(minutes=10))
    for refused_check in (spent, late, codes.check(None, "123456", 5, NOW)):
        assert refused_check.refusal.code == "code_expired"
    assert spent.code == replace(code, attempts=5)   # an expired code is not counted again
