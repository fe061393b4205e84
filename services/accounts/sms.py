"""SMS senders. Which one runs is configuration (SMS_SENDER):

- `store` (default): the message stays in the outgoing-message store, marked sent, where a
  developer or a test reads it (`python -m services.accounts.cli messages --channel sms`).
- `package.module:Class`: a gateway to a real SMS provider; `Class(config)` must have
  `async def send(self, message)` with `message.recipient` and `message.body`.
"""
from __future__ import annotations

import importlib


class StoreSmsSender:
    def __init__(self, config: dict):
        self.config = config

    async def send(self, message) -> None:
        return None


def sms_sender(config: dict):
    name = str(config.get("SMS_SENDER") or "store")
    if name == "store":
        return StoreSmsSender(config)
    module, _, cls = name.partition(":")
    return getattr(importlib.import_module(module), cls)(config)
