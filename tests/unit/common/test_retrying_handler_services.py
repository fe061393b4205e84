"""Every event handler of the services is the project's (retries, then dead letters), with
the queue name, routing and pooling nameko would give it, so existing queues keep working."""
import importlib

import pytest
from nameko.events import SERVICE_POOL

from services.common.retrying_handler import EventHandler

SERVICES = {
    "accounts": "services.accounts.service:AccountsService",
    "registration": "services.registration.service:RegistrationService",
    "review": "services.review.service:ReviewService",
    "certificates": "services.certificates.service:CertificatesService",
    "reports": "services.reports.service:ReportsService",
}


def _service_class(path):
    module, name = path.split(":")
    return getattr(importlib.import_module(module), name)


def _event_entrypoints(cls):
    found = []
    for name in dir(cls):
        for entrypoint in getattr(getattr(cls, name), "nameko_entrypoints", ()):
            if entrypoint.__class__.__name__ == "EventHandler":
                found.append((name, entrypoint))
    return found


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_every_event_handler_of_the_service_retries_and_parks(service):
    found = _event_entrypoints(_service_class(SERVICES[service]))
    assert found, f"{service} handles no events?"
    for method, entrypoint in found:
        assert isinstance(entrypoint, EventHandler), f"{service}.{method} uses nameko's handler"
        assert entrypoint.handler_type == SERVICE_POOL and entrypoint.reliable_delivery
        assert not entrypoint.requeue_on_error


def test_the_queue_is_named_as_nameko_names_it():
    from nameko.containers import ServiceContainer
    cls = _service_class(SERVICES["review"])
    container = ServiceContainer(cls, {"AMQP_URI": "memory://", "DB_URL": "sqlite://"})
    handler = next(e for e in container.entrypoints if isinstance(e, EventHandler))
    handler.setup()
    assert handler.queue.name == "evt-registration-submitted--review.on_submitted"
    assert handler.queue.routing_key == "submitted" and handler.queue.durable
    assert handler.queue.exchange.name == "registration.events"
    assert handler.dead_letters.name == "review.dead-letters"
    assert handler.policy.max_attempts >= 1
