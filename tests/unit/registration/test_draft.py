"""How a draft changes: save bumps the 版本号, submit freezes a snapshot and starts the review,
review events move the status forward only, and a submitted draft is never deleted."""
import dataclasses
import datetime as dt

import pytest

from services.common.errors import Conflict, InvalidInput
from services.registration.domain.definitions import FormRegistry
from services.registration.domain.draft import (Attachment, Draft, read_save, registered_ip_numbers,
                                                 require_no_blocking, submitted_event)
from services.registration.domain.problems import WARNING, Place
from tests.support.documents import TODAY

FORMS = FormRegistry.load()
NOW = dt.datetime(2026, 1, 2, 10, 0, tzinfo=dt.timezone.utc)


def a_draft(**changes) -> Draft:
    draft = dataclasses.replace(Draft.begin(9, 5, FORMS.latest("applied"), NOW), id=3)
    return dataclasses.replace(draft, **changes)


def submitted(draft=None) -> Draft:
    draft = draft or a_draft(content={"overview": {"title": "测试"}})
    return draft.submitted("req", [], NOW)[0]


def test_a_new_draft_is_empty_and_editable_on_the_form_it_began_on():
    draft = Draft.begin(9, None, FORMS.latest("soft"), NOW)
    assert (draft.form_id, draft.category, draft.version, draft.status) == ("soft-2021", "soft", 1, "editing")
    assert draft.content == {} and draft.editable and not draft.ever_submitted


def test_a_save_keeps_what_is_well_formed_and_bumps_the_version():
    draft = a_draft(content={"summary": {"summary": "旧"}})
    later = NOW + dt.timedelta(minutes=1)
    saved, problems = draft.saved(1, FORMS.get(draft.form_id), {
        "overview": {"title": " 新成果 ", "end_date": "2021-13"}, "nonsense": {}}, TODAY, later)
    assert saved.version == 2 and saved.updated_at == later and saved.title == "新成果"
    assert saved.content == {"summary": {"summary": "旧"}, "overview": {"title": "新成果"}}
    assert {p.code for p in problems} == {"invalid_format", "unknown_section"}
    assert draft.version == 1 and draft.content == {"summary": {"summary": "旧"}}  # unchanged


def test_a_save_on_another_version_is_a_conflict_carrying_the_current_content():
    draft = a_draft(version=4, content={"summary": {"summary": "现在"}})
    with pytest.raises(Conflict) as caught:
        draft.saved(3, FORMS.get(draft.form_id), {"summary": {}}, TODAY, NOW)
    assert caught.value.code == "version_conflict"
    assert caught.value.details == {"current_version": 4, "content": {"summary": {"summary": "现在"}}}


@pytest.mark.parametrize("version, sections, field", [
    (None, {"summary": {}}, "version"), (True, {"summary": {}}, "version"), ("1", {"a": {}}, "version"),
    (1, {}, "sections"), (1, [], "sections")])
def test_what_a_save_sends_is_read_as_untrusted_input(version, sections, field):
    with pytest.raises(InvalidInput) as caught:
        read_save(version, sections)
    assert field in caught.value.fields


def test_a_copy_is_a_new_draft_of_the_copier_with_the_same_content():
    source = submitted(a_draft(content={"overview": {"title": "原成果"}, "project": {"project_number": "P1"}}))
    copy = source.copied_for(10, NOW)
    assert (copy.id, copy.owner_id, copy.status, copy.version) == (None, 10, "editing", 1)
    assert (copy.title, copy.project_number, copy.content) == ("原成果", "P1", source.content)
    assert copy.content is not source.content and not copy.ever_submitted


def test_submit_starts_at_the_unit_or_without_one_at_the_office_and_freezes_the_files():
    files = [Attachment(7, 3, "evaluation_proof", "a.pdf", "key-a", "0" * 64, 10, "application/pdf", NOW)]
    draft = a_draft(review_comments={"comment": "改"}, content={"overview": {"title": "测试"}})
    after, snapshot = draft.submitted("req-1", files, NOW)
    assert (after.status, after.submitted_at, after.ever_submitted, after.review_comments) == \
        ("unit_review", NOW, True, None)
    assert (snapshot.draft_id, snapshot.request_id, snapshot.version, snapshot.content) == \
        (3, "req-1", 1, draft.content)
    assert snapshot.attachments == [{"id": 7, "kind": "evaluation_proof", "filename": "a.pdf", "size": 10,
                                     "sha256": "0" * 64, "content_type": "application/pdf",
                                     "uploaded_at": NOW.isoformat(), "storage_key": "key-a"}]
    assert snapshot.attachment(7)["storage_key"] == "key-a" and snapshot.attachment(8) is None
    assert a_draft(unit_id=None).submitted("r", [], NOW)[0].status == "office_review"
    event = submitted_event(after, dataclasses.replace(snapshot, id=11), {"overview": "成果概况"})
    assert (event["snapshot_id"], event["first_level"], event["title"], event["sections"]) == \
        (11, "unit", None, {"overview": "成果概况"})


