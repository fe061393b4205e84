"""The gateway reads JSON bodies within limits: size (413 before reading) and depth (400),
whatever the body holds, in the one error shape."""
from __future__ import annotations

import json

import pytest
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from services.common.errors import InvalidInput
from gateway.http import MAX_BODY_BYTES, MAX_JSON_DEPTH, _HttpError, _read_json


def request(body: bytes, content_type="application/json", chunked=False) -> Request:
    headers = {"Transfer-Encoding": "chunked"} if chunked else {}
    environ = EnvironBuilder(method="POST", data=body, content_type=content_type,
                             headers=headers).get_environ()
    if chunked:
        environ.pop("CONTENT_LENGTH", None)
        environ["wsgi.input_terminated"] = True  # as eventlet.wsgi says of a chunked body
    return Request(environ)


def refused(req, limit=MAX_BODY_BYTES) -> _HttpError:
    with pytest.raises(_HttpError) as caught:
        _read_json(req, limit)
    return caught.value


def refused_text(req) -> InvalidInput:
    """Refused text is a field error (400 in the gateway's table)."""
    with pytest.raises(InvalidInput) as caught:
        _read_json(req)
    return caught.value


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 1_000, 5_000, 100_000])
def test_nesting_past_the_limit_is_400_at_any_depth(depth):
    body = ('{"a":' * depth + "1" + "}" * depth).encode()
    error = refused(request(body), limit=len(body) + 1)
    assert (error.status, error.code) == (400, "json_too_deep")


def test_lists_nested_past_the_limit_are_refused_too():
    depth = 3_000
    error = refused(request(b"{\"x\":" + b"[" * depth + b"]" * depth + b"}"), limit=10**6)
    assert error.code == "json_too_deep"


def test_a_body_at_the_depth_limit_is_read():
    depth = MAX_JSON_DEPTH - 1
    body = ('{"a":' * depth + "1" + "}" * depth).encode()
    assert _read_json(request(body))["a"]


def test_a_body_over_the_limit_is_413_before_it_is_read():
    req = request(b"{\"a\": \"" + b"x" * (MAX_BODY_BYTES + 10) + b"\"}")
    error = refused(req)
    assert (error.status, error.code) == (413, "body_too_large")
    assert req.stream.read(1) != b""   # nothing was read: refused by Content-Length


def test_a_chunked_body_over_the_limit_is_413_after_limit_bytes():
    error = refused(request(b"{\"a\": \"" + b"x" * 5000 + b"\"}", chunked=True), limit=1000)
    assert error.status == 413


def test_other_bodies_keep_their_answers():
    assert _read_json(request(b"")) == {}
    assert refused(request(b"{", )).code == "malformed_json"
    assert refused(request(b"[1]")).code == "malformed_json"
    assert refused(request(b"null")).code == "malformed_json"
    assert refused(request(b"{}", content_type="text/plain")).status == 415
    assert _read_json(request(json.dumps({"标题": "马铃薯"}).encode())) == {"标题": "马铃薯"}


@pytest.mark.parametrize("text, message", [
    ("标题\x00", "空字符"), ("\ud800马铃薯", "代理项"), ("a\x1bb", "控制字符"), ("a\x7f", "控制字符")])
def test_refused_text_anywhere_in_a_body_names_its_field(text, message):
    body = json.dumps({"sections": {"basic": {"title": text, "ok": "行\n二\t\r"}}}).encode()
    error = refused_text(request(body))
    assert error.code == "invalid_text"
    assert message in error.fields["sections.basic.title"]
    assert list(error.fields) == ["sections.basic.title"]


def test_refused_text_in_a_key_or_a_list_is_found_too():
    error = refused_text(request(json.dumps({"rows": [{"ok": 1}, {"名\x00": 1}]}).encode()))
    assert list(error.fields) == ["rows[1]"]
