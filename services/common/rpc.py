"""RPC to another service with a timeout on every call, and a quick answer when it is down.

nameko's RpcProxy waits for a reply forever; the gateway and the services calling each other
must not. A late reply to a timed-out call is dropped by the reply listener.

A stopped service keeps its durable `rpc-<service>` queue, so a call to it would sit there
until the timeout. Before calling, the proxy asks the broker (at most once a second per
service and process) whether anybody consumes that queue; if nobody does, the call fails at
once with UnknownService (the gateway answers 503) instead of waiting.
"""
from __future__ import annotations

import time

import eventlet
from eventlet.semaphore import Semaphore
from kombu import Connection
from nameko.constants import AMQP_URI_CONFIG_KEY
from nameko.exceptions import UnknownService
from nameko.rpc import RpcProxy

CHECK_EVERY_SECONDS = 1.0


class RpcTimeout(Exception):
    """The other service did not answer within the timeout (the gateway answers 504)."""


class Availability:
    """Whether a service has at least one running instance, from its RPC queue's consumers."""

    def __init__(self, amqp_uri: str):
        self.amqp_uri = amqp_uri
        self.seen: dict[str, tuple[float, bool]] = {}
        self.lock = Semaphore()
        self.connection = None

    def up(self, service: str) -> bool:
        checked_at, answer = self.seen.get(service, (0.0, True))
        if time.monotonic() - checked_at < CHECK_EVERY_SECONDS:
            return answer
        with self.lock:
            checked_at, answer = self.seen.get(service, (0.0, True))
            if time.monotonic() - checked_at >= CHECK_EVERY_SECONDS:
                answer = self._consumers(service) > 0
                self.seen[service] = (time.monotonic(), answer)
        return answer

    def _consumers(self, service: str) -> int:
        try:
            if self.connection is None:
                self.connection = Connection(self.amqp_uri, connect_timeout=2)
            channel = self.connection.channel()
            try:
                return channel.queue_declare(queue=f"rpc-{service}", passive=True).consumer_count
            finally:
                channel.close()
        except Exception:  # noqa: BLE001 - no queue (never started) or broker trouble
            if self.connection is not None:
                self.connection.release()
                self.connection = None
            return 0


_availability: dict[str, Availability] = {}


class TimedRpcProxy(RpcProxy):
    def __init__(self, target_service: str, timeout_config_key: str = "RPC_TIMEOUT_SECONDS",
                 observe=None, **options):
        """`observe(service, method, seconds)` is told the duration of every call."""
        super().__init__(target_service, **options)
        self.timeout_config_key = timeout_config_key
        self.observe = observe

    def setup(self):
        super().setup()
        uri = self.container.config[AMQP_URI_CONFIG_KEY]
        self.availability = _availability.setdefault(uri, Availability(uri))

    def get_dependency(self, worker_ctx):
        timeout = float(self.container.config.get(self.timeout_config_key, 10))
        return _TimedServiceProxy(super().get_dependency(worker_ctx), timeout,
                                  self.availability, self.target_service, self.observe)


class _TimedServiceProxy:
    def __init__(self, proxy, timeout: float, availability: Availability, service: str,
                 observe=None):
        self._proxy = proxy
        self._timeout = timeout
        self._availability = availability
        self._service = service
        self._observe = observe

    def with_timeout(self, seconds: float) -> "_TimedServiceProxy":
        return _TimedServiceProxy(self._proxy, seconds, self._availability, self._service,
                                  self._observe)

    def __getattr__(self, method_name):
        method = getattr(self._proxy, method_name)

        def call(*args, **kwargs):
            if not self._availability.up(self._service):
                raise UnknownService(self._service)
            started = time.perf_counter()
            reply = method.call_async(*args, **kwargs)
            try:
                with eventlet.Timeout(self._timeout):
                    return reply.result()
            except eventlet.Timeout:
                raise RpcTimeout(f"{self._service}.{method_name}") from None
            finally:
                if self._observe:
                    self._observe(self._service, method_name, time.perf_counter() - started)
        return call
