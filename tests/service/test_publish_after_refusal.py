"""One message the broker refuses must not make the next, unrelated publishes fail: RPC
requests and replies go without publisher confirms, so a refusal surfaces only on the next
publish of that pooled channel (services/common/rpc.py). Against the real broker."""
from __future__ import annotations

import os
import uuid

import pytest
from kombu import Connection, Exchange, Queue
from nameko.amqp.publish import Publisher

from services.common.rpc import _ReplyPublisher, _SentAgainOnAClosedChannel

AMQP_URI = os.environ.get("TEST_RABBIT_URL", "pyamqp://guest:guest@127.0.0.1:5672") + "/"


@pytest.fixture
def exchange_and_queue():
    name = f"refusal-test-{uuid.uuid4().hex[:8]}"
    exchange = Exchange(name, type="topic", durable=False, auto_delete=True)
    queue = Queue(name, exchange=exchange, routing_key="#", durable=False, auto_delete=False)
    with Connection(AMQP_URI) as connection:
        queue(connection.channel()).declare()
    yield exchange, queue
    with Connection(AMQP_URI) as connection:
        queue(connection.channel()).delete()


def drained(queue) -> list:
    got = []
    with Connection(AMQP_URI) as connection:
        bound = queue(connection.channel())
        while (message := bound.get(no_ack=True)) is not None:
            got.append(message.payload)
    return got


def refused_exchange():
    return Exchange(f"no-such-exchange-{uuid.uuid4().hex[:8]}", type="topic", no_declare=True)


@pytest.mark.parametrize("make", [
    lambda ex: _SentAgainOnAClosedChannel(Publisher(AMQP_URI, use_confirms=False,
                                                    serializer="json", declare=[ex])),
    lambda ex: _ReplyPublisher(AMQP_URI, serializer="json", declare=[ex]),
], ids=["request", "reply"])
def test_a_refused_publish_then_100_publishes_all_arrive(exchange_and_queue, make):
    exchange, queue = exchange_and_queue
    publisher = make(exchange)
    publisher.publish({"n": -1}, exchange=refused_exchange(), routing_key="x", declare=[])
    for n in range(100):
        publisher.publish({"n": n}, exchange=exchange, routing_key="x")
    assert [m["n"] for m in drained(queue)] == list(range(100))


def test_without_the_guard_the_next_publish_fails(exchange_and_queue):
    """What the guard is for (nameko's Publisher as it is)."""
    exchange, _ = exchange_and_queue
    publisher = Publisher(AMQP_URI, use_confirms=False, serializer="json", declare=[exchange])
    publisher.publish({"n": -1}, exchange=refused_exchange(), routing_key="x", declare=[])
    with pytest.raises(Exception) as caught:
        for n in range(5):
            publisher.publish({"n": n}, exchange=exchange, routing_key="x")
    assert "NOT_FOUND" in str(caught.value)
