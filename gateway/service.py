"""The HTTP gateway: the JSON API and the web pages in front of the services.

It keeps nothing persistent: it authenticates each request through `accounts` (remembering
the answer for a few seconds, gateway/sessions.py), passes the caller's identity with every
RPC, and maps errors to HTTP in one table (gateway/errors.py).
"""
from __future__ import annotations

import logging

from nameko.dependency_providers import Config
from nameko.events import BROADCAST, event_handler
from werkzeug.wrappers import Response

from services.common.flags import flag
from services.common.rpc import TimedRpcProxy
from services.common.providers import FileStore

from .auth import client_address, resolve
from .errors import json_response, register_remote_errors
from .http import api
from .metrics import exposition, observe_rpc, record_service
from .openapi import document
from .request_context import RequestContext
from .sessions import SessionCacheProvider
from .routes.accounts import AccountRoutes
from .routes.certificates import CertificateRoutes
from .routes.registration import RegistrationRoutes
from .routes.reminders import ReminderRoutes
from .routes.reports import ReportRoutes
from .routes.system import SystemRoutes
from .routes.review import ReviewRoutes
from .web.pages import PageRoutes

log = logging.getLogger(__name__)
SERVICES = ("accounts", "registration", "review", "certificates", "reports")
register_remote_errors()


class Gateway(AccountRoutes, RegistrationRoutes, ReviewRoutes, CertificateRoutes, ReportRoutes,
              ReminderRoutes, SystemRoutes, PageRoutes):
    name = "gateway"

    config = Config()
    request_context = RequestContext()
    # publisher confirms on RPC requests as RPC_CONFIRMS says (services/common/rpc.py: why
    # they may be off)
    accounts = TimedRpcProxy("accounts", observe=observe_rpc, confirms_config_key="RPC_CONFIRMS")
    registration = TimedRpcProxy("registration", observe=observe_rpc,
                                 confirms_config_key="RPC_CONFIRMS")
    certificates = TimedRpcProxy("certificates", observe=observe_rpc,
                                 confirms_config_key="RPC_CONFIRMS")
    review = TimedRpcProxy("review", observe=observe_rpc, confirms_config_key="RPC_CONFIRMS")
    reports = TimedRpcProxy("reports", observe=observe_rpc, confirms_config_key="RPC_CONFIRMS")
    files = FileStore()
    session_cache = SessionCacheProvider()

    def authenticate(self, call) -> None:
        resolve(self.accounts, call, self.session_cache)

    # Every gateway process hears these on a queue of its own (BROADCAST; nothing to keep
    # across a restart, when the cache starts empty).
    @event_handler("accounts", "sessions_revoked", handler_type=BROADCAST, reliable_delivery=False)
    def on_sessions_revoked(self, event):
        self.session_cache.forget_tokens(((event or {}).get("data") or {}).get("token_hashes"))

    @event_handler("accounts", "role_granted", handler_type=BROADCAST, reliable_delivery=False)
    def on_role_granted(self, event):
        self.session_cache.forget_user(((event or {}).get("data") or {}).get("user_id"))

    @event_handler("accounts", "role_disabled", handler_type=BROADCAST, reliable_delivery=False)
    def on_role_disabled(self, event):
        self.session_cache.forget_user(((event or {}).get("data") or {}).get("user_id"))

    @event_handler("accounts", "role_enabled", handler_type=BROADCAST, reliable_delivery=False)
    def on_role_enabled(self, event):
        self.session_cache.forget_user(((event or {}).get("data") or {}).get("user_id"))

    @event_handler("accounts", "unit_disabled", handler_type=BROADCAST, reliable_delivery=False)
    def on_unit_disabled(self, event):
        for user_id in ((event or {}).get("data") or {}).get("user_ids") or ():
            self.session_cache.forget_user(user_id)

    @event_handler("accounts", "unit_enabled", handler_type=BROADCAST, reliable_delivery=False)
    def on_unit_enabled(self, event):
        for user_id in ((event or {}).get("data") or {}).get("user_ids") or ():
            self.session_cache.forget_user(user_id)

    def public_url(self) -> str:
        return str(self.config.get("PUBLIC_URL") or "http://127.0.0.1:8000").rstrip("/")

    def cookie_secure(self) -> bool:
        return flag(self.config.get("COOKIE_SECURE"))

    def client(self, call) -> dict:
        """Who is asking, for the accounts service's rate limits: the client address."""
        trust = flag(self.config.get("TRUST_FORWARDED_FOR"))
        return {"ip": client_address(call.request, trust)}

    def log_failure(self, request, exc) -> None:
        log.error("request failed: %s %s", request.method, request.path, exc_info=exc)

    @api("GET", "/api/v1/openapi.json", "本 API 的 OpenAPI 文档", tag="系统", auth="public")
    def openapi(self, call):
        return document()

    @api("GET", "/healthz", "存活检查", tag="系统", auth="public")
    def healthz(self, call):
        return {"status": "ok"}

    @api("GET", "/api/v1/ping", "往返检查：网关 → accounts 服务 → 网关（不访问数据库）", tag="系统",
         auth="public")
    def ping(self, call):
        return {"reply": self.accounts.ping()}

    @api("GET", "/metrics", "Prometheus 指标（请求、RPC 耗时、各服务待发布事件、死信、待发邮件）",
         tag="系统", auth="public", binary="text/plain")
    def metrics(self, call):
        for name in SERVICES:
            try:
                record_service(name, getattr(self, name).with_timeout(3).metrics())
            except Exception:  # noqa: BLE001 - a service that does not answer is reported down
                record_service(name, None)
        body, content_type = exposition()
        return Response(body, content_type=content_type)

    @api("GET", "/readyz", "就绪检查（消息队列、各服务及其数据库）", tag="系统", auth="public")
    def readyz(self, call):
        checks = {}
        for name in SERVICES:
            try:
                getattr(self, name).with_timeout(3).health()
                checks[name] = "ok"
            except Exception as exc:  # noqa: BLE001 - any failure means not ready
                checks[name] = type(exc).__name__
        ready = all(v == "ok" for v in checks.values())
        return json_response(200 if ready else 503, {"ready": ready, "checks": checks})
