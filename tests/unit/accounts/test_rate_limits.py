"""Rate limits: the written limits, the shared counter (on a real, migrated SQLite database),
the message and Retry-After a refused request gets, and the client address the gateway keys on."""
import pytest
import sqlalchemy as sa
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from gateway.auth import client_address
from gateway.errors import response_for
from services.accounts.app import limits
from services.accounts.domain import ratelimit
from services.accounts.domain.ratelimit import Limit
from services.accounts.models import metadata
from services.accounts.service import MIGRATIONS
from services.accounts.settings import AccountsSettings
from services.common.errors import TooManyRequests
from tests.support.local_database import LocalDatabase


@pytest.mark.parametrize("written, limit", [
    ("10 per 60", Limit(10, 60)), ("5/3600", Limit(5, 3600)), (" 3 PER 10s ", Limit(3, 10)),
    ("off", ratelimit.OFF), (False, ratelimit.OFF), ("0", ratelimit.OFF), (None, Limit(7, 7)),
])
def test_limits_are_written_count_per_seconds_or_off(written, limit):
    assert ratelimit.parse(written, Limit(7, 7)) == limit


def test_a_wrongly_written_limit_or_an_unknown_bucket_stops_the_service_at_start():
    with pytest.raises(ValueError, match="COUNT per SECONDS"):
        ratelimit.parse("ten a minute", Limit(1, 1))
    with pytest.raises(ValueError, match="login_ipp"):
        ratelimit.limits_from({"login_ipp": "1 per 1"})


def test_the_defaults_are_the_ones_documented_and_the_config_overrides_them():
    defaults = AccountsSettings().rate_limits
    assert defaults["login_ip"] == Limit(10, 60) and defaults["login_email"] == Limit(5, 60)
    assert defaults["captcha_ip"] == Limit(30, 60) and defaults["registration_ip"] == Limit(5, 3600)
    assert defaults["code_user"] == Limit(5, 3600)
    settings = AccountsSettings.from_config({"RATE_LIMITS": {"login_ip": "2 per 5", "code_user": False}})
    assert settings.rate_limits["login_ip"] == Limit(2, 5)
    assert not settings.rate_limits["code_user"].on
    assert settings.rate_limits["captcha_ip"] == Limit(30, 60)


@pytest.fixture
def database(tmp_path):
    db = LocalDatabase(tmp_path / "accounts.db", "accounts", MIGRATIONS, metadata)
    return db.begin, db.engine


def _hit(begin, limits_, bucket, key, at_ms):
    try:
        with begin() as uow:
            limits.hit(uow, limits_, bucket, key, now_ms=at_ms)
        return "ok"
    except TooManyRequests as exc:
        return exc


def test_a_window_counts_to_its_limit_refuses_with_retry_after_then_opens_again(database):
    begin, engine = database
    rules = {"login_ip": Limit(3, 10)}
    start = 1_700_000_000_000
    answers = [_hit(begin, rules, "login_ip", "10.0.0.1", start + ms)
               for ms in (0, 1000, 2000, 2500, 9_999)]
    assert answers[:3] == ["ok"] * 3
    refused = answers[3]
    assert refused.code == "rate_limited" and refused.details == {"retry_after": 8, "limit": "login_ip"}
    assert refused.message == "登录尝试过于频繁，请8秒后再试"
    assert answers[4].details["retry_after"] == 1
    # another address, another bucket: counted apart
    assert _hit(begin, rules, "login_ip", "10.0.0.2", start + 2600) == "ok"
    assert _hit(begin, {"captcha_ip": Limit(1, 10)}, "captcha_ip", "10.0.0.1", start + 2600) == "ok"
    # the window ends 10 s after its first request
    assert _hit(begin, rules, "login_ip", "10.0.0.1", start + 10_000) == "ok"
    with engine.connect() as conn:
        stored = conn.execute(sa.text("SELECT key_hash FROM rate_limits")).scalars().all()
    assert stored and all(len(k) == 64 and "10.0.0" not in k for k in stored)  # addresses kept hashed


def test_no_key_or_a_limit_switched_off_counts_nothing(database):
    begin, engine = database
    for _ in range(5):
        assert _hit(begin, {"login_ip": Limit(1, 60)}, "login_ip", None, 1) == "ok"
        assert _hit(begin, {"login_ip": ratelimit.OFF}, "login_ip", "10.0.0.1", 1) == "ok"
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM rate_limits")).scalar() == 0


def test_a_refused_request_rolls_back_with_its_unit_of_work(database):
    """Counted inside the work it guards: a registration that fails is not counted."""
    begin, _ = database
    rules = {"registration_ip": Limit(1, 3600)}
    with pytest.raises(RuntimeError):
        with begin() as uow:
            limits.hit(uow, rules, "registration_ip", "10.0.0.9", now_ms=5)
            raise RuntimeError("the registration itself failed")
    assert _hit(begin, rules, "registration_ip", "10.0.0.9", 6) == "ok"
    assert isinstance(_hit(begin, rules, "registration_ip", "10.0.0.9", 7), TooManyRequests)


@pytest.mark.parametrize("seconds, text", [(1, "1秒"), (119, "119秒"), (120, "2分钟"), (3599, "60分钟"),
                                           (7200, "2小时")])
def test_the_wait_is_told_in_seconds_minutes_or_hours(seconds, text):
    assert ratelimit.wait_text(seconds) == text


def test_the_gateway_answers_429_in_the_one_shape_with_retry_after():
    response = response_for(ratelimit.refusal("captcha_ip", 42))
    assert response.status_code == 429 and response.headers["Retry-After"] == "42"
    body = response.get_json()
    assert body == {"error": {"code": "rate_limited", "message": "获取验证码过于频繁，请42秒后再试",
                              "details": {"retry_after": 42, "limit": "captcha_ip"}}}
    assert response_for(TooManyRequests("code_too_soon", "验证码已发送")).headers["Retry-After"] == "60"


def _request(remote="192.0.2.10", forwarded=None):
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    return Request(EnvironBuilder(path="/", headers=headers,
                                  environ_base={"REMOTE_ADDR": remote}).get_environ())


def test_the_client_address_is_the_connections_unless_told_to_trust_x_forwarded_for():
    spoofed = _request(forwarded="203.0.113.7, 198.51.100.1")
    assert client_address(spoofed) == "192.0.2.10"
    assert client_address(spoofed, trust_forwarded_for=True) == "203.0.113.7"
    assert client_address(_request(forwarded="not-an-address"), True) == "192.0.2.10"
    assert client_address(_request(), True) == "192.0.2.10"
    assert client_address(_request(forwarded="2001:db8::1"), True) == "2001:db8::1"
