"""A message whose connection died under it: settling it must not kill the container."""
import pytest
from amqp.exceptions import ConnectionError as AmqpConnectionError

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
