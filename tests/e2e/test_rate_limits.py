"""Rate limits on login, captchas, registration, activation, password reset and verification
codes, for real: a system of its own with tight limits, behind a "proxy" (TRUST_FORWARDED_FOR,
so each test picks its client addresses with X-Forwarded-For), with two gateways and two
accounts instances sharing the counters through the accounts database."""
import itertools
import os
import subprocess
import time
from types import SimpleNamespace

import pytest
import requests

from tests.support.client import (PASSWORD, Person, make_id_number, token_from_mail, unique_email,
                                  unit_form)
from tests.support.system import BACKENDS, ROOT, Program, System, free_port

pytestmark = pytest.mark.e2e

LIMITS = {"LOGIN_IP": "4 per 60", "LOGIN_EMAIL": "3 per 60", "CAPTCHA_IP": "3 per 4",
          "REGISTRATION_IP": "2 per 3600", "ACTIVATION_IP": "3 per 3600", "RESET_IP": "3 per 3600",
          "RESET_EMAIL": "2 per 3600", "CODE_USER": "2 per 3600"}
_addresses = (f"198.51.{n // 250}.{n % 250 + 1}" for n in itertools.count())


@pytest.fixture(scope="module", params=BACKENDS)
def limited(request, tmp_path_factory):
    """The system with tight limits, a second accounts instance and a second gateway."""
    running = System(str(tmp_path_factory.mktemp(f"limits-{request.param}")), request.param)
    running.env.update({f"RATE_LIMIT_{k}": v for k, v in LIMITS.items()}, TRUST_FORWARDED_FOR="true")
    try:
        running.up()
        running.add_instance("accounts")
        port = free_port()
        second = Program("gateway-b", running.programs["gateway"].argv,
                         os.path.join(running.workdir, "gateway-b.log"))
        second.process = subprocess.Popen(second.argv, cwd=ROOT,
                                          env={**running.env, "GATEWAY_ADDRESS": f"127.0.0.1:{port}"},
                                          stdout=open(second.log, "ab"), stderr=subprocess.STDOUT)
        running.programs[second.name] = second
        running.second_url = f"http://127.0.0.1:{port}"
        deadline = time.time() + 60
        while True:
            try:
                if requests.get(running.second_url + "/readyz", timeout=5).status_code == 200:
                    break
            except requests.RequestException:
                pass
            assert time.time() < deadline and second.process.poll() is None, running.tail("gateway-b")
            time.sleep(0.3)
        yield running
    finally:
        running.down()


def client(system, url=None) -> Person:
    """A person at a client address of their own (the proxy's X-Forwarded-For)."""
    person = Person(system)
    person.address = next(_addresses)
    person.http.headers["X-Forwarded-For"] = f"{person.address}, 10.0.0.1"
    if url:
        person.system = SimpleNamespace(url=url, captcha=system.captcha)
    return person


def captcha(system) -> dict:
    """A captcha answered, fetched from an address of its own (captchas have their own limit)."""
    return system.captcha(client(system).http)


def refused(response, retry_max: int, words: str):
    """429 in the one error shape, a Chinese message and a Retry-After within the window."""
    assert response.status_code == 429, response.text
    error = response.json()["error"]
    assert set(response.json()) == {"error"} and error["code"] == "rate_limited"
    assert words in error["message"] and "后再试" in error["message"], error
    retry = int(response.headers["Retry-After"])
    assert 1 <= retry <= retry_max and error["details"]["retry_after"] == retry
    return retry


def active_user(system) -> str:
    """A registrant without a unit, signed up and activated from addresses of their own."""
    visitor = client(system)
    email = unique_email("limited")
    version = visitor.get("/api/v1/agreement").json()["version"]
    signed = visitor.post("/api/v1/signup", {
        "entry": "registrant_without_unit", "agreed": True, "agreement_version": version,
        "name": "王伟任", "email": email, "mobile": "13812345678", **captcha(system)})
    assert signed.status_code == 201, signed.text
    token = token_from_mail(system.wait_mail(email, "账号激活"))
    assert client(system).activate(token, make_id_number()).status_code == 200
    return email


def login(person, system, email, password=PASSWORD):
    return person.post("/api/v1/session", {"email": email, "password": password, **captcha(system)})


