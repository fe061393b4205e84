"""The request id is per green thread: concurrent workers never log each other's id."""
import logging

import eventlet

from services.common.logs import RequestIdFilter, current_request_id, set_request_id


def test_each_green_thread_keeps_its_own_request_id():
    def worker(request_id):
        set_request_id(request_id)
        eventlet.sleep(0.01)  # the others run and set theirs meanwhile
        seen = current_request_id()
        eventlet.sleep(0.01)
        return seen, current_request_id()

    threads = [eventlet.spawn(worker, f"request-{i}") for i in range(20)]
    assert [t.wait() for t in threads] == [(f"request-{i}",) * 2 for i in range(20)]


def test_a_new_green_thread_starts_without_one():
    set_request_id("outer")
    assert eventlet.spawn(current_request_id).wait() is None
    set_request_id(None)


def test_log_records_carry_the_current_request_id_and_the_service():
    set_request_id("abc12345")
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "message", (), None)
    assert RequestIdFilter("gateway").filter(record)
    assert (record.request_id, record.service) == ("abc12345", "gateway")
    set_request_id(None)
