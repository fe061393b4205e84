"""Account rules as plain functions: password policy, tokens, lockout, the forms' fields."""
import datetime as dt

import pytest

from services.accounts.domain import password, tokens
from services.accounts.domain.lockout import LockoutPolicy
from services.accounts.domain.people import (read_activation, read_profile, read_self_registration,
                                             read_unit_registration)
from services.common.errors import InvalidInput

TODAY = dt.date(2026, 11, 25)
NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.timezone.utc)


@pytest.mark.parametrize("candidate, field", [
    ("Abc123!@", None), ("Zz9#Zz9#Zz9#", None),
    ("Ab1!", "password"), ("Abc123!@Abc12", "password"),      # 8–12 characters
    ("abc123!@", "password"), ("ABC123!@", "password"),       # upper and lower case
    ("Abcdef!@", "password"), ("Abc12345", "password"),       # digit and special character
    ("Abc12 !@", "password"), ("Abc123!中", "password"),
])
def test_the_manuals_password_policy(candidate, field):
    problems = password.policy_problems(candidate, candidate)
    assert (field in problems) if field else problems == {}


def test_the_confirmation_must_match_and_hashes_are_argon2():
    assert password.policy_problems("Abc123!@", "Abc123!#") == {"password_confirm": "确认密码必须和登录密码一致"}
    hashed = password.hash_password("Abc123!@")
    assert hashed.startswith("$argon2id$") and password.verify_password(hashed, "Abc123!@")
    assert not password.verify_password(hashed, "Abc123!#") and not password.verify_password(None, "x")


def test_hashes_use_owasps_argon2id_parameters_and_older_ones_still_verify():
    from argon2 import PasswordHasher
    hashed = password.hash_password("Abc123!@")
    assert "$m=19456,t=2,p=1$" in hashed and not password.needs_rehash(hashed)
    older = PasswordHasher().hash("Abc123!@")  # argon2-cffi's default: 64 MiB, 3 passes, 4 lanes
    assert password.verify_password(older, "Abc123!@") and password.needs_rehash(older)
    assert not password.needs_rehash("not a hash")


def test_tokens_are_random_stored_as_hashes_and_expire():
    first, second = tokens.new_token(), tokens.new_token()
    assert first != second and len(first) >= 40
    assert tokens.same_digest(tokens.digest(first), first) and not tokens.same_digest(tokens.digest(first), second)
    expires = NOW + dt.timedelta(hours=72)
    assert not tokens.expired(expires, NOW + dt.timedelta(hours=71, minutes=59))
    assert tokens.expired(expires, NOW + dt.timedelta(hours=72))


def test_five_failures_lock_the_account_for_thirty_minutes():
    policy = LockoutPolicy()
    failures, locked = 0, None
    for _ in range(4):
        failures, locked = policy.after_failure(failures, NOW)
        assert locked is None
    failures, locked = policy.after_failure(failures, NOW)
    assert locked == NOW + dt.timedelta(minutes=30) and failures == 0
    assert policy.is_locked(locked, NOW + dt.timedelta(minutes=29))
    assert not policy.is_locked(locked, NOW + dt.timedelta(minutes=30))


def _fields(reader, *args):
    with pytest.raises(InvalidInput) as caught:
        reader(*args)
    return caught.value.fields


def test_activation_dates_long_term_ids_and_password():
    good = {"id_type": "身份证", "id_number": "11010519491231002x", "id_valid_from": "2019-06-18",
            "id_valid_to": "2039-06-18", "password": "Abc123!@", "password_confirm": "Abc123!@"}
    clean = read_activation(good, TODAY)
    assert clean["id_number"] == "11010519491231002X" and clean["id_valid_to"] == dt.date(2039, 6, 18)
    assert read_activation({**good, "id_valid_to": "长期"}, TODAY)["id_valid_to"] is None
    assert "id_valid_to" in _fields(read_activation, {**good, "id_valid_to": "2019-06-18"}, TODAY)
    assert "id_valid_to" in _fields(read_activation, {**good, "id_valid_to": "2025-01-01",
                                                      "id_valid_from": "2015-01-01"}, TODAY)
    assert "id_valid_from" in _fields(read_activation, {**good, "id_valid_from": "2027-01-01"}, TODAY)
    assert "id_type" in _fields(read_activation, {**good, "id_type": "护照"}, TODAY)
    assert set(_fields(read_activation, {}, TODAY)) >= {"id_type", "id_number", "id_valid_from",
                                                        "password"}


def test_unit_registration_names_every_bad_field():
    fields = _fields(read_unit_registration, {"name": "某", "credit_code": "91350100M000100Y44",
                                              "nature": "个体户", "admin_mobile": "1391234567"})
    assert set(fields) == {"name", "credit_code", "nature", "address", "admin_name", "admin_email",
                           "admin_mobile"}


def test_self_registration_needs_the_entry_and_consent_to_the_current_agreement():
    body = {"entry": "registrant_without_unit", "agreed": True, "agreement_version": "2021-1",
            "name": "王伟任", "email": "WANG@Example.com", "mobile": "13812345678"}
    assert read_self_registration(body, "2021-1")["email"] == "wang@example.com"
    assert "agreement_version" in _fields(read_self_registration, body, "2026-1")
    assert "entry" in _fields(read_self_registration, {**body, "entry": "unit"}, "2021-1")
    assert "agreed" in _fields(read_self_registration, {**body, "agreed": "yes"}, "2021-1")


def test_profile_must_agree_with_the_id_number():
    info = {"name": "张三", "gender": "女", "birth_date": "1949-12-31"}
    assert read_profile(info, "11010519491231002X", TODAY)["gender"] == "女"
    fields = _fields(read_profile, {**info, "gender": "男", "birth_date": "1950-01-01"},
                     "11010519491231002X", TODAY)
    assert set(fields) == {"gender", "birth_date"}
    assert read_profile({**info, "gender": "男"}, None, TODAY)["gender"] == "男"
