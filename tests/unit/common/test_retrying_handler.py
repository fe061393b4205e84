"""The retry rules of services/common/retrying_handler.py as plain functions: delays, attempts, names,
and the headers a failed event carries to its retry queue, its dead-letter queue and a replay."""
import datetime as dt
import sys

import pytest

from services.common import retrying_handler as h

NOW = dt.datetime(2026, 3, 1, 8, 30, tzinfo=dt.timezone.utc)


@pytest.mark.parametrize("text, seconds", [
    ("1s", 1), ("500ms", 0.5), ("2m", 120), ("10min", 600), ("1h", 3600), ("30", 30),
    (5, 5), (0.25, 0.25), (" 1.5s ", 1.5)])
def test_durations_read_with_or_without_a_unit(text, seconds):
    assert h.parse_duration(text) == seconds


@pytest.mark.parametrize("bad", ["", "0s", "-1s", "5 seconds", "1d", True, 0])
def test_a_duration_that_is_not_one_is_refused(bad):
    with pytest.raises(ValueError):
        h.parse_duration(bad)


def test_delays_come_from_a_string_or_a_list_and_the_default_is_1s_5s_30s_2m_10m():
    assert h.parse_delays("1s,5s,30s,2m,10m") == (1, 5, 30, 120, 600)
    assert h.parse_delays([0.5, "2s"]) == (0.5, 2)
    assert h.RetryPolicy().delays == (1, 5, 30, 120, 600)
    with pytest.raises(ValueError):
        h.parse_delays(" , ")


def test_delay_labels_are_short_and_stable():
    assert [h.delay_label(s) for s in (1, 5, 30, 120, 600, 3600, 0.5, 1.5, 90)] == [
        "1s", "5s", "30s", "2m", "10m", "1h", "500ms", "1500ms", "90s"]


def test_five_attempts_means_the_first_run_and_four_retries_then_the_dead_letter_queue():
    policy = h.RetryPolicy()
    steps = [policy.next_step(failed) for failed in range(1, 6)]
    assert steps == [("retry", 1), ("retry", 5), ("retry", 30), ("retry", 120), ("park", None)]


def test_more_attempts_than_delays_repeat_the_last_delay_and_one_attempt_parks_at_once():
    policy = h.RetryPolicy(max_attempts=5, delays=(0.5, 1))
    assert [policy.next_step(n) for n in range(1, 6)] == [
        ("retry", 0.5), ("retry", 1), ("retry", 1), ("retry", 1), ("park", None)]
    assert h.RetryPolicy(max_attempts=1).next_step(1) == ("park", None)
    with pytest.raises(ValueError):
        h.RetryPolicy(max_attempts=0)
    with pytest.raises(ValueError):
        policy.next_step(0)


def test_the_policy_reads_the_service_config_then_the_environment_then_the_defaults():
    assert h.RetryPolicy.from_config({}, environ={}) == h.RetryPolicy()
    env = {"EVENT_MAX_ATTEMPTS": "3", "EVENT_RETRY_DELAYS": "200ms,1s"}
    assert h.RetryPolicy.from_config({}, environ=env) == h.RetryPolicy(3, (0.2, 1))
    config = {"EVENT_MAX_ATTEMPTS": 7, "EVENT_RETRY_DELAYS": [2, "1m"]}
    assert h.RetryPolicy.from_config(config, environ=env) == h.RetryPolicy(7, (2, 60))
    # an empty ${VAR:} in the YAML falls through to the default
    assert h.RetryPolicy.from_config({"EVENT_MAX_ATTEMPTS": ""}, environ={}).max_attempts == 5


def test_attempts_are_counted_from_the_header_and_a_fresh_or_odd_message_has_none():
    assert h.attempts_so_far(None) == 0
    assert h.attempts_so_far({}) == 0
    assert h.attempts_so_far({h.ATTEMPTS: 2}) == 2
    assert h.attempts_so_far({h.ATTEMPTS: "3"}) == 3
    assert h.attempts_so_far({h.ATTEMPTS: "x"}) == 0


def test_queue_names_follow_the_handlers_queue_and_the_service():
    queue = "evt-review-approved--registration.on_approved"
    assert h.retry_queue_name(queue, 5) == queue + ".retry-5s"
    assert h.dead_letter_queue_name("registration") == "registration.dead-letters"
    retry = h.retry_queue(queue, 0.5)
    assert retry.durable and not retry.auto_delete
    assert retry.queue_arguments == {"x-message-ttl": 500, "x-dead-letter-exchange": "",
                                     "x-dead-letter-routing-key": queue}
    dead = h.dead_letter_queue("registration")
    assert dead.name == "registration.dead-letters" and dead.durable and not dead.queue_arguments


def _exc_info(exc):
    try:
        raise exc
    except Exception:
        return sys.exc_info()


def test_the_error_is_one_line_with_its_type_and_the_traceback_is_cut_to_size():
    error, trace = h.describe_error(_exc_info(KeyError("draft_id")))
    assert error == "KeyError: 'draft_id'" and "Traceback" in trace
    error, trace = h.describe_error(_exc_info(RuntimeError("x" * 5000)))
    assert len(error) == h.ERROR_CHARS and len(trace) <= h.TRACEBACK_CHARS
    assert h.describe_error(_exc_info(RuntimeError()))[0] == "RuntimeError"


def test_failure_headers_count_keep_the_first_failure_and_drop_the_brokers_bookkeeping():
    original = {"nameko.request_id": "r1", "x-death": [{"count": 1}], "x-first-death-queue": "q"}
    first = h.failure_headers(original, attempts=1, handler="svc.on_x", queue="q", error="E: 1",
                              trace="tb", now=NOW)
    assert first == {"nameko.request_id": "r1", h.ATTEMPTS: 1, h.HANDLER: "svc.on_x", h.QUEUE: "q",
                     h.ERROR: "E: 1", h.TRACEBACK: "tb", h.FIRST_FAILED_AT: NOW.isoformat(),
                     h.FAILED_AT: NOW.isoformat()}
    later = NOW + dt.timedelta(seconds=5)
    second = h.failure_headers({**first, "x-death": [{"count": 1}]}, attempts=2, handler="svc.on_x",
                               queue="q", error="E: 2", trace="tb2", now=later)
    assert second[h.ATTEMPTS] == 2 and second[h.ERROR] == "E: 2"
    assert second[h.FIRST_FAILED_AT] == NOW.isoformat() and second[h.FAILED_AT] == later.isoformat()
    assert "x-death" not in second


def test_a_replay_starts_the_attempts_over_and_counts_the_replays():
    parked = h.failure_headers({"nameko.request_id": "r1"}, attempts=5, handler="svc.on_x",
                               queue="q", error="E", trace="tb", now=NOW)
    parked[h.DEAD_LETTER_ID] = "abc"
    once = h.replay_headers(parked)
    assert once == {"nameko.request_id": "r1", h.REPLAYS: 1}
    assert h.attempts_so_far(once) == 0
    assert h.replay_headers({**once, h.ATTEMPTS: 5})[h.REPLAYS] == 2


def test_the_worker_context_gets_neither_the_failure_record_nor_the_brokers_headers():
    headers = {"nameko.request_id": "r1", h.ATTEMPTS: 2, h.ERROR: "E", "x-death": [],
               h.REPLAYS: 1, "other": "kept"}
    assert h.context_headers(headers) == {"nameko.request_id": "r1", "other": "kept"}