def test_only_an_editable_draft_is_submitted_and_only_a_never_submitted_one_deleted():
    a_draft().require_submittable()
    a_draft().require_deletable()
    under_review = submitted()
    with pytest.raises(Conflict) as caught:
        under_review.require_submittable()
    assert caught.value.code == "not_editable" and "待单位审核" in caught.value.message
    returned = dataclasses.replace(under_review, status="returned")
    returned.require_submittable()
    with pytest.raises(Conflict) as caught:
        returned.require_deletable()
    assert caught.value.code == "was_submitted"


def test_submit_is_refused_for_errors_and_a_late_registration_only_when_so_configured():
    late = Place("evaluation", "evaluation_date").problem("out_of_window", "超过登记期限", WARNING)
    require_no_blocking([late], "warn")
    with pytest.raises(InvalidInput) as caught:
        require_no_blocking([late], "refuse")
    assert caught.value.code == "check_failed"
    with pytest.raises(InvalidInput):
        require_no_blocking([Place("overview", "title").problem("required", "请填写")], "warn")


def test_review_events_move_the_status_and_record_what_they_carry():
    draft = submitted()
    forwarded = draft.after_review("forwarded", {"snapshot_id": 11, "to_level": "office",
                                                 "at": "2026-01-03T10:00:00+08:00"}, 11)
    assert forwarded.status == "office_review"
    assert forwarded.review_at == dt.datetime(2026, 1, 3, 2, 0, tzinfo=dt.timezone.utc)
    returned = forwarded.after_review("returned", {
        "snapshot_id": 11, "comment": "补充", "section_comments": None, "from_level": "office"}, 11)
    assert (returned.status, returned.review_at, returned.review_comments) == \
        ("returned", forwarded.review_at, {"comment": "补充", "sections": {}, "by_level": "office"})
    approved = forwarded.after_review("approved", {
        "snapshot_id": 11, "registration_number": "6202026Y0001", "registered_on": "2026-01-04"}, 11)
    assert (approved.status, approved.registration_number, approved.registered_on) == \
        ("approved", "6202026Y0001", dt.date(2026, 1, 4))
    assert approved.after_review("revoked", {"snapshot_id": 11}, 11).status == "revoked"


@pytest.mark.parametrize("event_type, data", [
    ("forwarded", {"snapshot_id": 11, "to_level": "nowhere"}),   # no status it leads to
    ("objected", {"snapshot_id": 11}),                            # a type that changes nothing
    ("approved", {"snapshot_id": 10}),                            # an earlier submission's
    ("returned", {"snapshot_id": 11, "at": "2026-01-01T00:00:00Z"}),  # older than the last applied
])
def test_a_review_event_that_does_not_apply_leaves_the_draft_alone(event_type, data):
    draft = dataclasses.replace(submitted(), review_at=dt.datetime(2026, 1, 2, tzinfo=dt.timezone.utc))
    assert draft.after_review(event_type, data, 11) is None


def test_a_review_event_with_an_unreadable_moment_still_applies():
    draft = dataclasses.replace(submitted(), review_at=NOW)
    after = draft.after_review("withdrawn", {"snapshot_id": 11, "at": "yesterday"}, 11)
    assert (after.status, after.review_at) == ("withdrawn", NOW)


def test_the_ip_numbers_of_a_registered_achievement():
    content = {"ip": {"ip_rows": [{"number": "ZL1"}, {"number": "ZL1"}, {"number": ""}, {}]}}
    assert registered_ip_numbers(content) == {"ZL1"}
    assert registered_ip_numbers({}) == set()


def test_opened_sets_where_the_case_starts_only_while_nothing_has_happened_since_submit():
    """A registrant without a unit whose form names a 推荐单位 starts there, not at the office
    (review's `opened`); a late `opened` never undoes a decision applied before it."""
    draft = dataclasses.replace(submitted(), unit_id=None, status="office_review")
    opened = {"snapshot_id": 11, "to_level": "recommender", "at": "2026-01-02T10:00:00+08:00"}
    assert draft.after_review("opened", opened, 11).status == "recommender_review"
    returned = draft.after_review("returned", {"snapshot_id": 11, "comment": "补充", "from_level": "recommender"}, 11)
    assert returned.after_review("opened", opened, 11) is None
