"""`event_handler`: nameko's event handler, but a failed run is retried after a delay and, after
`EVENT_MAX_ATTEMPTS`, parked in `<service>.dead-letters` instead of being acked away.

Drop-in for nameko's (same arguments, queue names and SERVICE_POOL semantics). Queues, headers
(`kj-…`) and settings (`EVENT_MAX_ATTEMPTS`, `EVENT_RETRY_DELAYS`): docs/architecture.md,
"Failed handlers: retries, then dead letters".
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
import re
import traceback
import uuid

import eventlet
from kombu import Queue
from nameko.amqp.publish import Publisher
from nameko.constants import AMQP_SSL_CONFIG_KEY, AMQP_URI_CONFIG_KEY, LOGIN_METHOD_CONFIG_KEY
from nameko.events import SERVICE_POOL
from nameko.events import EventHandler as NamekoEventHandler

from . import safe_ack

log = logging.getLogger(__name__)

HEADER_PREFIX = "kj-"
ATTEMPTS = "kj-attempts"
HANDLER = "kj-handler"
QUEUE = "kj-queue"
ERROR = "kj-error"
TRACEBACK = "kj-traceback"
FIRST_FAILED_AT = "kj-first-failed-at"
FAILED_AT = "kj-failed-at"
DEAD_LETTER_ID = "kj-dead-letter-id"
REPLAYS = "kj-replays"

# Headers RabbitMQ adds when it dead-letters a message; never copied onto a new publish.
BROKER_HEADERS = ("x-death", "x-first-death-exchange", "x-first-death-queue",
                  "x-first-death-reason", "x-last-death-exchange", "x-last-death-queue",
                  "x-last-death-reason")

DEFAULT_MAX_ATTEMPTS = 5
DEFAULT_DELAYS = "1s,5s,30s,2m,10m"
ERROR_CHARS = 1000
TRACEBACK_CHARS = 4000
REQUEUE_PAUSE_SECONDS = 2.0

_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "min": 60.0, "h": 3600.0}


# -- plain functions (unit-tested) -----------------------------------------------------------
def parse_duration(value) -> float:
    """Seconds from ``1.5``, ``"500ms"``, ``"5s"``, ``"2m"``, ``"1h"`` (plain numbers: seconds)."""
    if isinstance(value, bool):
        raise ValueError(f"not a duration: {value!r}")
    if isinstance(value, (int, float)):
        seconds = float(value)
    else:
        match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(ms|s|min|m|h)?\s*", str(value))
        if not match:
            raise ValueError(f"not a duration: {value!r} (use e.g. 500ms, 5s, 2m, 1h)")
        seconds = float(match.group(1)) * _UNITS[match.group(2) or "s"]
    if seconds <= 0:
        raise ValueError(f"a retry delay must be positive: {value!r}")
    return seconds


def parse_delays(value) -> tuple[float, ...]:
    """The retry delays in seconds from a list or a comma-separated string."""
    items = value if isinstance(value, (list, tuple)) else str(value).split(",")
    delays = tuple(parse_duration(item) for item in items if str(item).strip())
    if not delays:
        raise ValueError("EVENT_RETRY_DELAYS needs at least one delay")
    return delays


def delay_label(seconds: float) -> str:
    """A short stable name for a delay, used in the delay queue's name: 1s, 500ms, 2m, 1h."""
    ms = int(round(seconds * 1000))
    for unit, size in (("h", 3_600_000), ("m", 60_000), ("s", 1000)):
        if ms % size == 0:
            return f"{ms // size}{unit}"
    return f"{ms}ms"


