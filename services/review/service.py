"""review: the review cases of submitted registrations, decisions, 登记号 and reminders.

Entry points only. A case opens on the registration service's `submitted` event; every
decision is stored compare-and-set on the case's version and emitted through the outbox.
"""
from __future__ import annotations

import os

import sqlalchemy as sa

from services.common.database import Database
from services.common.errors import EXPECTED, invalid
from services.common.retrying_handler import event_handler
from services.common.identity import Caller
from services.common.service_base import ServiceBase, logged_in
from services.common.rpc import rpc  # nameko's @rpc, replies without confirms
from services.common.providers import Settings

from .app import decisions, queries
from .models import metadata
from .settings import ReviewSettings

MIGRATIONS = os.path.join(os.path.dirname(__file__), "migrations")



class ReviewService(ServiceBase):
    name = "review"

    db = Database(metadata, MIGRATIONS)
    settings = Settings(ReviewSettings)

    @event_handler("registration", "submitted")
    def on_submitted(self, event):
        with self.db.begin() as uow:
            decisions.open_for_submission(uow, self.settings, event)

    @rpc(expected_exceptions=EXPECTED)
    def queue(self, caller, filters=None):
        with self.db.begin() as uow:
            return queries.queue(uow.session, logged_in(caller), filters)

    @rpc(expected_exceptions=EXPECTED)
    def get_case(self, caller, case_id):
        with self.db.begin() as uow:
            return queries.view(uow.session, logged_in(caller), case_id)

    @rpc(expected_exceptions=EXPECTED)
    def decide(self, caller, case_id, action, data=None):
        if action not in ("approve", "return", "refuse", "revoke"):
            raise invalid({"action": "操作应为 approve、return、refuse 或 revoke"})
        with self.db.begin() as uow:
            return decisions.decide(uow, self.settings, logged_in(caller), case_id, action, data)

    @rpc(expected_exceptions=EXPECTED)
    def withdraw(self, caller, draft_id, data=None):
        with self.db.begin() as uow:
            return decisions.withdraw(uow, logged_in(caller), draft_id, data)

    @rpc(expected_exceptions=EXPECTED)
    def timeline(self, caller, draft_id):
        with self.db.begin() as uow:
            return queries.timeline(uow.session, logged_in(caller), draft_id)

    @rpc(expected_exceptions=EXPECTED)
    def reminders(self, caller):
        with self.db.begin() as uow:
            return queries.reminders(uow.session, logged_in(caller))

    @rpc(expected_exceptions=EXPECTED)
    def search(self, caller, filters=None):
        with self.db.begin() as uow:
            return queries.search(uow.session, logged_in(caller), filters)
