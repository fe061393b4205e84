"""The form definitions and code tables, as the pages read them."""
from __future__ import annotations

from services.common.errors import NotFound

from ..domain.codetables import default_tables
from ..domain.definitions import UnknownForm
from . import views


def listing(forms) -> list[dict]:
    return views.form_list(forms)


def definition(forms, form_id) -> dict:
    try:
        return forms.get(form_id).to_dict()
    except UnknownForm:
        raise NotFound("form_not_found", "没有该登记表") from None


def code_table(name) -> dict:
    try:
        return default_tables().get(name).to_dict()
    except KeyError:
        raise NotFound("code_table_not_found", "没有该代码表") from None