@dataclasses.dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    delays: tuple[float, ...] = parse_delays(DEFAULT_DELAYS)

    def __post_init__(self):
        if self.max_attempts < 1:
            raise ValueError("EVENT_MAX_ATTEMPTS must be at least 1")
        if not self.delays:
            raise ValueError("EVENT_RETRY_DELAYS needs at least one delay")

    @classmethod
    def from_config(cls, config: dict | None, environ=None) -> "RetryPolicy":
        config = config or {}
        environ = os.environ if environ is None else environ

        def setting(key, default):
            value = config.get(key)
            if value is None or value == "":
                value = environ.get(key)
            return default if value is None or value == "" else value

        return cls(max_attempts=int(setting("EVENT_MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS)),
                   delays=parse_delays(setting("EVENT_RETRY_DELAYS", DEFAULT_DELAYS)))

    def delay_before_retry(self, failed_attempts: int) -> float:
        """After `failed_attempts` failures, how long to wait before the next run."""
        return self.delays[min(failed_attempts, len(self.delays)) - 1]

    def next_step(self, failed_attempts: int) -> tuple[str, float | None]:
        """("retry", delay seconds) or ("park", None), once `failed_attempts` runs have failed."""
        if failed_attempts < 1:
            raise ValueError("called after a failure: failed_attempts >= 1")
        if failed_attempts >= self.max_attempts:
            return "park", None
        return "retry", self.delay_before_retry(failed_attempts)


def attempts_so_far(headers: dict | None) -> int:
    """Failed runs recorded on a message (0 for a fresh event or a replay)."""
    try:
        return max(0, int((headers or {}).get(ATTEMPTS, 0)))
    except (TypeError, ValueError):
        return 0


def retry_queue_name(queue_name: str, delay_seconds: float) -> str:
    return f"{queue_name}.retry-{delay_label(delay_seconds)}"


def dead_letter_queue_name(service: str) -> str:
    return f"{service}.dead-letters"


def retry_queue(queue_name: str, delay_seconds: float) -> Queue:
    """The durable delay queue that hands messages back to `queue_name` after the delay."""
    return Queue(retry_queue_name(queue_name, delay_seconds), durable=True, auto_delete=False,
                 queue_arguments={"x-message-ttl": int(round(delay_seconds * 1000)),
                                  "x-dead-letter-exchange": "",
                                  "x-dead-letter-routing-key": queue_name})


def dead_letter_queue(service: str) -> Queue:
    return Queue(dead_letter_queue_name(service), durable=True, auto_delete=False)


def describe_error(exc_info) -> tuple[str, str]:
    """(one line "Type: message", the traceback), both cut to a header-friendly size."""
    exc_type, exc, tb = exc_info
    text = f"{exc_type.__name__}: {exc}" if str(exc) else exc_type.__name__
    trace = "".join(traceback.format_exception(exc_type, exc, tb))
    return text[:ERROR_CHARS], trace[-TRACEBACK_CHARS:]


def plain_headers(headers: dict | None) -> dict:
    """The message's headers without the broker's dead-letter bookkeeping."""
    return {k: v for k, v in (headers or {}).items() if k not in BROKER_HEADERS}


def failure_headers(headers: dict | None, *, attempts: int, handler: str, queue: str,
                    error: str, trace: str, now: dt.datetime) -> dict:
    """Headers for republishing a message whose handler failed for the `attempts`-th time."""
    out = plain_headers(headers)
    out.setdefault(FIRST_FAILED_AT, now.isoformat())
    out.update({ATTEMPTS: attempts, HANDLER: handler, QUEUE: queue, ERROR: error,
                TRACEBACK: trace, FAILED_AT: now.isoformat()})
    return out


def replay_headers(headers: dict | None) -> dict:
    """Headers for a replay: the original ones, the failure record gone (attempts start over)."""
    out = {k: v for k, v in plain_headers(headers).items() if not k.startswith(HEADER_PREFIX)}
    out[REPLAYS] = int((headers or {}).get(REPLAYS, 0) or 0) + 1
    return out


def context_headers(headers: dict | None) -> dict:
    """What nameko should put in the worker context: not our failure record nor the broker's
    (nameko passes every context entry on with each RPC and event the worker makes)."""
    return {k: v for k, v in plain_headers(headers).items() if not k.startswith(HEADER_PREFIX)}


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


# -- the nameko entrypoint --------------------------------------------------------------------
class EventHandler(NamekoEventHandler):
    """nameko's EventHandler, with retries and a dead-letter queue instead of a silent ack."""

    def __init__(self, source_service, event_type, handler_type=SERVICE_POOL,
                 reliable_delivery=True, **kwargs):
        kwargs.pop("requeue_on_error", None)  # failures go through the retry queues instead
        super().__init__(source_service, event_type, handler_type=handler_type,
                         reliable_delivery=reliable_delivery, requeue_on_error=False, **kwargs)

    def setup(self):
        super().setup()  # the queue, named exactly as nameko names it
        config = self.container.config
        service = self.container.service_name
        self.policy = RetryPolicy.from_config(config)
        self.handler_name = f"{service}.{self.method_name}"
        self.dead_letters = dead_letter_queue(service)
        self.republisher = Publisher(
            config[AMQP_URI_CONFIG_KEY], use_confirms=True, mandatory=True,
            ssl=config.get(AMQP_SSL_CONFIG_KEY), login_method=config.get(LOGIN_METHOD_CONFIG_KEY))

    def unpack_message_headers(self, message):
        return {self._strip_header_name(k): v
                for k, v in context_headers(message.headers).items()}

    def handle_message_processed(self, message, result=None, exc_info=None):
        if exc_info is None:
            safe_ack.ack(self.queue_consumer, message)
            return
        try:
            self.republish_failed(message, exc_info)
        except Exception:  # noqa: BLE001 - never lose it: back to its queue, after a pause
            log.exception("could not republish a failed event; returning it to %s",
                          self.queue.name, extra={"handler": self.handler_name})
            eventlet.sleep(REQUEUE_PAUSE_SECONDS)
            safe_ack.requeue(self.queue_consumer, message)
            return
        safe_ack.ack(self.queue_consumer, message)

    def republish_failed(self, message, exc_info) -> None:
        attempts = attempts_so_far(message.headers) + 1
        error, trace = describe_error(exc_info)
        headers = failure_headers(message.headers, attempts=attempts, handler=self.handler_name,
                                  queue=self.queue.name, error=error, trace=trace, now=_utcnow())
        step, delay = self.policy.next_step(attempts)
        event_id = _event_id(message)
        if step == "retry":
            target = retry_queue(self.queue.name, delay)
            log.warning("event handler %s failed (attempt %s of %s), retrying in %s: %s",
                        self.handler_name, attempts, self.policy.max_attempts,
                        delay_label(delay), error, extra={"event_id": event_id})
        else:
            target = self.dead_letters
            headers[DEAD_LETTER_ID] = uuid.uuid4().hex[:12]
            log.error("event handler %s failed %s times, parked in %s: %s", self.handler_name,
                      attempts, target.name, error, extra={"event_id": event_id})
        self.republisher.publish(
            message.body, exchange="", routing_key=target.name, declare=[target],
            headers=headers, content_type=message.content_type,
            content_encoding=message.content_encoding)


def _event_id(message):
    try:
        return (message.payload or {}).get("event_id")
    except Exception:  # noqa: BLE001 - only for the log line
        return None


event_handler = EventHandler.decorator
