"""Which 推荐单位 account the registration form's free-text 推荐单位 names.

The registrant types the name (兰州市科学技术局); the office gave the 推荐单位 account its name
when it made it (账号管理). They are the same name when they are equal after Unicode NFKC
(full-width letters, digits and brackets become their plain forms) with every kind of white
space removed. Only an account in force counts: the 推荐单位 role held system-wide and not
停用, the account not 停用. Exactly one such account must carry the name: two with one name
name neither (the office is to rename one), and the unit-scope rule (推荐范围) applies.
"""
from __future__ import annotations

import unicodedata
from typing import Iterable


def name_key(text) -> str:
    """The form of a name that is compared: NFKC, no white space."""
    if not isinstance(text, str):
        return ""
    return "".join(unicodedata.normalize("NFKC", text).split())


def named(text, recommenders: Iterable[tuple[int, str]]) -> int | None:
    """The id of the one 推荐单位 account in force (`recommenders`: id, name) that `text`
    names, or None: blank text, no such name, or more than one account with it."""
    key = name_key(text)
    if not key:
        return None
    found = {user_id for user_id, name in recommenders if name_key(name) == key}
    return found.pop() if len(found) == 1 else None
