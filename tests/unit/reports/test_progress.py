import datetime as dt
import itertools

from services.reports.domain.progress import fold

UTC = dt.timezone.utc


def ev(source, kind, snapshot, version=0, **data):
    return {"source": source, "type": kind,
            "data": {"draft_id": 7, "snapshot_id": snapshot, "version": version, "category": "applied",
                     "title": "成果", **data}}


SUBMITTED = ev("registration", "submitted", 1, first_level="unit", submitted_at="2025-09-01T02:00:00+00:00")
FORWARDED = ev("review", "forwarded", 1, 2, to_level="office", at="2025-09-02T02:00:00+00:00")
APPROVED = ev("review", "approved", 1, 3, at="2025-09-04T02:00:00+00:00",
              registration_number="6202025Y0001", registered_on="2025-09-04")
ISSUED = ev("certificates", "issued", 1, sha256="ab" * 32)
REVOKED = ev("review", "revoked", 1, 4, at="2025-10-01T02:00:00+00:00", registration_number="6202025Y0001")


def test_a_registration_through_to_revocation_in_any_order_of_arrival():
    for events in itertools.permutations([SUBMITTED, FORWARDED, APPROVED, ISSUED, REVOKED]):
        state = fold(7, list(events))
        assert state.status == "revoked" and state.registration_number == "6202025Y0001"
        assert state.office_arrived_at == dt.datetime(2025, 9, 2, 2, tzinfo=UTC)
        assert state.decided_at == dt.datetime(2025, 9, 4, 2, tzinfo=UTC)
        assert state.registered_on == dt.date(2025, 9, 4) and state.certificate_sha256 == "ab" * 32


def test_repeats_change_nothing():
    assert fold(7, [SUBMITTED, FORWARDED, FORWARDED, APPROVED, APPROVED]) == fold(7, [SUBMITTED, FORWARDED, APPROVED])


def test_a_resubmission_after_a_return_starts_again():
    returned = ev("review", "returned", 1, 2, at="2025-09-02T02:00:00+00:00")
    again = ev("registration", "submitted", 2, first_level="office", submitted_at="2025-09-10T02:00:00+00:00",
               title="成果（修改）")
    refused = ev("review", "refused", 2, 2, at="2025-09-11T02:00:00+00:00", reason="duplicate",
                 reason_label="重复登记", title="成果（修改）")
    state = fold(7, [refused, again, returned, SUBMITTED])
    assert (state.status, state.snapshot_id, state.title) == ("refused", 2, "成果（修改）")
    assert state.first_submitted_at == dt.datetime(2025, 9, 1, 2, tzinfo=UTC)
    assert state.office_arrived_at == dt.datetime(2025, 9, 10, 2, tzinfo=UTC)
    assert (state.refusal_reason, state.refusal_reason_label) == ("duplicate", "重复登记")
    assert fold(7, [returned, SUBMITTED]).status == "returned"


def test_pending_where_it_waits_and_odd_values_do_not_fail():
    assert (fold(7, [SUBMITTED]).status, fold(7, [SUBMITTED]).level) == ("pending", "unit")
    odd = ev("review", "approved", 1, 3, at="not a time", registered_on=None)
    assert fold(7, [SUBMITTED, odd]).decided_at is None
    assert fold(7, []).status is None
