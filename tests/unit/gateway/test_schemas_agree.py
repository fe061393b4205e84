"""The request bodies the gateway documents (gateway/schemas.py) against the readers that enforce
them, so the OpenAPI document and the services cannot drift apart:

(a) a valid body built from the schema (its examples, first enum values) is accepted by the reader,
    and so is every enum value and the longest text the schema allows;
(b) every value the schema forbids (wrong type, outside the enum, too long or too short, not the
    pattern or the date format, missing when required) is refused by the reader with a Chinese
    message naming that field;
(c) the schema requires exactly the fields the reader requires;
and the pages' <select>s (and profile.js's nations) offer exactly the schemas' enums.

READERS is the one table of schema → reader. Every object schema in gateway/schemas.py (and so
every route's body) needs an entry: `Reads(reader)`, or `NotRead(why)` for bodies that no
domain reader reads. A new route's body fails test_every_body_has_an_entry until it is entered.
"""
from __future__ import annotations

import copy
import datetime as dt
import os
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Callable

import jsonschema
import pytest
from openapi_spec_validator import validate as validate_openapi

import gateway.service  # noqa: F401 - declares every route
from gateway import schemas
from gateway.http import ROUTES
from gateway.openapi import document
from services.accounts.domain import people, public_texts
from services.common.categories import CATEGORY_LABELS
from services.common.errors import InvalidInput
from services.reports.domain import export_layout
from services.review.domain import inputs, publicity

TODAY = dt.date(2026, 1, 15)
AGREEMENT = schemas.SIGNUP["properties"]["agreement_version"]["example"]  # the current version
CJK = re.compile(r"[\u4e00-\u9fff]")
MISSING = object()


@dataclass(frozen=True)
class Reads:
    """The body is read by `reader(body)`, which raises InvalidInput naming each bad field."""
    reader: Callable[[dict], object]
    elsewhere: dict = field(default_factory=dict)  # field → what checks it instead of the reader
    gaps: dict = field(default_factory=dict)       # field → why the schema requires it and the reader
                                                   # does not (known disagreements, to be removed)


@dataclass(frozen=True)
class NotRead:
    """No domain reader reads this body; `why` says what does."""
    why: str


def review_body(*parts) -> Callable[[dict], None]:
    """A review decision's body as services/review/domain/workflow.py reads it: each part is
    body → (value, problems) made with review/domain/inputs.py, with workflow's labels. (A mirror
    of workflow's calls: when inputs.py reads whole bodies, point the table at those readers.)"""
    def read(body):
        problems = {}
        for part in parts:
            problems.update(part(body)[1])
        inputs.raise_if(problems)
    return read


def comment(label, required=False):
    reads = inputs.required_text if required else inputs.optional_text
    return lambda body: reads(body.get("comment"), "comment", label)


CAPTCHA = {"captcha_id": "accounts/app/captchas.py (read_with_captcha), after the reader",
           "captcha_answer": "accounts/app/captchas.py (read_with_captcha), after the reader"}
CAPTCHA_ELSEWHERE = {"captcha_id": "accounts/app/captchas.py admit (the gateway asks accounts first)",
                     "captcha_answer": "accounts/app/captchas.py admit (the gateway asks accounts first)"}
VERSION = {"version": "review/app/decisions.py: compare-and-set on the case (not an integer: ignored)"}
CONFIRM_GAP = {"password_confirm": "password.policy_problems compares it only when it is sent: "
                                   "the reader lets a missing confirmation through"}

