"""Who may read or change what: a draft is its registrant's alone (anybody else's is missing),
a snapshot is read by its owner, its unit's admins and the office."""
import dataclasses
import datetime as dt

import pytest

from services.common.errors import Conflict, Forbidden, InvalidInput, NotAuthenticated, NotFound
from services.common.identity import Caller
from services.registration.domain import access
from services.registration.domain.definitions import FormRegistry
from services.registration.domain.draft import Draft

NOW = dt.datetime(2026, 1, 2, tzinfo=dt.timezone.utc)
DRAFT = dataclasses.replace(Draft.begin(9, 5, FormRegistry.load().latest("applied"), NOW), id=3)
SNAPSHOT = DRAFT.submitted("req", [], NOW)[1]


def caller(user_id, *grants) -> Caller:
    return Caller.from_dict({"user_id": user_id, "grants": [{"role": r, "unit_id": u} for r, u in grants]})


OWNER = caller(9, ("registrant", 5))
COLLEAGUE = caller(10, ("registrant", 5))
UNIT_ADMIN = caller(11, ("unit_admin", 5))
OTHER_ADMIN = caller(12, ("unit_admin", 6))
OFFICE = caller(1, ("office", None))
RECOMMENDER = caller(13, ("recommender", None))


def test_only_the_owner_reads_a_draft_and_anybody_else_is_told_it_is_missing():
    assert access.readable_draft(OWNER, DRAFT) is DRAFT
    for other in (COLLEAGUE, UNIT_ADMIN, OFFICE):
        with pytest.raises(NotFound) as caught:
            access.readable_draft(other, DRAFT)
        assert caught.value.code == "achievement_not_found"
    with pytest.raises(NotFound):
        access.readable_draft(OWNER, None)


def test_the_owner_changes_a_draft_only_while_it_is_editable():
    assert access.changeable_draft(OWNER, DRAFT) is DRAFT
    for status in ("returned", "withdrawn"):
        access.changeable_draft(OWNER, dataclasses.replace(DRAFT, status=status))
    with pytest.raises(Conflict) as caught:
        access.changeable_draft(OWNER, dataclasses.replace(DRAFT, status="office_review"))
    assert (caught.value.code, caught.value.message) == ("not_editable", "该成果当前状态为“待登记机构审核”，不能修改")
    with pytest.raises(NotFound):
        access.changeable_draft(COLLEAGUE, DRAFT)


@pytest.mark.parametrize("reader, may", [
    (OWNER, True), (UNIT_ADMIN, True), (OFFICE, True),
    (COLLEAGUE, False), (OTHER_ADMIN, False), (RECOMMENDER, False)])
def test_a_snapshot_is_read_by_its_owner_its_units_admins_and_the_office(reader, may):
    assert access.may_read_snapshot(reader, SNAPSHOT) is may
    if may:
        assert access.readable_snapshot(reader, SNAPSHOT) is SNAPSHOT
    else:
        with pytest.raises(Forbidden):
            access.readable_snapshot(reader, SNAPSHOT)


def test_a_snapshot_without_a_unit_is_not_read_by_unit_admins():
    alone = dataclasses.replace(SNAPSHOT, unit_id=None)
    assert not access.may_read_snapshot(UNIT_ADMIN, alone)
    assert access.may_read_snapshot(OFFICE, alone)
    with pytest.raises(NotFound):
        access.readable_snapshot(OFFICE, None)


def test_a_new_draft_belongs_to_a_unit_where_the_caller_registers():
    assert access.unit_of_new_draft(OWNER, None) == 5
    assert access.unit_of_new_draft(caller(20, ("registrant", None)), None) is None
    both = caller(21, ("registrant", 5), ("registrant", 6))
    assert access.unit_of_new_draft(both, 6) == 6
    for who, wanted in ((both, None), (OWNER, 6)):
        with pytest.raises(InvalidInput) as caught:
            access.unit_of_new_draft(who, wanted)
        assert "unit_id" in caught.value.fields


def test_only_registrants_begin_drafts():
    access.require_registrant(OWNER)
    with pytest.raises(Forbidden):
        access.require_registrant(OFFICE)
    with pytest.raises(NotAuthenticated):
        access.require_registrant(Caller())
