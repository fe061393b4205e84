"""What eventlet's HTTP server refuses before the gateway's application runs (a request line
or a header too long) is answered in the one error shape, with the security headers."""
from __future__ import annotations

import json
import socket

import eventlet
import pytest
from eventlet import wsgi

from gateway.http import GatewayProtocol


@pytest.fixture
def server():
    listener = eventlet.listen(("127.0.0.1", 0))

    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]

    thread = eventlet.spawn(wsgi.server, listener, app, protocol=GatewayProtocol,
                            log_output=False)
    yield listener.getsockname()[1]
    thread.kill()
    listener.close()


def ask(port: int, request: bytes) -> tuple[str, dict, bytes]:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(request)
        data = b""
        while chunk := conn.recv(65536):
            data += chunk
            if b"\r\n\r\n" in data and b"Connection: close" not in data and data.endswith(b"ok"):
                break
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return lines[0], headers, body


@pytest.mark.parametrize("request_bytes, status, code", [
    (b"GET /?q=" + b"x" * 9000 + b" HTTP/1.1\r\nHost: a\r\n\r\n", "414", "uri_too_long"),
    (b"GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + b"x" * 9000 + b"\r\n\r\n", "431", "header_too_large"),
    (b"GET / HTTP/1.1\r\nHost: a\r\n" + b"".join(b"X-%d: %s\r\n" % (i, b"y" * 4000) for i in range(20))
     + b"\r\n", "431", "header_too_large"),
])
def test_refusals_before_the_application_are_in_the_error_shape(server, request_bytes, status, code):
    status_line, headers, body = ask(server, request_bytes)
    assert status_line.split()[1] == status
    assert headers["X-Content-Type-Options"] == "nosniff"
    error = json.loads(body)["error"]
    assert error["code"] == code and error["message"]


def test_ordinary_requests_pass_untouched(server):
    status_line, _, body = ask(server, b"GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
    assert status_line.split()[1] == "200" and body == b"ok"