READERS = {
    "UNIT_REGISTRATION": Reads(people.read_unit_registration, elsewhere=CAPTCHA),
    "INVITE": Reads(people.read_invite),
    "UNIT_DETAILS": Reads(people.read_unit_details),
    "UNIT_CHANGE_DECISION": NotRead("accounts/app/units.py decide_change: `approve` must be a boolean; "
                                    "unit.read_change_reason requires the reason of a refusal, cut to 500"),
    "UNIT_STATE": NotRead("accounts/app/units.py set_unit_enabled: `enabled` must be a boolean; "
                          "unit.read_disable_reason requires the reason of 停用, cut to 500"),
    "UNIT_ADMIN_HANDOVER": NotRead("accounts/app/units.py hand_over: the user must hold an enabled "
                                   "registrant role at the unit and an active account"),
    "SIGNUP": Reads(lambda body: people.read_self_registration(body, AGREEMENT), elsewhere=CAPTCHA),
    "ACTIVATION": Reads(lambda body: people.read_activation(body, TODAY), elsewhere=CAPTCHA,
                        gaps=CONFIRM_GAP),
    "RESET": Reads(people.read_new_password, gaps=CONFIRM_GAP,
                   elsewhere={"token": "accounts/app/sessions.py reset_password: the link's token"}),
    "CHANGE_PASSWORD": Reads(people.read_new_password, gaps=CONFIRM_GAP, elsewhere={
        "old_password": "accounts/app/sessions.py change_password: checked against the hash"}),
    "PROFILE": Reads(lambda body: people.read_profile(body, None, TODAY)),
    "FORGOT": Reads(people.read_email, elsewhere=CAPTCHA),
    "MOBILE": Reads(people.read_mobile),
    "DECISION": Reads(review_body(comment("审核意见")), elsewhere=VERSION),
    "RETURN": Reads(review_body(comment("退回意见", required=True),
                                lambda body: inputs.section_comments(body.get("section_comments"))),
                    elsewhere=VERSION),
    "REFUSE": Reads(review_body(lambda body: inputs.refusal_reason(body.get("reason")),
                                comment("不予登记的说明", required=True)), elsewhere=VERSION),
    "REVOKE": Reads(review_body(lambda body: inputs.required_text(body.get("reason"), "reason", "注销理由")),
                    elsewhere=VERSION),
    "WITHDRAW": Reads(review_body(comment("撤回说明")), elsewhere=VERSION),
    "EXPORT": Reads(export_layout.read_export_request),
    "PACKAGE": Reads(export_layout.read_package_request),
    "OBJECTION": Reads(publicity.read_objection, elsewhere=CAPTCHA_ELSEWHERE),
    "RESOLUTION": Reads(publicity.read_resolution, elsewhere=VERSION),
    "LOGIN": NotRead("accounts/app/sessions.py login: the email and password are looked up, "
                     "a wrong pair is one error for both"),
    "REJECTION": NotRead("accounts/domain/unit.py read_reason: required; a long reason is cut to "
                         "REASON_MAX characters, not refused"),
    "CODE": NotRead("accounts/app/profile.py verify_code: compared with the code sent"),
    "PUBLIC_TEXT": Reads(public_texts.read_text),
    "RECOMMENDED_UNITS": NotRead("accounts/app/staff.py set_recommended_units: a list of at most 500 "
                                 "unit ids, each an approved unit (looked up)"),
    "STAFF_ACCOUNT": NotRead("accounts/domain/people.py read_staff_account: the id_number's format "
                             "depends on id_type (domain/documents.py, tested there), which the "
                             "schema cannot say"),
    "ROLE_STATE": NotRead("accounts/app/units.py set_registrant_enabled, staff.set_enabled: `enabled` must be a boolean "
                          "(InvalidInput naming `enabled` otherwise)"),
    "TOKEN": NotRead("no route takes it"),
    "NEW_ACHIEVEMENT": NotRead("registration/app/drafts.py create: the category picks a form "
                               "definition, the unit comes from the caller's grants"),
    "SAVE": NotRead("registration: the sections are checked against the form definition "
                    "(services/registration/forms/*.yaml), the version is compare-and-set"),
    "SUBMIT": NotRead("registration: request_id is only an idempotency key"),
    "UPLOAD": NotRead("multipart: gateway/files.py receive() and services/common/filetypes.py"),
}


def named_bodies() -> dict:
    return {name: value for name, value in vars(schemas).items()
            if name.isupper() and isinstance(value, dict) and value.get("type") == "object"}


READ = sorted(name for name, entry in READERS.items() if isinstance(entry, Reads))


def validator(schema):
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def example_value(name: str, prop: dict):
    if "example" in prop:
        return prop["example"]
    if "enum" in prop:
        return prop["enum"][0]
    kind = prop.get("type")
    if kind == "boolean":
        return True
    if kind == "integer":
        return 1
    if kind == "object":
        return {}
    assert kind == "string" and "pattern" not in prop and "format" not in prop, \
        f"{name}: give the schema an example the reader accepts"
    return "示例文本"[:prop.get("maxLength", 4)].ljust(prop.get("minLength", 0), "文")


def example_of(schema: dict) -> dict:
    return {name: example_value(name, prop) for name, prop in schema["properties"].items()}


