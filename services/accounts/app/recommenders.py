"""The 推荐单位 account a registration form's 推荐单位 names, for the review service (which opens
the case with it: docs/architecture.md, "推荐单位")."""
from __future__ import annotations

from ..domain.recommenders import named
from . import store


def recommender_named(uow, text) -> dict | None:
    """{"user_id", "name"} of the one 推荐单位 account in force that `text` names, or None."""
    accounts = store.recommenders_in_force(uow.session)
    user_id = named(text, accounts)
    return None if user_id is None else {"user_id": user_id, "name": dict(accounts)[user_id]}
