"""A person at the gateway: an HTTP session (cookies and CSRF like a browser, or a bearer
token like an API client) plus the steps the manual walks through."""
from __future__ import annotations

import itertools
import re
from urllib.parse import parse_qs, urlparse

import requests

from services.common.idcodes import resident_id_check_char

PASSWORD = "Abc123!@"
_serial = itertools.count(1)


def unique_email(prefix: str) -> str:
    return f"{prefix}.{next(_serial)}.{id(_serial) % 100000}@example.com"


def make_id_number(birth: str = "19800101", sequence: int | None = None) -> str:
    """A valid 居民身份证号码 (GB 11643) for a person born on `birth` (YYYYMMDD)."""
    seq = f"{(sequence if sequence is not None else next(_serial)) % 1000:03d}"
    first17 = "620102" + birth + seq
    return first17 + resident_id_check_char(first17)


def make_credit_code(serial: int | None = None) -> str:
    from services.common.idcodes import credit_code_check_char
    n = serial if serial is not None else next(_serial)
    first17 = f"12620000{n:08d}X"[:17]
    return first17 + credit_code_check_char(first17)


def token_from_mail(mail: dict) -> str:
    link = next(l for l in mail["links"] if "token=" in l)
    return parse_qs(urlparse(link).query)["token"][0]


class Person:
    def __init__(self, system, bearer: bool = False):
        self.system = system
        self.http = requests.Session()
        self.bearer = bearer
        self.token = None

    def request(self, method: str, path: str, json=None, headers=None) -> requests.Response:
        headers = dict(headers or {})
        if self.bearer and self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        csrf = self.http.cookies.get("kj_csrf")
        if csrf and not self.bearer:
            headers.setdefault("X-CSRF-Token", csrf)
        return self.http.request(method, self.system.url + path, json=json, headers=headers,
                                 timeout=30)

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, json=None, **kw):
        return self.request("POST", path, json=json if json is not None else {}, **kw)

    def put(self, path, json=None, **kw):
        return self.request("PUT", path, json=json, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)

    def captcha(self) -> dict:
        return self.system.captcha(self.http)

    # -- the manual's steps -------------------------------------------------------------
    def login(self, email: str, password: str = PASSWORD) -> requests.Response:
        response = self.post("/api/v1/session", {"email": email, "password": password, **self.captcha()})
        if response.status_code == 201:
            self.token = response.json()["token"]
            if self.bearer:
                self.http.cookies.clear()
        return response

    def activate(self, token: str, id_number: str, password: str = PASSWORD, **overrides):
        body = {"id_type": "身份证", "id_number": id_number, "id_valid_from": "2019-06-18",
                "id_valid_to": "2039-06-18", "password": password, "password_confirm": password,
                **self.captcha()}
        body.update(overrides)
        return self.post(f"/api/v1/activation/{token}", body)


def unit_form(**overrides) -> dict:
    form = {"name": "甘肃省测试研究院", "credit_code": make_credit_code(), "nature": "科研院所",
            "address": "甘肃省兰州市城关区测试路1号", "postcode": "730000", "admin_name": "李管理",
            "admin_email": unique_email("admin"), "admin_mobile": "13912345678"}
    form.update(overrides)
    return form


def activate_from_mail(system, email: str, id_number: str | None = None, subject="账号激活") -> Person:
    """Open the activation mail, activate with a real ID number, log in."""
    token = token_from_mail(system.wait_mail(email, subject))
    person = Person(system)
    response = person.activate(token, id_number or make_id_number())
    assert response.status_code == 200, response.text
    assert person.login(email).status_code == 201
    return person


def office_user(system) -> Person:
    """The first office account, made with the documented command, activated from mail."""
    import subprocess
    import sys
    email = unique_email("office")
    result = subprocess.run([sys.executable, "-m", "services.accounts.cli", "create-office-user",
                             "--name", "王登记", "--email", email], cwd=system_root(),
                            env=system.env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert re.search(r"activate\?token=", result.stdout)
    return activate_from_mail(system, email)


def system_root():
    from .system import ROOT
    return ROOT


def signed_up_registrant(system) -> Person:
    visitor = Person(system)
    email = unique_email("reg")
    version = visitor.get("/api/v1/agreement").json()["version"]
    assert visitor.post("/api/v1/signup", {
        "entry": "registrant_without_unit", "agreed": True, "agreement_version": version,
        "name": "王伟任", "email": email, "mobile": "13812345678", **visitor.captcha()}).status_code == 201
    return activate_from_mail(system, email)


def register_unit(system, **overrides):
    visitor = Person(system)
    form = unit_form(**overrides)
    response = visitor.post("/api/v1/units", {**form, **visitor.captcha()})
    assert response.status_code == 201, response.text
    return form, response.json()


def approved_unit_admin(system, office):
    form, unit = register_unit(system)
    assert office.post(f"/api/v1/units/{unit['id']}/approve").status_code == 200
    admin = activate_from_mail(system, form["admin_email"])
    return unit, admin


def unit_with_registrant(system, office) -> dict:
    """An approved unit, its admin, and one registrant the admin assigned."""
    unit, admin = approved_unit_admin(system, office)
    email = unique_email("unitreg")
    assert admin.post(f"/api/v1/units/{unit['id']}/registrants",
                      {"name": "测试1", "email": email}).status_code in (200, 201)
    registrant = activate_from_mail(system, email)
    return {"id": unit["id"], "admin": admin, "registrant": registrant,
            "admin_email": admin.get("/api/v1/me").json()["email"], "email": email}
