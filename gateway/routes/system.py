"""系统状态 for the system administrator (and the office): each service answering or not, its
events waiting to be published (outbox), its dead letters and, for accounts, the mail waiting or
failed — what /readyz and /metrics tell an operator's tools, in one answer a page can show."""
from __future__ import annotations

import eventlet

from services.common.errors import Forbidden, NotAuthenticated

from ..http import api

SERVICES = ("accounts", "registration", "review", "certificates", "reports")
LABELS = {"accounts": "账号与单位", "registration": "成果登记", "review": "审核",
          "certificates": "证书", "reports": "统计与公开目录"}
WATCHERS = {"sysadmin", "office"}


class SystemRoutes:
    @api("GET", "/api/v1/system/status", "系统状态：各服务是否可用、待发布事件、死信、待发邮件（系统管理员、登记机构）",
         tag="系统")
    def system_status(self, call):
        if not call.caller:
            raise NotAuthenticated()
        if not WATCHERS & {g["role"] for g in call.caller.get("grants", ())}:
            raise Forbidden()

        def one(name):
            try:
                gauges = getattr(self, name).with_timeout(3).metrics()
                return {"service": name, "label": LABELS[name], "up": True, "gauges": gauges}
            except Exception as exc:  # noqa: BLE001 - a service that does not answer is shown down
                return {"service": name, "label": LABELS[name], "up": False, "error": type(exc).__name__,
                        "gauges": {}}

        pool = eventlet.GreenPool(len(SERVICES))
        services = list(pool.imap(one, SERVICES))
        return {"all_up": all(s["up"] for s in services), "services": services}
