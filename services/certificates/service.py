"""certificates: renders the PDFs — the 科技成果登记表 of a draft, and the 科技成果登记证书 issued
once per approval — and answers the public verification.

Entry points only. Rendering runs in the worker itself: reportlab's font state and pyHanko are
not thread-safe, so never in threads; a render holds this process's other workers for its
duration (~60 ms for a form, ~100 ms for a signed certificate with its preview).
"""
from __future__ import annotations

import base64
import os

import sqlalchemy as sa
from nameko.timer import timer

from services.common.database import Database
from services.common.errors import EXPECTED
from services.common.events import utcnow
from services.common.retrying_handler import event_handler
from services.common.identity import Caller
from services.common.service_base import ServiceBase, logged_in
from services.common.rpc import TimedRpcProxy, rpc  # rpc: replies without confirms
from services.common.providers import FileStore, Settings

from .app import issuing, queries, revoking
from .models import metadata
from .rendering import register_cjk_font, render_form_pdf
from .settings import CertificatesSettings

MIGRATIONS = os.path.join(os.path.dirname(__file__), "migrations")
RETRY_POLL_SECONDS = 15



class CertificatesService(ServiceBase):
    name = "certificates"

    db = Database(metadata, MIGRATIONS)
    settings = Settings(CertificatesSettings)
    files = FileStore()
    registration = TimedRpcProxy("registration", use_confirms=True)

    @rpc(expected_exceptions=EXPECTED)
    def render_form(self, form, document, attachments, version, draft):
        """The registration form as PDF (base64): every section, tables, attachments, 版本号,
        and a 草稿 mark while not submitted."""
        pdf = render_form_pdf(form, document or {}, attachments=attachments or [],
                              version=version, draft=bool(draft))
        return {"pdf": base64.b64encode(pdf).decode()}

    def own_health_check(self) -> None:
        register_cjk_font()

    # -- issuing and revoking, from the review service's facts ----------------------------------
    @event_handler("review", "approved")
    def on_approved(self, event):
        certificate_id = issuing.accept(self.db, event)
        if certificate_id is not None:
            issuing.issue(self.db, self.registration, self.files, self.settings, certificate_id)

    @event_handler("review", "revoked")
    def on_revoked(self, event):
        with self.db.begin() as uow:
            revoking.revoke(uow, event)

    @timer(interval=RETRY_POLL_SECONDS)
    def retry_pending(self):
        for certificate_id in issuing.claim_due(self.db, utcnow()):
            issuing.issue(self.db, self.registration, self.files, self.settings, certificate_id)

    # -- what the gateway asks -----------------------------------------------------------------
    @rpc(expected_exceptions=EXPECTED)
    def certificate_of_draft(self, caller, draft_id):
        with self.db.begin() as uow:
            return queries.of_draft(uow.session, logged_in(caller), draft_id,
                                    self.settings.public_url)

    @rpc(expected_exceptions=EXPECTED)
    def list_mine(self, caller):
        with self.db.begin() as uow:
            return queries.mine(uow.session, logged_in(caller))

    @rpc(expected_exceptions=EXPECTED)
    def verify(self, number, code):
        """Public: anyone holding a certificate's 登记号 and 核验码."""
        with self.db.begin() as uow:
            return queries.verify(uow.session, number, code, self.settings.check_code_secret)