def test_logins_per_address_are_counted_across_two_gateways_and_two_accounts_instances(limited):
    system = limited
    at_a, at_b = client(system), client(system, system.second_url)
    at_b.http.headers["X-Forwarded-For"] = at_a.http.headers["X-Forwarded-For"]  # one client
    for attempt in range(4):
        person = (at_a, at_b)[attempt % 2]
        wrong = login(person, system, unique_email("nobody"))
        assert wrong.status_code == 400 and wrong.json()["error"]["code"] == "bad_credentials"
    for person in (at_a, at_b):
        refused(login(person, system, unique_email("nobody")), 60, "登录尝试")
    # another client address is not affected
    email = active_user(system)
    assert login(client(system, system.second_url), system, email).status_code == 201


def test_logins_to_one_account_are_counted_from_every_address(limited):
    system = limited
    email = active_user(system)
    for _ in range(3):
        wrong = login(client(system), system, email, "Wrong123!")
        assert wrong.status_code == 400, wrong.text
    refused(login(client(system), system, email.upper()), 60, "该账号的登录")
    assert login(client(system), system, email).status_code == 429  # even the right password, for now


def test_captchas_per_address_stop_and_come_back_after_retry_after(limited):
    person = client(limited)
    for _ in range(3):
        assert person.http.post(limited.url + "/api/v1/captchas", timeout=10).status_code == 201
    retry = refused(person.http.post(limited.url + "/api/v1/captchas", timeout=10), 4, "获取验证码")
    assert client(limited).http.post(limited.url + "/api/v1/captchas", timeout=10).status_code == 201
    time.sleep(retry)
    assert person.http.post(limited.url + "/api/v1/captchas", timeout=10).status_code == 201


def test_registrations_per_address_count_only_the_accepted_ones_units_and_people_alike(limited):
    person = client(limited)
    version = person.get("/api/v1/agreement").json()["version"]

    def sign_up(**overrides):
        body = {"entry": "registrant_without_unit", "agreed": True, "agreement_version": version,
                "name": "测试", "email": unique_email("signup"), "mobile": "13812345678",
                **captcha(limited), **overrides}
        return person.post("/api/v1/signup", body)

    assert sign_up(mobile="123").status_code == 400  # refused by the form: not counted
    assert sign_up().status_code == 201
    assert person.post("/api/v1/units", {**unit_form(), **captcha(limited)}).status_code == 201
    refused(sign_up(), 3600, "注册")
    refused(person.post("/api/v1/units", {**unit_form(), **captcha(limited)}), 3600, "注册")
    assert client(limited).post("/api/v1/units", {**unit_form(), **captcha(limited)}).status_code == 201


def test_activation_attempts_per_address(limited):
    person = client(limited)

    def activate():
        return person.post("/api/v1/activation/no-such-link", {
            "id_type": "身份证", "id_number": make_id_number(), "id_valid_from": "2019-06-18",
            "id_valid_to": "2039-06-18", "password": PASSWORD, "password_confirm": PASSWORD,
            **captcha(limited)})

    for _ in range(3):
        assert activate().status_code == 404
    refused(activate(), 3600, "激活")


def test_password_reset_per_address_and_per_email(limited):
    person = client(limited)
    for _ in range(3):
        body = {"email": unique_email("forgot"), **captcha(limited)}
        assert person.post("/api/v1/password/forgot", body).status_code == 202
    refused(person.post("/api/v1/password/forgot", {"email": unique_email("forgot"), **captcha(limited)}),
            3600, "找回密码")

    email = active_user(limited)
    for _ in range(2):
        asker = client(limited)
        assert asker.post("/api/v1/password/forgot", {"email": email, **captcha(limited)}).status_code == 202
    asker = client(limited)
    refused(asker.post("/api/v1/password/forgot", {"email": email, **captcha(limited)}), 3600, "该邮箱")
    limited.wait_mail(email, "重置登录密码", count=2)
    time.sleep(1)
    assert len([m for m in limited.mails(email) if "重置登录密码" in m["subject"]]) == 2


def test_verification_codes_per_user_by_email_and_sms_together(limited):
    email = active_user(limited)
    person = client(limited)
    assert person.login(email).status_code == 201
    assert person.post("/api/v1/me/email/code").status_code == 202
    assert person.post("/api/v1/me/mobile/code", {"mobile": "13987654321"}).status_code == 202
    refused(person.post("/api/v1/me/mobile/code", {"mobile": "13987654322"}), 3600, "发送验证码")
    elsewhere = client(limited)  # the same user from another address: still the same limit
    assert elsewhere.login(email).status_code == 201
    refused(elsewhere.post("/api/v1/me/email/code"), 3600, "发送验证码")
