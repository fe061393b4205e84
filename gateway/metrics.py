"""Prometheus metrics of the gateway (`GET /metrics`): requests and their latency by route,
RPC latency by service and method, and, read from each service at scrape time, its outbox
backlog, dead letters and (accounts) the mail waiting to go out."""
from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

REGISTRY = CollectorRegistry()
REQUESTS = Counter("kj_http_requests", "HTTP requests answered by the gateway",
                   ["route", "method", "status"], registry=REGISTRY)
REQUEST_SECONDS = Histogram("kj_http_request_seconds", "Time to answer an HTTP request",
                            ["route", "method"], registry=REGISTRY,
                            buckets=(.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10))
RPC_SECONDS = Histogram("kj_rpc_seconds", "Gateway → service RPC round trips",
                        ["service", "method"], registry=REGISTRY,
                        buckets=(.002, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10))
SERVICE_GAUGE = Gauge("kj_service_gauge", "Gauges each service reports at scrape time "
                      "(outbox_backlog, dead_letters, emails_pending, emails_failed, up)",
                      ["service", "name"], registry=REGISTRY)


def observe_request(route: str, method: str, status: int, seconds: float) -> None:
    REQUESTS.labels(route, method, str(status)).inc()
    REQUEST_SECONDS.labels(route, method).observe(seconds)


def observe_rpc(service: str, method: str, seconds: float) -> None:
    RPC_SECONDS.labels(service, method).observe(seconds)


def record_service(service: str, gauges: dict | None) -> None:
    SERVICE_GAUGE.labels(service, "up").set(1 if gauges is not None else 0)
    for name, value in (gauges or {}).items():
        SERVICE_GAUGE.labels(service, name).set(value)


def exposition() -> tuple[bytes, str]:
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
