"""Acknowledge or requeue a consumed message when the connection it came on may be gone.

nameko's QueueConsumer.ack_message ignores only amqp's ConnectionError; after a broker restart
the socket raises ConnectionResetError / BrokenPipeError (OSError) instead, which escapes into
the worker, and nameko then kills the whole container (the process exits). An unacked message
on a dead connection is redelivered by RabbitMQ anyway (consumers drop repeats by event id),
so there is nothing to do but say so.
"""
from __future__ import annotations

import logging

from amqp.exceptions import ConnectionError as AmqpConnectionError

log = logging.getLogger(__name__)

LOST = (AmqpConnectionError, OSError)


def ack(queue_consumer, message) -> None:
    try:
        queue_consumer.ack_message(message)
    except LOST as exc:
        log.warning("could not ack a message, its connection is gone; the broker redelivers it",
                    extra={"error": repr(exc)})


def requeue(queue_consumer, message) -> None:
    try:
        queue_consumer.requeue_message(message)
    except LOST as exc:
        log.warning("could not requeue a message, its connection is gone; the broker redelivers it",
                    extra={"error": repr(exc)})
