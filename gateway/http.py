"""The gateway's HTTP plumbing on nameko's @http: JSON in and out, errors in one shape,
security headers, a request id, and the route table the OpenAPI document is made from.
"""
from __future__ import annotations

import functools
import json
import re
import socket
import time
import uuid
from dataclasses import dataclass, field

from nameko.web.handlers import HttpRequestHandler
from eventlet import wsgi
from nameko.web.server import HttpOnlyProtocol, WebServer, WsgiApp
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound
from werkzeug.wrappers import Request, Response

from services.common.errors import invalid
from services.common.logs import set_request_id
from services.common.text_rules import problems_in

from .errors import error_body, json_response, response_for
from .metrics import observe_request

REQUEST_ID = re.compile(r"^[A-Za-z0-9\-_.]{8,64}$")
IDEMPOTENCY_KEY = re.compile(r"^[\x21-\x7e]{1,128}$")  # visible ASCII (services/common/commands.py)
IDEMPOTENCY_HEADER = {
    "name": "Idempotency-Key", "in": "header", "required": False,
    "schema": {"type": "string", "pattern": IDEMPOTENCY_KEY.pattern, "maxLength": 128},
    "description": "客户端请求标识：同一标识重试同一请求，只执行一次并得到第一次的结果（保留 24 小时）；"
                   "同一标识用于不同的请求返回 409 idempotency_key_reused。不带时以请求号（X-Request-ID）"
                   "连同请求内容识别重复投递。"}
MAX_ID = 2**31 - 1  # ids are INTEGER columns: a bigger number in a path names nothing

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; object-src 'none'; "
                               "frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
}


class GatewayApp(WsgiApp):
    """nameko's WSGI app, with JSON 404/405 and security headers on every response."""

    def __call__(self, environ, start_response):
        request = Request(environ, shallow=True)
        adapter = self.url_map.bind_to_environ(environ)
        try:
            provider, values = adapter.match()
            request.path_values = values
            response = provider.handle_request(request)
        except NotFound:
            response = json_response(404, error_body("not_found", "请求的地址不存在"))
        except MethodNotAllowed as exc:
            response = json_response(405, error_body("method_not_allowed", "不支持该请求方法"),
                                     headers={"Allow": ", ".join(exc.valid_methods or ())})
        except HTTPException as exc:
            response = json_response(exc.code or 400, error_body("bad_request", "请求格式不正确"))
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response(environ, start_response)


def _shaped_raw_response(status: int, reason: str, code: str, message: str) -> bytes:
    body = json.dumps(error_body(code, message), ensure_ascii=False).encode()
    headers = {"Content-Type": "application/json; charset=utf-8", "Content-Length": str(len(body)),
               "Connection": "close", **SECURITY_HEADERS}
    head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    return f"HTTP/1.1 {status} {reason}\r\n{head}\r\n".encode("latin-1") + body


# What eventlet.wsgi writes itself, before any application runs, when a request line or header
# is too long: the same refusals in the one error shape, with the security headers.
_RAW_REFUSALS = {
    wsgi.RESPONSE_414: _shaped_raw_response(414, "URI Too Long", "uri_too_long",
                                            f"请求地址过长（上限 {wsgi.MAX_REQUEST_LINE} 字节）"),
    b"HTTP/1.0 400 Header Line Too Long\r\nConnection: close\r\nContent-length: 0\r\n\r\n":
        _shaped_raw_response(431, "Request Header Fields Too Large", "header_too_large",
                             f"请求头过长（每行上限 {wsgi.MAX_HEADER_LINE} 字节）"),
    b"HTTP/1.0 400 Headers Too Large\r\nConnection: close\r\nContent-length: 0\r\n\r\n":
        _shaped_raw_response(431, "Request Header Fields Too Large", "header_too_large",
                             f"请求头过大（上限 {wsgi.MAX_TOTAL_HEADER_SIZE} 字节）"),
}


class _ShapingWriter:
    """The connection's writer, with eventlet's own canned refusals replaced."""

    def __init__(self, wfile):
        self._wfile = wfile

    def write(self, data):
        return self._wfile.write(_RAW_REFUSALS.get(bytes(data), data) if len(data) < 200 else data)

    def __getattr__(self, name):
        return getattr(self._wfile, name)


class GatewayProtocol(HttpOnlyProtocol):
    def setup(self):
        super().setup()
        # eventlet writes a response's headers and its body in separate sends: with Nagle's
        # algorithm on, a body that fits in one segment then waits for the client's delayed
        # ACK of the headers (40 ms on Linux). Every response is written whole, so send at once.
        try:
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:   # not a TCP socket
            pass
        self.wfile = _ShapingWriter(self.wfile)


class GatewayServer(WebServer):
    def get_wsgi_app(self):
        return GatewayApp(self)

    def get_wsgi_server(self, sock, wsgi_app, protocol=GatewayProtocol, debug=False):
        return super().get_wsgi_server(sock, wsgi_app, protocol=protocol, debug=debug)


class Route(HttpRequestHandler):
    server = GatewayServer()

    def response_from_exception(self, exc):
        return response_for(exc)


@dataclass
class RouteSpec:
    method: str
    path: str
    summary: str
    tag: str
    auth: str            # "public" | "login"
    body: dict | None    # JSON schema of the request body, if any
    status: int
    response: dict | None = None
    binary: str | None = None  # content type of a non-JSON response
    upload: dict | None = None  # schema of a multipart/form-data body
    params: dict = field(default_factory=dict)  # query parameters: name -> JSON schema
    command: bool = False  # changes something: runs once per Idempotency-Key / request id


