"""review: the review cases of submitted registrations, decisions, 登记号 and reminders.
Entry points only (docs/architecture.md, "Code layout")."""
from __future__ import annotations

import os

from nameko.timer import timer

from services.common.database import Database
from services.common.errors import EXPECTED
from services.common.providers import Settings
from services.common.retrying_handler import event_handler
from services.common.rpc import TimedRpcProxy, rpc  # nameko's @rpc, replies without confirms
from services.common.service_base import ServiceBase, logged_in

from .app import decisions, publicity, queries, store
from .settings import ReviewSettings

MIGRATIONS = os.path.join(os.path.dirname(__file__), "migrations")
# How often ended 公示 periods are looked for (read at import: nameko timers are declared on the class)
PUBLICITY_POLL_SECONDS = float(os.environ.get("PUBLICITY_POLL_SECONDS") or 60)


class ReviewService(ServiceBase):
    name = "review"

    db = Database(store.metadata, MIGRATIONS)
    settings = Settings(ReviewSettings)

    accounts = TimedRpcProxy("accounts")

    @event_handler("registration", "submitted")
    def on_submitted(self, event):
        """Opens a case; the 推荐单位 the form names is asked of accounts before the transaction."""
        named = decisions.recommender_named(self.settings, self.accounts, event)
        self.run(decisions.open_for_submission, self.settings, event, named)

    @rpc(expected_exceptions=EXPECTED)
    def queue(self, caller, filters=None):
        return self.run(queries.queue, logged_in(caller), filters)

    @rpc(expected_exceptions=EXPECTED)
    def history(self, caller, filters=None):
        return self.run(queries.history, logged_in(caller), filters)

    @rpc(expected_exceptions=EXPECTED)
    def get_case(self, caller, case_id):
        return self.run(queries.get_case, self.settings, logged_in(caller), case_id)

    @rpc(expected_exceptions=EXPECTED)
    def decide(self, caller, case_id, action, data=None):
        return self.command(decisions.decide, self.settings, logged_in(caller), case_id, action, data)

    @rpc(expected_exceptions=EXPECTED)
    def withdraw(self, caller, draft_id, data=None):
        return self.command(decisions.withdraw, logged_in(caller), draft_id, data)

    @rpc(expected_exceptions=EXPECTED)
    def timeline(self, caller, draft_id):
        return self.run(queries.timeline, self.settings, logged_in(caller), draft_id)

    @rpc(expected_exceptions=EXPECTED)
    def reminders(self, caller):
        return self.run(queries.reminders, logged_in(caller))

    @rpc(expected_exceptions=EXPECTED)
    def reminder_items(self, caller, kind, page=1, page_size=20):
        return self.run(queries.reminder_items, logged_in(caller), kind, page, page_size)

    @rpc(expected_exceptions=EXPECTED)
    def latest_cases(self, caller, draft_ids):
        return self.run(queries.latest_cases, logged_in(caller), draft_ids)

    @rpc(expected_exceptions=EXPECTED)
    def unit_search(self, caller, filters=None):
        return self.run(queries.unit_search, logged_in(caller), filters)

    @rpc(expected_exceptions=EXPECTED)
    def search(self, caller, filters=None):
        return self.run(queries.search, logged_in(caller), filters)

    # -- 公示 and 异议 -----------------------------------------------------------------------
    @rpc(expected_exceptions=EXPECTED)
    def file_objection(self, body):
        """Public: the gateway checked the captcha and the rate limit."""
        return self.run(publicity.file_objection, body)

    @rpc(expected_exceptions=EXPECTED)
    def objections(self, caller, filters=None):
        return self.run(publicity.objections, logged_in(caller), filters)

    @rpc(expected_exceptions=EXPECTED)
    def resolve_objection(self, caller, objection_id, body):
        return self.command(publicity.resolve, self.settings, logged_in(caller), objection_id, body)

    @timer(interval=PUBLICITY_POLL_SECONDS)
    def conclude_publicity(self):
        """Also after 公示 is switched off: cases already in 公示 still end."""
        publicity.conclude_due(self.db, self.settings)