def forbidden_values(prop: dict) -> list:
    """Values of one property that its schema forbids (the test checks the schema does)."""
    found = []
    kind = prop.get("type")
    found.append({"string": 12345, "boolean": "yes", "integer": "1", "object": "x"}[kind])
    if "enum" in prop:
        found.append(next(v for v in ("不在选项中", False) if v not in prop["enum"]))
    if "maxLength" in prop:
        found.append("字" * (prop["maxLength"] + 1))
    if prop.get("minLength", 0) > 1:
        found.append("字" * (prop["minLength"] - 1))
    if "pattern" in prop:
        found.append("不符合格式")
    if prop.get("format") == "date" or any(p.get("format") == "date" for p in prop.get("anyOf", ())):
        found.append("2020-02-30")
    if isinstance(prop.get("additionalProperties"), dict):
        found += [{"某项": bad} for bad in forbidden_values(prop["additionalProperties"])]
    return found


def refusal(name: str, body: dict) -> dict:
    """The reader's field errors for the body ({} if it accepts it)."""
    try:
        READERS[name].reader(body)
    except InvalidInput as exc:
        assert exc.fields, f"{name}: refused without naming a field"
        return exc.fields
    return {}


def cases():
    for name in READ:
        schema, entry = getattr(schemas, name), READERS[name]
        for prop_name, prop in schema["properties"].items():
            if prop_name in entry.elsewhere:
                continue
            values = forbidden_values(prop)
            if prop_name in schema["required"] and prop_name not in entry.gaps:
                values.append(MISSING)
            for index, value in enumerate(values):
                yield pytest.param(name, prop_name, value,
                                   id=f"{name}.{prop_name}-{'missing' if value is MISSING else index}")


def test_every_body_has_an_entry():
    bodies = named_bodies()
    assert not sorted(set(bodies) - set(READERS)), \
        "a request body with no entry in READERS: enter its reader, or NotRead(why)"
    assert not sorted(set(READERS) - set(bodies)), "READERS names a schema gateway/schemas.py lost"
    for spec in ROUTES:
        for body in (spec.body, spec.upload):
            assert body is None or any(body is value for value in bodies.values()), \
                f"{spec.method} {spec.path}: name its body in gateway/schemas.py"


@pytest.mark.parametrize("name", READ)
def test_a_valid_body_built_from_the_schema_is_accepted(name):
    schema = getattr(schemas, name)
    body = example_of(schema)
    validator(schema).validate(body)
    assert refusal(name, body) == {}


@pytest.mark.parametrize("name", READ)
def test_every_enum_value_and_the_longest_text_are_accepted(name):
    schema = getattr(schemas, name)
    for prop_name, prop in schema["properties"].items():
        if prop_name in READERS[name].elsewhere:
            continue
        allowed = list(prop.get("enum", ()))
        if "maxLength" in prop and not ({"pattern", "format", "example"} & set(prop)):
            allowed.append("字" * prop["maxLength"])
        for value in allowed:
            body = {**example_of(schema), prop_name: value}
            validator(schema).validate(body)
            assert refusal(name, body) == {}, f"{prop_name}={value!r}"


@pytest.mark.parametrize("name, prop_name, value", list(cases()))
def test_what_the_schema_forbids_the_reader_refuses(name, prop_name, value):
    schema = getattr(schemas, name)
    body = example_of(schema)
    if value is MISSING:
        del body[prop_name]
    else:
        body[prop_name] = copy.deepcopy(value)
    assert not validator(schema).is_valid(body), "the schema allows it: not a test of the reader"
    fields = refusal(name, body)
    named = {key: message for key, message in fields.items()
             if key == prop_name or key.startswith(prop_name + ".")}
    assert named, f"{name} accepts {prop_name}={'(missing)' if value is MISSING else repr(value)}"
    assert all(CJK.search(message) for message in named.values()), named


@pytest.mark.parametrize("name", READ)
def test_the_schema_requires_what_the_reader_requires(name):
    schema, entry = getattr(schemas, name), READERS[name]
    read = [p for p in schema["properties"] if p not in entry.elsewhere]
    required_by_reader = set()
    for prop_name in read:
        body = example_of(schema)
        del body[prop_name]
        if prop_name in refusal(name, body):
            required_by_reader.add(prop_name)
    required_by_schema = set(schema["required"]) - set(entry.elsewhere)
    assert required_by_reader == required_by_schema - set(entry.gaps)
    assert set(entry.gaps) <= required_by_schema, "a gap that the schema does not require"


