"""The HTTP gateway: the JSON API and the web pages in front of the services.

It keeps nothing: it authenticates each request through `accounts`, passes the caller's
identity with every RPC, and maps errors to HTTP in one table (gateway/errors.py).
"""
from __future__ import annotations

import logging

from nameko.dependency_providers import Config
from werkzeug.wrappers import Response

from services.common.rpc import TimedRpcProxy
from services.common.stores import FileStore

from .auth import RequestContext, resolve
from .errors import json_response, register_remote_errors
from .http import api
from .metrics import exposition, observe_rpc, record_service
from .openapi import document
from .routes.accounts import AccountRoutes
from .routes.certificates import CertificateRoutes
from .routes.registration import RegistrationRoutes
from .routes.review import ReviewRoutes
from .web.pages import PageRoutes

log = logging.getLogger(__name__)
SERVICES = ("accounts", "registration", "review", "certificates")
register_remote_errors()


class Gateway(AccountRoutes, RegistrationRoutes, ReviewRoutes, CertificateRoutes, PageRoutes):
    name = "gateway"

    config = Config()
    request_context = RequestContext()
    accounts = TimedRpcProxy("accounts", observe=observe_rpc, use_confirms=True)
    registration = TimedRpcProxy("registration", observe=observe_rpc, use_confirms=True)
    certificates = TimedRpcProxy("certificates", observe=observe_rpc, use_confirms=True)
    review = TimedRpcProxy("review", observe=observe_rpc, use_confirms=True)
    files = FileStore()

    def authenticate(self, call) -> None:
        resolve(self.accounts, call)

    def cookie_secure(self) -> bool:
        return str(self.config.get("COOKIE_SECURE", "false")).lower() == "true"

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
