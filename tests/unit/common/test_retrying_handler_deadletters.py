"""The dead-letter command's choices as plain functions: what a parked message shows, which
ones --id and --handler select, and where the command connects."""
import json

import pytest

from services.common import deadletters as dl
from services.common import retrying_handler as h


class FakeMessage:
    def __init__(self, body, headers):
        self.body = json.dumps(body).encode()
        self.headers = headers

    def decode(self):
        return json.loads(self.body)


PARKED = {h.DEAD_LETTER_ID: "0a1b2c3d4e5f", h.HANDLER: "review.on_submitted",
          h.QUEUE: "evt-registration-submitted--review.on_submitted", h.ATTEMPTS: 5,
          h.ERROR: "NotFound: not_found: 找不到", h.FIRST_FAILED_AT: "2026-03-01T08:00:00+00:00",
          h.FAILED_AT: "2026-03-01T08:02:36+00:00", h.TRACEBACK: "Traceback ..."}
EVENT = {"event_id": "5d0f5a9e-0000-4000-8000-000000000001", "type": "submitted",
         "producer": "registration", "version": 1, "data": {}}


def test_a_parked_message_shows_its_event_handler_error_attempts_and_when():
    item = dl.describe("review", FakeMessage(EVENT, PARKED))
    assert item == {"id": "0a1b2c3d4e5f", "service": "review", "handler": "review.on_submitted",
                    "queue": "evt-registration-submitted--review.on_submitted",
                    "event_type": "registration.submitted", "event_id": EVENT["event_id"],
                    "attempts": 5, "error": "NotFound: not_found: 找不到",
                    "first_failed_at": "2026-03-01T08:00:00+00:00",
                    "failed_at": "2026-03-01T08:02:36+00:00", "replays": 0,
                    "traceback": "Traceback ..."}


def test_a_message_that_is_not_an_envelope_is_still_listed():
    message = FakeMessage(["odd"], {})
    item = dl.describe("review", message)
    assert item["event_id"] is None and item["event_type"] == "?.?" and item["attempts"] == 0


@pytest.mark.parametrize("ids, handler, chosen", [
    ([], None, True),
    (["0a1b2c3d4e5f"], None, True),
    (["5d0f5a9e"], None, True),                 # an event_id prefix
    ([EVENT["event_id"]], None, True),
    (["0a1b2"], None, False),                   # prefixes shorter than 6 do not count
    (["ffffffff"], None, False),
    ([], "on_submitted", True),
    ([], "review.on_submitted", True),
    ([], "on_approved", False),
    (["0a1b2c3d4e5f"], "on_approved", False),
])
def test_ids_and_handler_select_the_messages(ids, handler, chosen):
    item = dl.describe("review", FakeMessage(EVENT, PARKED))
    assert dl.matches(item, ids, handler) is chosen


def test_the_command_connects_where_the_config_or_the_environment_says(tmp_path, monkeypatch):
    config = tmp_path / "config.yaml"
    config.write_text("SERVICE_NAME: review\nAMQP_URI: ${AMQP_URI:pyamqp://guest:guest@mq:5672/}\n")
    monkeypatch.delenv("AMQP_URI", raising=False)

    class Args:
        amqp_uri = None
        service = None

    args = Args()
    args.config = str(config)
    assert dl.resolve(args) == ("pyamqp://guest:guest@mq:5672/", ["review"])
    monkeypatch.setenv("AMQP_URI", "pyamqp://u:p@other:5672/v")
    assert dl.resolve(args) == ("pyamqp://u:p@other:5672/v", ["review"])
    args.config, args.service = None, ["flaky"]
    assert dl.resolve(args) == ("pyamqp://u:p@other:5672/v", ["flaky"])
    args.service = None
    assert set(dl.resolve(args)[1]) >= {"accounts", "registration", "review", "certificates", "reports"}


def test_replay_and_drop_need_a_selection():
    with pytest.raises(SystemExit) as exit_:
        dl.main(["replay"])
    assert exit_.value.code == 2