ROUTES: list[RouteSpec] = []


@dataclass
class Call:
    """What a route handler receives besides its path values."""
    request: Request
    body: dict
    caller: dict | None = None
    token: str | None = None
    csrf_hash: str | None = None
    set_cookies: list = field(default_factory=list)
    delete_cookies: list = field(default_factory=list)

    def query(self, name, default=None):
        return self.request.args.get(name, default)


MAX_BODY_BYTES = 256 * 1024   # a JSON body, unless its route allows more (uploads have their own path)
MAX_JSON_DEPTH = 32           # the deepest real body (a section's table rows) is 4 levels


def _read_body(request: Request, limit: int) -> bytes:
    """The body, refused with 413 before it is read when it is larger than the route allows."""
    if request.content_length is not None and request.content_length > limit:
        raise _too_large(limit)
    raw = request.stream.read(limit + 1)  # no Content-Length (chunked): read one byte past
    if len(raw) > limit:
        raise _too_large(limit)
    return raw


def _too_large(limit: int) -> "_HttpError":
    return _HttpError(413, "body_too_large", f"请求体超过 {limit // 1024} KB 的上限")


def _depth_within(value, limit: int) -> bool:
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            if depth > limit:
                return False
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return True


_TOO_DEEP = object()


def _read_json(request: Request, limit: int = MAX_BODY_BYTES) -> dict:
    raw = _read_body(request, limit)
    if not raw:
        return {}
    if not (request.mimetype or "").endswith("json"):
        raise _HttpError(415, "unsupported_media_type", "请求体应为 JSON（Content-Type: application/json）")
    try:
        value = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise _HttpError(400, "malformed_json", "请求体不是合法的 JSON") from None
    except RecursionError:
        value = _TOO_DEEP
    if value is _TOO_DEEP or not _depth_within(value, MAX_JSON_DEPTH):
        raise _HttpError(400, "json_too_deep", f"请求体嵌套超过 {MAX_JSON_DEPTH} 层")
    if not isinstance(value, dict):
        raise _HttpError(400, "malformed_json", "请求体应为 JSON 对象")
    _refuse_bad_text(value)
    return value


def _refuse_bad_text(value) -> None:
    problems = problems_in(value)
    if problems:
        raise invalid(problems, "内容含有不允许的字符", code="invalid_text")


def idempotency_key(request: Request, fallback=None) -> str | None:
    """The client's Idempotency-Key (or, on submit, the body's older `request_id`), if any."""
    key = request.headers.get("Idempotency-Key")
    if key is None:
        key = fallback if isinstance(fallback, str) and fallback else None
    if key is not None and not IDEMPOTENCY_KEY.match(key):
        raise invalid({"Idempotency-Key": "请求标识应为 1–128 个可见 ASCII 字符"},
                      "请求标识（Idempotency-Key）格式不正确", code="invalid_idempotency_key")
    return key


def _check_request_text(request: Request, values: dict) -> None:
    """Query parameters and path values follow the same text rules as bodies."""
    query = {k: (v[0] if len(v) == 1 else v) for k, v in request.args.to_dict(flat=False).items()}
    _refuse_bad_text({**values, **query})


class _HttpError(Exception):
    def __init__(self, status, code, message):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message

    def response(self):
        return json_response(self.status, error_body(self.code, self.message))


def api(method: str, path: str, summary: str, *, tag: str, auth: str = "login",
        body: dict | None = None, status: int = 200, response: dict | None = None,
        binary: str | None = None, params: dict | None = None, upload: dict | None = None,
        max_body: int = MAX_BODY_BYTES, command: bool = False):
    """Declare a JSON API route; the handler gets (self, call, **path_values) and returns
    the payload (dict/list) or a werkzeug Response. A JSON body over `max_body` bytes is
    refused with 413 before it is read (and never reaches a service). A `command` route passes
    the client's Idempotency-Key on to the services (docs/architecture.md, "Commands run once")."""
    spec = RouteSpec(method, path, summary, tag, auth, body, status, response=response,
                     binary=binary, params=params or {}, upload=upload, command=command)
    ROUTES.append(spec)

    def decorate(handler):
        @functools.wraps(handler)
        def entry(self, request, **values):
            started = time.perf_counter()
            request_id = request.headers.get("X-Request-ID", "")
            if not REQUEST_ID.match(request_id):
                request_id = uuid.uuid4().hex
            self.request_context.set(request_id)
            set_request_id(request_id)
            try:
                _check_request_text(request, values)
                if command:
                    self.request_context.set(request_id, idempotency_key(request))
                call = Call(request=request, body=_read_json(request, max_body) if body else {})
                if auth == "login":
                    self.authenticate(call)
                if any(isinstance(v, int) and v > MAX_ID for v in values.values()):
                    raise _HttpError(404, "not_found", "请求的内容不存在")
                result = handler(self, call, **values)
                response = result if isinstance(result, Response) else json_response(status, result)
                for args, kwargs in call.set_cookies:
                    response.set_cookie(*args, **kwargs)
                for args, kwargs in call.delete_cookies:
                    response.delete_cookie(*args, **kwargs)
            except _HttpError as exc:
                response = exc.response()
            except Exception as exc:  # noqa: BLE001 - every error leaves in the one shape
                response = response_for(exc)
                if response.status_code >= 500:
                    self.log_failure(request, exc)
            response.headers["X-Request-ID"] = request_id
            observe_request(path, method, response.status_code, time.perf_counter() - started)
            return response
        return Route.decorator(method, path)(entry)
    return decorate