def test_what_is_checked_elsewhere_is_in_the_schema():
    for name in READ:
        entry, props = READERS[name], getattr(schemas, name)["properties"]
        assert set(entry.elsewhere) | set(entry.gaps) <= set(props), name


def test_enums_are_the_readers_own():
    """Single source: the schemas hold the very values the readers check against."""
    props = {name: getattr(schemas, name)["properties"] for name in READ}
    assert props["UNIT_REGISTRATION"]["nature"]["enum"] == list(people.UNIT_NATURES)
    assert props["ACTIVATION"]["id_type"]["enum"] == list(people.ID_TYPES)
    assert props["PROFILE"]["gender"]["enum"] == list(people.GENDERS)
    assert props["PROFILE"]["nation"]["enum"] == list(people.NATIONS)
    assert props["PROFILE"]["education"]["enum"] == list(people.EDUCATION)
    assert props["REFUSE"]["reason"]["enum"] == list(inputs.REFUSAL_REASONS)


def test_the_openapi_document_builds_with_these_schemas():
    built = document()
    validate_openapi(built)
    for schema in named_bodies().values():
        validator(schema).check_schema(schema)
    bodies = [content["schema"] for item in built["paths"].values() for op in item.values()
              for content in op.get("requestBody", {}).get("content", {}).values()]
    assert len(bodies) == sum(1 for spec in ROUTES if spec.body or spec.upload)


# -- the pages offer what the schemas allow -----------------------------------------------------

PAGES = os.path.join(os.path.dirname(os.path.abspath(gateway.service.__file__)), "web")
SELECTS = [  # (page, select id, schema, property)
    ("unit-signup.html", "nature", "UNIT_REGISTRATION", "nature"),
    ("unit-profile.html", "nature", "UNIT_DETAILS", "nature"),
    ("activate.html", "id_type", "ACTIVATION", "id_type"),
    ("profile.html", "gender", "PROFILE", "gender"),
    ("profile.html", "education", "PROFILE", "education"),
    ("review-case.html", "reason", "REFUSE", "reason"),
    ("review-queue.html", "category", "NEW_ACHIEVEMENT", "category"),
    ("office-accounts.html", "add-role", "STAFF_ACCOUNT", "role"),
    ("office-accounts.html", "add-id-type", "STAFF_ACCOUNT", "id_type"),
    ("office-notices.html", "kind", "PUBLIC_TEXT", "kind"),
]


class _Options(HTMLParser):
    """(value, text) of every non-blank option of one <select id=…>."""

    def __init__(self, select_id):
        super().__init__()
        self.select_id, self.inside, self.options = select_id, False, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "select":
            self.inside = attrs.get("id") == self.select_id
        elif tag == "option" and self.inside:
            self.options.append([attrs.get("value"), ""])

    def handle_endtag(self, tag):
        if tag == "select":
            self.inside = False

    def handle_data(self, data):
        if self.inside and self.options:
            self.options[-1][1] += data


def page_options(page: str, select_id: str) -> list[tuple[str, str]]:
    parser = _Options(select_id)
    with open(os.path.join(PAGES, "pages", page), encoding="utf-8") as handle:
        parser.feed(handle.read())
    options = [(text.strip() if value is None else value, text.strip()) for value, text in parser.options]
    return [option for option in options if option[0]]


@pytest.mark.parametrize("page, select_id, name, prop_name", SELECTS)
def test_the_pages_offer_what_the_schema_allows(page, select_id, name, prop_name):
    offered = page_options(page, select_id)
    assert [value for value, _ in offered] == getattr(schemas, name)["properties"][prop_name]["enum"]
    labels = {"reason": inputs.REFUSAL_REASONS, "category": CATEGORY_LABELS}.get(select_id)
    if labels:
        assert dict(offered) == dict(labels)


def test_the_profile_page_offers_the_nations_the_schema_allows():
    with open(os.path.join(PAGES, "static", "profile.js"), encoding="utf-8") as handle:
        script = handle.read()
    found = re.search(r"const NATIONS = \(([^;]*?)\)\.split\(\" \"\)", script)
    assert found, "profile.js no longer lists NATIONS the way this test reads them"
    nations = "".join(re.findall(r'"([^"]*)"', found.group(1))).split(" ")
    assert nations == schemas.PROFILE["properties"]["nation"]["enum"]
