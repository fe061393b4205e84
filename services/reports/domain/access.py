"""Who may read the office's statistics, lists and exports: the registration office only.
The public register needs no login and shows only what was consented (register.py)."""
from __future__ import annotations

from services.common.errors import Forbidden
from services.common.identity import OFFICE, Caller


def require_office(caller: Caller) -> Caller:
    caller.require_login()
    if not caller.has(OFFICE):
        raise Forbidden("office_only", "只有登记机构可以查看统计和导出")
    return caller
