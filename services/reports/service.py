"""reports: the registration office's read model, fed by the other services' events: its
statistics, lists and exports, and the public register. Entry points only (docs/architecture.md,
"Code layout"; "Reports: the office's read model")."""
from __future__ import annotations

import os

from nameko.timer import timer

from services.common.clock import utcnow
from services.common.database import Database
from services.common.errors import EXPECTED
from services.common.providers import FileStore, Settings
from services.common.retrying_handler import event_handler
from services.common.rpc import TimedRpcProxy, rpc
from services.common.service_base import ServiceBase, logged_in

from .app import exports, ingest, register, statistics, store
from .app.answers import Answers
from .app.labels import CodeTables
from .app.package_builder import Sources
from .settings import ReportsSettings

MIGRATIONS = os.path.join(os.path.dirname(__file__), "migrations")
EXPORT_POLL_SECONDS = 2
CODE_TABLES = CodeTables()
ANSWERS = Answers()


def counts_event(source: str, event_type: str):
    """A handler that counts one kind of event into the read model."""
    @event_handler(source, event_type)
    def handle(self, event):
        ingest.on_event(self.db, self.registration, self.settings, source, event)
    return handle


class ReportsService(ServiceBase):
    name = "reports"

    db = Database(store.metadata, MIGRATIONS)
    settings = Settings(ReportsSettings)
    files = FileStore()
    registration = TimedRpcProxy("registration", use_confirms=True)
    certificates = TimedRpcProxy("certificates", use_confirms=True)

    on_submitted = counts_event("registration", "submitted")
    on_opened = counts_event("review", "opened")
    on_forwarded = counts_event("review", "forwarded")
    on_returned = counts_event("review", "returned")
    on_withdrawn = counts_event("review", "withdrawn")
    on_refused = counts_event("review", "refused")
    on_approved = counts_event("review", "approved")
    on_revoked = counts_event("review", "revoked")
    on_publicity_started = counts_event("review", "publicity_started")
    on_issued = counts_event("certificates", "issued")

    def code_tables(self):
        return CODE_TABLES.using(self.registration.get_code_table)

    # -- the office ----------------------------------------------------------------------
    @rpc(expected_exceptions=EXPECTED)
    def statistics(self, caller, params):
        return self.run(statistics.counts, ANSWERS, self.code_tables(), logged_in(caller), params)

    @rpc(expected_exceptions=EXPECTED)
    def statistics_dimensions(self):
        return statistics.dimensions()

    @rpc(expected_exceptions=EXPECTED)
    def registrations(self, caller, params):
        return self.run(statistics.registrations, logged_in(caller), params)

    @rpc(expected_exceptions=EXPECTED)
    def decision_times(self, caller, params):
        return self.run(statistics.decision_times, logged_in(caller), params)

    @rpc(expected_exceptions=EXPECTED)
    def start_export(self, caller, body):
        return self.command(exports.start, self.settings, logged_in(caller), body)

    @rpc(expected_exceptions=EXPECTED)
    def start_package(self, caller, body):
        return self.command(exports.start_package, self.settings, logged_in(caller), body)

    @rpc(expected_exceptions=EXPECTED)
    def export_status(self, caller, export_id):
        return self.run(exports.status, logged_in(caller), export_id)

    @rpc(expected_exceptions=EXPECTED)
    def locate_export(self, caller, export_id):
        return self.run(exports.located, logged_in(caller), export_id)

    @timer(interval=EXPORT_POLL_SECONDS)
    def write_exports(self):
        exports.expire_old(self.db, self.files, utcnow())
        exports.write_due(self.db, self.files, self.code_tables(), self.settings,
                          Sources(self.registration, self.certificates, self.files))

    # -- the public register (no login) ------------------------------------------------------
    @rpc(expected_exceptions=EXPECTED)
    def public_search(self, params):
        return self.run(register.search, ANSWERS, self.code_tables(), params)

    @rpc(expected_exceptions=EXPECTED)
    def public_achievement(self, number):
        return self.run(register.achievement, self.code_tables(), number)

    @rpc(expected_exceptions=EXPECTED)
    def public_publicity(self, params):
        return self.run(register.in_publicity, self.code_tables(), params)

    @rpc(expected_exceptions=EXPECTED)
    def public_sitemap(self, page):
        return self.run(register.sitemap, self.settings, page)

    def own_gauges(self, uow) -> dict:
        return store.gauges(uow.session)
