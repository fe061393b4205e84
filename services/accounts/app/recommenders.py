"""The 推荐单位 account a registration form's 推荐单位 names, for the review service (which opens
the case with it: docs/architecture.md, "推荐单位")."""
from __future__ import annotations

from services.common.identity import Caller

from ..domain.recommenders import named
from . import store


def recommender_named(uow, text) -> dict | None:
    """{"user_id", "name"} of the one 推荐单位 account in force that `text` names, or None."""
    accounts = store.recommenders_in_force(uow.session)
    user_id = named(text, accounts)
    return None if user_id is None else {"user_id": user_id, "name": dict(accounts)[user_id]}


def recommenders_of_unit(uow, caller: Caller, unit_id) -> dict:
    """The names of the 推荐单位 whose 推荐范围 holds the unit (grants in force), for the case
    page's 推荐单位 line: which organisations recommend for a unit is no secret of anyone's."""
    caller.require_login()
    if not isinstance(unit_id, int) or isinstance(unit_id, bool):
        return {"names": []}
    return {"names": store.names_in_force(uow.session, store.reviewer_ids(uow.session, "recommender", unit_id))}
