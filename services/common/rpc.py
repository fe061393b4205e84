"""RPC between processes: `rpc` (nameko's, replying without publisher confirms) and
`TimedRpcProxy`, which puts a timeout on every call and fails at once (UnknownService) when
nobody consumes the service's queue. Why both are safe without confirms: docs/architecture.md,
"Publisher confirms on RPC" and "A service that is down".
"""
from __future__ import annotations

import collections
import logging
import time
import warnings

import eventlet
from amqp.exceptions import ChannelError as AmqpChannelError, NotFound as AmqpNotFound
from eventlet.semaphore import Semaphore
from kombu import Connection
from kombu.exceptions import OperationalError as KombuOperationalError
from nameko.amqp.publish import Publisher
from nameko.constants import (AMQP_SSL_CONFIG_KEY, AMQP_URI_CONFIG_KEY, DEFAULT_SERIALIZER,
                              LOGIN_METHOD_CONFIG_KEY, SERIALIZER_CONFIG_KEY)
from nameko.exceptions import UnknownService
from nameko.rpc import Responder, Rpc as NamekoRpc, RpcProxy, get_rpc_exchange

from . import safe_ack
from .flags import flag

log = logging.getLogger(__name__)
CHECK_EVERY_SECONDS = 1.0

# nameko warns that an unroutable request goes unnoticed without confirms: the consumer check
# below is what notices it here.
warnings.filterwarnings("ignore", message="Mandatory delivery was requested")


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
        """Consumers of the service's RPC queue; 0 if the queue does not exist (the service
        never started) or the broker cannot be asked. A connection left over from before a
        broker restart is replaced and asked again at once, not a second later."""
        error = None
        for _attempt in range(2):
            try:
                if self.connection is None:
                    self.connection = Connection(self.amqp_uri, connect_timeout=2)
                channel = self.connection.channel()
                try:
                    return channel.queue_declare(queue=f"rpc-{service}", passive=True).consumer_count
                finally:
                    try:
                        channel.close()
                    except Exception:  # noqa: BLE001 - closed by the broker after a 404
                        pass
            except AmqpNotFound:
                return 0
            except Exception as exc:  # noqa: BLE001 - broker trouble: a fresh connection
                error = exc
                if self.connection is not None:
                    try:
                        self.connection.release()
                    except Exception:  # noqa: BLE001
                        pass
                    self.connection = None
        log.warning("could not check the consumers of rpc-%s: %r", service, error)
        return 0


_availability: dict[str, Availability] = {}


class TimedRpcProxy(RpcProxy):
    def __init__(self, target_service: str, timeout_config_key: str = "RPC_TIMEOUT_SECONDS",
                 observe=None, confirms_config_key: str | None = None, **options):
        """`observe(service, method, seconds)` is told the duration of every call;
        `confirms_config_key` names the config key (true/false) that sets publisher confirms
        on the requests (absent from the config: on, nameko's default)."""
        super().__init__(target_service, **options)
        self.timeout_config_key = timeout_config_key
        self.confirms_config_key = confirms_config_key
        self.observe = observe

    def setup(self):
        super().setup()
        if self.confirms_config_key:
            self.options["use_confirms"] = flag(self.container.config.get(self.confirms_config_key),
                                                default=True)
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
        method.publisher = _SentAgainOnAClosedChannel(method.publisher)

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


class _SentAgainOnAClosedChannel:
    """Publishes; if the broker had closed the pooled channel because of an earlier message
    (one it refused: too large, no such exchange), sends this one again on a fresh channel.

    Without publisher confirms the broker's refusal of a message arrives only with the next
    publish on that channel, which py-amqp checks for before it writes anything: the message
    in hand was not sent, and sending it again is not a repeat. Without this the refusal of
    one request made the next, unrelated request fail."""

    def __init__(self, publisher: Publisher):
        self._publisher = publisher

    def publish(self, payload, **kwargs):
        return publish_once_more_on_closed_channel(self._publisher.publish, payload, **kwargs)


def publish_once_more_on_closed_channel(publish, payload, **kwargs):
    try:
        return publish(payload, **kwargs)
    except AmqpChannelError as exc:
        log.warning("publish found its channel closed by the broker; sending on a fresh channel",
                    extra={"error": repr(exc)})
        return publish(payload, **kwargs)


# -- the serving side ---------------------------------------------------------------------------
class _ReplyPublisher(Publisher):
    use_confirms = False

    def publish(self, payload, **kwargs):
        return publish_once_more_on_closed_channel(super().publish, payload, **kwargs)


class _Responder(Responder):
    publisher_cls = _ReplyPublisher


# RPC calls this process has answered, by method: `ServiceBase.instance` reports them, so an
# operator (or deploy/test-containers) sees how the calls are spread over a service's instances.
HANDLED: collections.Counter = collections.Counter()


class Rpc(NamekoRpc):
    """nameko's @rpc, replying without publisher confirms.

    A confirm on a reply tells the service only that the broker took it; it is published
    without `mandatory` (a reply to a caller that has gone is dropped either way) to a reply
    queue that does not survive a broker restart. Whether the reply arrived is known only to
    the caller, who waits with a timeout (every caller here does: TimedRpcProxy). Skipping the
    confirm saves the service a broker round trip and its CPU on every call.
    """

    def handle_result(self, message, worker_ctx, result, exc_info):
        method = getattr(self, "method_name", None)
        if method:
            HANDLED[method] += 1
        # nameko's RpcConsumer.handle_result, with the responder above
        config = self.container.config
        responder = _Responder(config[AMQP_URI_CONFIG_KEY], get_rpc_exchange(config),
                               config.get(SERIALIZER_CONFIG_KEY, DEFAULT_SERIALIZER), message,
                               ssl=config.get(AMQP_SSL_CONFIG_KEY),
                               login_method=config.get(LOGIN_METHOD_CONFIG_KEY))
        try:
            result, exc_info = responder.send_response(result, exc_info)
        except (*safe_ack.LOST, KombuOperationalError) as exc:
            # The broker went away while the call ran (it restarts; this process was paused):
            # the caller is answered by its timeout, and the service lives on. Raised here, the
            # error would end the worker's thread and nameko would kill the whole container.
            log.warning("RPC reply not sent: the broker is unreachable; the caller times out",
                        extra={"error": repr(exc)})
        safe_ack.ack(self.rpc_consumer.queue_consumer, message)
        return result, exc_info


rpc = Rpc.decorator
