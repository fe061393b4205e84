"""Who may do what in accounts (domain/access.py): the office decides on units, a unit's
admin assigns its registrants, anyone with a role at a unit sees it."""
import pytest

from services.accounts.domain import access
from services.common.errors import Forbidden, NotAuthenticated
from services.common.identity import ANONYMOUS, Caller, Grant

OFFICE = Caller(1, grants=(Grant("office"),))
ADMIN_OF_7 = Caller(2, grants=(Grant("unit_admin", 7),))
REGISTRANT_OF_7 = Caller(3, grants=(Grant("registrant", 7),))
REGISTRANT_WITHOUT_UNIT = Caller(4, grants=(Grant("registrant"),))


CALLERS = (OFFICE, ADMIN_OF_7, REGISTRANT_OF_7, REGISTRANT_WITHOUT_UNIT)
# rule → who it lets act on unit 7 (nobody else, and nobody at all on unit 8 but the office)
ALLOWED_AT_7 = {
    access.require_unit_reader: (OFFICE, ADMIN_OF_7, REGISTRANT_OF_7),
    access.require_registrant_lister: (OFFICE, ADMIN_OF_7),
    access.require_unit_admin: (ADMIN_OF_7,),
}


@pytest.mark.parametrize("rule", ALLOWED_AT_7, ids=lambda rule: rule.__name__)
@pytest.mark.parametrize("unit_id", [7, 8])
def test_unit_rules(rule, unit_id):
    for caller in CALLERS:
        if caller in ALLOWED_AT_7[rule] and (unit_id == 7 or caller is OFFICE):
            assert rule(caller, unit_id) is caller
        else:
            with pytest.raises(Forbidden):
                rule(caller, unit_id)


def test_only_the_office_decides_on_units_and_nobody_is_asked_to_log_in_first():
    assert access.require_office(OFFICE) is OFFICE
    for caller in (ADMIN_OF_7, REGISTRANT_OF_7):
        with pytest.raises(Forbidden):
            access.require_office(caller)
    for rule in (access.require_unit_reader, access.require_registrant_lister,
                 access.require_unit_admin):
        with pytest.raises(NotAuthenticated):
            rule(ANONYMOUS, 7)
    with pytest.raises(NotAuthenticated):
        access.require_office(ANONYMOUS)
