"""A test-only service whose event handler fails on purpose, to drive retries and dead letters
through the real handler (services/common/retrying_handler.py) on the real broker.

It consumes `poked` events of a made-up `probe` producer (exchange `probe.events`), so no real
service sees them. What each event asks for is in its data:
  {"mode": "fail_times", "times": N}  fail the first N runs, then apply;
  {"mode": "until_fixed"}              fail until the file `fixed-<event_id>` exists in FLAKY_DIR;
  {"mode": "slow"}                     while the file `slow-<event_id>` exists, hang (to be
                                       killed mid-run).
Every run is appended to FLAKY_DIR/runs.jsonl; an applied event to FLAKY_DIR/applied.jsonl,
once per event_id (an idempotent consumer, as the real ones are).
"""
from __future__ import annotations

import json
import os
import time

import eventlet

from services.common.retrying_handler import event_handler


def _lines(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _append(path, record):
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(record) + "\n")


class FlakyService:
    name = "flaky"

    @event_handler("probe", "poked")
    def on_poked(self, event):
        directory = os.environ["FLAKY_DIR"]
        event_id, data = event["event_id"], event["data"]
        _append(os.path.join(directory, "runs.jsonl"), {"event_id": event_id, "at": time.time()})
        runs = sum(1 for r in _lines(os.path.join(directory, "runs.jsonl")) if r["event_id"] == event_id)
        mode = data.get("mode")
        if mode == "fail_times" and runs <= data["times"]:
            raise RuntimeError(f"planned failure {runs} of {data['times']}")
        if mode == "until_fixed" and not os.path.exists(os.path.join(directory, f"fixed-{event_id}")):
            raise ValueError(f"not fixed yet (run {runs})")
        if mode == "slow":
            while os.path.exists(os.path.join(directory, f"slow-{event_id}")):
                eventlet.sleep(0.1)
        applied = os.path.join(directory, "applied.jsonl")
        if any(r["event_id"] == event_id for r in _lines(applied)):
            return
        _append(applied, {"event_id": event_id, "run": runs, "at": time.time()})
