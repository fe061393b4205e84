"""The gateway's promises to HTTP clients: a true OpenAPI document, one error shape,
a request id that follows the request into the services, and quick answers when a
service is down."""
import re
import time

import pytest
import requests
from openapi_spec_validator import validate

import gateway.service  # noqa: F401 - declares every route
from gateway.http import ROUTES
from gateway.openapi import openapi_path

pytestmark = pytest.mark.e2e


def test_the_openapi_document_is_valid_and_lists_every_route(system):
    document = requests.get(system.url + "/api/v1/openapi.json", timeout=10).json()
    validate(document)
    served = {(path, method) for path, ops in document["paths"].items() for method in ops}
    assert served == {(openapi_path(r.path), r.method.lower()) for r in ROUTES}
    for path, ops in document["paths"].items():
        concrete = re.sub(r"\{[^}]+\}", "1", path)
        for method in ops:
            response = requests.request(method.upper(), system.url + concrete, json={}, timeout=10)
            assert response.status_code not in (404, 405) or "error" in response.json(), (method, path)
            assert response.status_code < 500, (method, path, response.text)
            if response.status_code >= 400:
                error = response.json()["error"]
                assert error["code"] and error["message"], (method, path)


def test_every_error_has_one_shape_and_security_headers(system):
    for method, path, body, headers, status in [
        ("GET", "/nowhere", None, {}, 404),
        ("DELETE", "/api/v1/units", None, {}, 405),
        ("POST", "/api/v1/units", "{not json", {"Content-Type": "application/json"}, 400),
        ("POST", "/api/v1/units", "a=b", {"Content-Type": "application/x-www-form-urlencoded"}, 415),
        ("POST", "/api/v1/units", "[1, 2]", {"Content-Type": "application/json"}, 400),
        ("GET", "/api/v1/me", None, {"Authorization": "Bearer forged"}, 401),
    ]:
        response = requests.request(method, system.url + path, data=body, headers=headers, timeout=10)
        assert response.status_code == status, (path, response.text)
        assert set(response.json()) == {"error"} and response.json()["error"]["message"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_the_request_id_travels_from_the_gateway_into_the_service_logs(system):
    request_id = "trace-" + str(int(time.time() * 1000))
    response = requests.post(system.url + "/api/v1/units", json={"name": "x"},
                             headers={"X-Request-ID": request_id}, timeout=10)
    assert response.headers["X-Request-ID"] == request_id
    deadline = time.time() + 5
    while request_id not in open(system.programs["accounts"].log).read():
        assert time.time() < deadline, "request id not in the accounts log"
        time.sleep(0.1)


def test_a_stopped_service_gets_a_quick_503_and_a_hung_one_a_504(system):
    import signal

    from tests.support.client import signed_up_registrant
    registrant = signed_up_registrant(system)
    assert registrant.get("/api/v1/achievements").status_code == 200
    system.stop("registration")
    try:
        time.sleep(1.1)  # the gateway re-checks a service's consumers at most once a second
        down = registrant.get("/api/v1/achievements")
        assert down.status_code == 503 and down.json()["error"]["code"] == "service_unavailable"
        ready = requests.get(system.url + "/readyz", timeout=10)
        assert ready.status_code == 503 and ready.json()["checks"]["registration"] != "ok"
    finally:
        system.start("registration")
    assert registrant.get("/api/v1/achievements").status_code == 200

    process = system.programs["registration"].process
    process.send_signal(signal.SIGSTOP)  # alive for the broker, answering nothing
    try:
        hung = registrant.get("/api/v1/achievements")
        assert hung.status_code == 504 and hung.json()["error"]["code"] == "service_timeout"
    finally:
        process.send_signal(signal.SIGCONT)


def test_metrics_for_prometheus_cover_requests_rpcs_and_each_services_backlogs(system):
    requests.get(system.url + "/api/v1/agreement", timeout=10)
    body = requests.get(system.url + "/metrics", timeout=10)
    assert body.status_code == 200 and body.headers["Content-Type"].startswith("text/plain")
    text = body.text
    assert 'kj_http_requests_total{method="GET",route="/api/v1/agreement",status="200"}' in text
    assert 'kj_rpc_seconds_count{method="current_agreement",service="accounts"}' in text
    for service in ("accounts", "registration", "review", "certificates"):
        assert f'kj_service_gauge{{name="up",service="{service}"}} 1.0' in text
        assert f'kj_service_gauge{{name="outbox_backlog",service="{service}"}}' in text
        assert f'kj_service_gauge{{name="dead_letters",service="{service}"}}' in text
    assert 'kj_service_gauge{name="emails_pending",service="accounts"}' in text
