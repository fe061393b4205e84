"""A message whose connection died under it: settling it must not kill the container."""
from types import SimpleNamespace

import pytest
from amqp.exceptions import ConnectionError as AmqpConnectionError
from kombu.exceptions import OperationalError as KombuOperationalError

from services.common import safe_ack


class QueueConsumer:
    def __init__(self, error=None):
        self.error, self.acked, self.requeued = error, [], []

    def ack_message(self, message):
        if self.error:
            raise self.error
        self.acked.append(message)

    def requeue_message(self, message):
        if self.error:
            raise self.error
        self.requeued.append(message)


@pytest.mark.parametrize("error", [ConnectionResetError(104, "Connection reset by peer"),
                                   BrokenPipeError(32, "Broken pipe"), AmqpConnectionError()])
def test_a_lost_connection_is_logged_not_raised(error, caplog):
    consumer = QueueConsumer(error)
    safe_ack.ack(consumer, "message")
    safe_ack.requeue(consumer, "message")
    assert [r.message.split(",")[0] for r in caplog.records] == [
        "could not ack a message", "could not requeue a message"]


def test_a_live_connection_settles_the_message():
    consumer = QueueConsumer()
    safe_ack.ack(consumer, "a")
    safe_ack.requeue(consumer, "b")
    assert consumer.acked == ["a"] and consumer.requeued == ["b"]


def test_other_errors_are_not_hidden():
    with pytest.raises(ValueError):
        safe_ack.ack(QueueConsumer(ValueError("a bug")), "message")


@pytest.mark.parametrize("error", [KombuOperationalError("[Errno 111] ECONNREFUSED"),
                                   ConnectionRefusedError(111, "Connection refused")])
def test_an_rpc_reply_the_broker_cannot_take_is_logged_and_the_service_lives_on(error, monkeypatch, caplog):
    """A paused service resumed while the broker restarts answers a call it took before: the
    reply cannot be published. The caller times out; the worker must not raise (nameko would kill
    the container)."""
    from services.common import rpc

    def refused(self, result, exc_info):
        raise error
    monkeypatch.setattr(rpc._Responder, "send_response", refused)
    consumer = QueueConsumer()
    entrypoint = SimpleNamespace(container=SimpleNamespace(config={"AMQP_URI": "memory://"}),
                                 rpc_consumer=SimpleNamespace(queue_consumer=consumer))
    message = SimpleNamespace(properties={"reply_to": "r", "correlation_id": "c"})
    assert rpc.Rpc.handle_result(entrypoint, message, None, {"ok": 1}, None) == ({"ok": 1}, None)
    assert consumer.acked == [message]
    assert "RPC reply not sent" in caplog.text


def test_instance_names_its_host_and_process_and_counts_the_rpc_calls_it_answered(monkeypatch):
    """What deploy/test-containers asks each scaled service: which instance answered, and how
    many calls of each method it has answered (counted as each reply is sent)."""
    import os
    import socket

    from services.common import rpc
    from services.common.service_base import ServiceBase

    monkeypatch.setattr(rpc._Responder, "send_response", lambda self, result, exc_info: (result, exc_info))
    monkeypatch.setattr(rpc, "HANDLED", rpc.HANDLED.__class__())
    import services.common.service_base as base
    monkeypatch.setattr(base, "HANDLED", rpc.HANDLED)
    consumer = QueueConsumer()
    entrypoint = SimpleNamespace(container=SimpleNamespace(config={"AMQP_URI": "memory://"}),
                                 rpc_consumer=SimpleNamespace(queue_consumer=consumer), method_name="save_draft")
    message = SimpleNamespace(properties={"reply_to": "r", "correlation_id": "c"})
    for _ in range(3):
        rpc.Rpc.handle_result(entrypoint, message, None, {"ok": 1}, None)
    answer = ServiceBase.instance(ServiceBase())
    assert answer == {"host": socket.gethostname(), "pid": os.getpid(), "handled": {"save_draft": 3}}
