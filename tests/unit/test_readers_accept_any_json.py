"""Property: the domain readers take any JSON value a client can send and answer either a clean
result or field problems (InvalidInput, Conflict), never another exception (issue 10, "Beyond")."""
from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings, strategies as st

from services.accounts.domain import people
from services.common.errors import ServiceError
from services.registration.domain.definitions import FormRegistry
from services.registration.domain.draft import Draft, read_save
from services.review.domain import history, inputs
from services.accounts.domain.recommenders import named

TODAY = dt.date(2026, 12, 2)
NOW = dt.datetime(2026, 12, 2, 12, tzinfo=dt.timezone.utc)
FORMS = FormRegistry.load()

# Text as clients send it, hostile included: every Unicode category, NUL, lone surrogates.
TEXT = st.text(st.characters(codec=None), max_size=40) | st.sampled_from(
    ["", " ", "\x00", "\ud800", "马铃薯", "2026-02-30", "1e309", "-1", "ZL202010000001.X"])
SCALARS = st.none() | st.booleans() | st.integers(-2**70, 2**70) | st.floats() | TEXT
JSON = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(TEXT, inner, max_size=4), max_leaves=20)


def keyed(keys) -> st.SearchStrategy:
    """Objects with the reader's own keys (so the checks behind the first field are reached)."""
    return st.dictionaries(st.sampled_from(keys) | TEXT, JSON, max_size=len(keys) + 2)


def only_field_problems(read, *args) -> None:
    try:
        read(*args)
    except ServiceError:
        pass


SLOW = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))


@SLOW
@given(category=st.sampled_from(["applied", "basic", "soft"]), version=JSON, sections=JSON,
       section_keys=st.lists(st.sampled_from(
           ["overview", "project", "units", "people", "evaluation", "ip", "benefits", "materials"]),
           max_size=3), values=JSON)
def test_a_section_save_with_any_json_is_a_clean_save_or_field_problems(
        category, version, sections, section_keys, values):
    form = FORMS.latest(category)
    draft = Draft.begin(1, None, form, NOW)
    for candidate in (sections, {key: values for key in section_keys}):
        try:
            read_save(version if candidate is sections else draft.version, candidate)
            new, problems = draft.saved(draft.version, form, candidate, TODAY, NOW)
        except ServiceError:
            continue
        assert new.version == draft.version + 1
        assert all(p.to_dict()["message"] for p in problems)


@SLOW
@given(data=JSON, unit=keyed(["name", "credit_code", "nature", "region", "address", "admin_name",
                              "admin_email", "admin_mobile", "postcode", "phone"]),
       person=keyed(["name", "email", "mobile", "gender", "birth_date", "id_type", "id_number",
                     "id_valid_from", "id_valid_to", "password", "password_confirm", "agreed",
                     "agreement_version", "entry", "nation", "education", "title", "work_unit"]))
def test_the_account_readers_take_any_json(data, unit, person):
    for value in (data, unit, person):
        only_field_problems(people.read_unit_registration, value)
        only_field_problems(people.read_invite, value)
        only_field_problems(people.read_self_registration, value, "2021-1")
        only_field_problems(people.read_activation, value, TODAY)
        only_field_problems(people.read_email, value)
        only_field_problems(people.read_mobile, value)
        only_field_problems(people.read_new_password, value)
        only_field_problems(people.read_profile, value, None, TODAY)
        only_field_problems(people.read_channel, value)


@SLOW
@given(data=JSON, review=keyed(["comment", "reason", "section_comments", "version", "q", "page",
                                "page_size", "category", "status", "number", "decision", "level"]))
def test_the_review_readers_take_any_json(data, review):
    for value in (data, review):
        only_field_problems(inputs.decision_action, value)
        only_field_problems(inputs.body, value)
        only_field_problems(inputs.queue_filters, value)
        only_field_problems(inputs.search_filters, value)
        only_field_problems(history.history_filters, value)
        only_field_problems(inputs.form_recommender, value)
        only_field_problems(named, value, [(1, "兰州市科学技术局")])
        only_field_problems(inputs.refusal_reason, value)
        only_field_problems(inputs.section_comments, value)
        only_field_problems(inputs.optional_text, value, "comment", "意见")
        only_field_problems(inputs.required_text, value, "comment", "意见")
        if isinstance(value, dict):
            only_field_problems(inputs.expected_version, value)
