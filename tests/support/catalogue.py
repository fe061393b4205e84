"""The event catalogue (docs/events/*.yaml, AsyncAPI) as a contract: every event a test sees
must match its message's payload schema."""
from __future__ import annotations

import glob
import os

import jsonschema
import yaml

from .system import ROOT


def _load() -> dict[str, dict]:
    schemas = {}
    for path in glob.glob(os.path.join(ROOT, "docs", "events", "*.yaml")):
        with open(path, encoding="utf-8") as handle:
            document = yaml.safe_load(handle)
        producer = os.path.splitext(os.path.basename(path))[0]
        for name, message in document["components"]["messages"].items():
            schemas[(producer, name)] = {**message["payload"], "components": document["components"]}
    return schemas


CATALOGUE = _load()


def validate_event(event: dict) -> None:
    key = (event.get("producer"), event.get("type"))
    assert key in CATALOGUE, f"event {key} is not in docs/events/"
    jsonschema.validate(event, CATALOGUE[key])
