"""工作提醒: the header's count and the list behind it. Three services know what waits for a
person (review: cases to review, returned, refused, objections; certificates: certificates to
print; accounts: units to approve, unit changes to decide, registrants not activated); the gateway asks them at once
and adds up. Each service counts and lists from one query, so a count and its list agree."""
from __future__ import annotations

import eventlet

from services.common.errors import invalid

from ..http import api

TAG = "登录"
OWNER_OF = {"to_review": "review", "returned": "review", "refused": "review", "objections": "review",
            "to_print": "certificates", "units_pending": "accounts", "unit_changes_pending": "accounts",
            "not_activated": "accounts"}
SOURCES = ("review", "certificates", "accounts")
PAGE = {"page": {"type": "integer"}, "page_size": {"type": "integer"}}


class ReminderRoutes:
    @api("GET", "/api/v1/reminders", "工作提醒：各类待办及条数（当前有: (N)条工作提醒）", tag=TAG)
    def reminders(self, call):
        pool = eventlet.GreenPool(len(SOURCES))
        answers = list(pool.imap(lambda name: getattr(self, name).reminders(call.caller), SOURCES))
        kinds = [kind for answer in answers for kind in answer["kinds"]]
        return {"total": sum(k["count"] for k in kinds), "kinds": [k for k in kinds if k["count"]],
                **{k: 0 for k in OWNER_OF}, **{k["kind"]: k["count"] for k in kinds}}

    @api("GET", "/api/v1/reminders/<kind>", "一类工作提醒的清单（分页），每条附办理链接", tag=TAG,
         params=PAGE)
    def reminder_items(self, call, kind):
        owner = OWNER_OF.get(kind)
        if owner is None:
            raise invalid({"kind": "没有这一类工作提醒"})
        return getattr(self, owner).reminder_items(call.caller, kind, call.query("page") or 1,
                                                   call.query("page_size") or 20)
