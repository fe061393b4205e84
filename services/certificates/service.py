"""certificates: renders the PDFs (the 科技成果登记表 of a draft, and the 科技成果登记证书 issued
once per approval) and answers the public verification. Entry points only (docs/architecture.md,
"Code layout"); rendering and signing run in a rendering process beside this one, one call at a
time (rendering/process.py, docs/architecture.md "Certificates")."""
from __future__ import annotations

import os

from nameko.timer import timer

from services.common.database import Database
from services.common.errors import EXPECTED
from services.common.providers import FileStore, Settings
from services.common.retrying_handler import event_handler
from services.common.rpc import TimedRpcProxy, rpc  # rpc: replies without confirms
from services.common.service_base import ServiceBase, logged_in

from .app import forms, issuing, queries, revoking, store
from .rendering.fonts import find_cjk_font
from .settings import CertificatesSettings

MIGRATIONS = os.path.join(os.path.dirname(__file__), "migrations")
RETRY_POLL_SECONDS = 15


class CertificatesService(ServiceBase):
    name = "certificates"

    db = Database(store.metadata, MIGRATIONS)
    settings = Settings(CertificatesSettings)
    files = FileStore()
    registration = TimedRpcProxy("registration", use_confirms=True)

    @rpc(expected_exceptions=EXPECTED)
    def render_form(self, form, document, attachments, version, draft):
        return forms.render_form(form, document, attachments, version, draft)

    def own_health_check(self) -> None:
        find_cjk_font()   # the rendering process parses it on its first certificate

    # issuing and revoking follow the review service's events; issuing takes `db` itself
    @event_handler("review", "approved")
    def on_approved(self, event):
        issuing.on_approved(self.db, self.registration, self.files, self.settings, event)

    @event_handler("review", "revoked")
    def on_revoked(self, event):
        revoking.on_revoked(self.db, self.files, self.settings, event)

    @timer(interval=RETRY_POLL_SECONDS)
    def retry_pending(self):
        issuing.retry_due(self.db, self.registration, self.files, self.settings)

    @rpc(expected_exceptions=EXPECTED)
    def certificate_of_draft(self, caller, draft_id, printing=False):
        return queries.certificate_of_draft(self.db, self.files, self.settings, logged_in(caller),
                                            draft_id, printing)

    @rpc(expected_exceptions=EXPECTED)
    def certificate_for_office(self, caller, number):
        return queries.certificate_for_office(self.db, self.files, self.settings, logged_in(caller),
                                              number)

    @rpc(expected_exceptions=EXPECTED)
    def reminders(self, caller):
        return self.run(queries.reminders, logged_in(caller))

    @rpc(expected_exceptions=EXPECTED)
    def reminder_items(self, caller, kind, page=1, page_size=20):
        return self.run(queries.reminder_items, logged_in(caller), kind, page, page_size)

    @rpc(expected_exceptions=EXPECTED)
    def list_mine(self, caller):
        return self.run(queries.mine, logged_in(caller))

    @rpc(expected_exceptions=EXPECTED)
    def verify(self, number, code):
        """Public: anyone holding a certificate's 登记号 and 核验码."""
        return self.run(queries.verify, self.settings, number, code)

    @rpc(expected_exceptions=EXPECTED)
    def certificate_file(self, number):
        """Service to service only: the gateway never exposes it."""
        return self.run(queries.issued_file, number)
