"""registration: achievement drafts on versioned forms, attachments metadata, submission.

Entry points only. The registrant's status follows the review service's events.
"""
from __future__ import annotations

import datetime as dt
import os

import sqlalchemy as sa
from nameko.extensions import DependencyProvider

from services.common.database import Database
from services.common.errors import EXPECTED, Forbidden, NotFound
from services.common.retrying_handler import event_handler
from services.common.identity import OFFICE, UNIT_ADMIN, Caller
from services.common.service_base import ServiceBase, logged_in
from services.common.rpc import rpc  # nameko's @rpc, replies without confirms
from services.common.providers import Settings

from .app import attachments, drafts, review_events
from .domain.codetables import default_tables
from .domain.definitions import FormRegistry, UnknownForm
from .models import Snapshot, metadata
from .settings import RegistrationSettings

MIGRATIONS = os.path.join(os.path.dirname(__file__), "migrations")


class Forms(DependencyProvider):
    """The form definitions, loaded and validated once when the service starts."""

    def setup(self):
        self.registry = FormRegistry.load()

    def get_dependency(self, worker_ctx):
        return self.registry



class RegistrationService(ServiceBase):
    name = "registration"

    db = Database(metadata, MIGRATIONS)
    forms = Forms()
    settings = Settings(RegistrationSettings)

    # -- forms and code tables -------------------------------------------------------------
    @rpc(expected_exceptions=EXPECTED)
    def list_forms(self):
        return [{"id": f.id, "category": f.category, "title": f.title, "year": f.year,
                 "latest": self.forms.latest(f.category).id == f.id} for f in self.forms.all()]

    @rpc(expected_exceptions=EXPECTED)
    def get_form(self, form_id):
        try:
            return self.forms.get(form_id).to_dict()
        except UnknownForm:
            raise NotFound("form_not_found", "没有该登记表") from None

    @rpc(expected_exceptions=EXPECTED)
    def get_code_table(self, name):
        try:
            return default_tables().get(name).to_dict()
        except KeyError:
            raise NotFound("code_table_not_found", "没有该代码表") from None

    # -- drafts ----------------------------------------------------------------------------
    @rpc(expected_exceptions=EXPECTED)
    def create_draft(self, caller, data):
        with self.db.begin() as uow:
            draft = drafts.create(uow, self.forms, logged_in(caller), data)
            return drafts.full(uow.session, draft)

    @rpc(expected_exceptions=EXPECTED)
    def list_drafts(self, caller):
        with self.db.begin() as uow:
            return drafts.listing(uow.session, logged_in(caller))

    @rpc(expected_exceptions=EXPECTED)
    def get_draft(self, caller, draft_id):
        with self.db.begin() as uow:
            return drafts.full(uow.session, drafts.own(uow.session, logged_in(caller), draft_id))

    @rpc(expected_exceptions=EXPECTED)
    def save_draft(self, caller, draft_id, version, sections):
        with self.db.begin() as uow:
            return drafts.save(uow, self.forms, logged_in(caller), draft_id, version, sections,
                               dt.date.today())

    @rpc(expected_exceptions=EXPECTED)
    def check_draft(self, caller, draft_id):
        with self.db.begin() as uow:
            return drafts.check(uow.session, self.forms, self.settings, logged_in(caller), draft_id,
                                dt.date.today())

    @rpc(expected_exceptions=EXPECTED)
    def delete_draft(self, caller, draft_id):
        with self.db.begin() as uow:
            return {"storage_keys": drafts.delete(uow.session, logged_in(caller), draft_id)}

    @rpc(expected_exceptions=EXPECTED)
    def copy_draft(self, caller, draft_id):
        with self.db.begin() as uow:
            return drafts.full(uow.session, drafts.copy(uow, logged_in(caller), draft_id))

    @rpc(expected_exceptions=EXPECTED)
    def submit_draft(self, caller, draft_id, request_id=None):
        with self.db.begin() as uow:
            return drafts.submit(uow, self.forms, self.settings, logged_in(caller), draft_id,
                                 request_id, dt.date.today())

    @rpc(expected_exceptions=EXPECTED)
    def form_pdf_input(self, caller, draft_id):
        """What the certificates service needs to render the 登记表 PDF of a draft."""
        with self.db.begin() as uow:
            draft = drafts.own(uow.session, logged_in(caller), draft_id)
            form = self.forms.get(draft.form_id)
            kinds = {k.code: k.label for k in form.attachments.attachment_kinds} if form.attachments else {}
            files = [{**drafts.attachment_dict(a), "kind_label": kinds.get(a.kind, a.kind)}
                     for a in drafts.attachments_of(uow.session, draft.id)]
            return {"form": form.to_dict(), "document": draft.content, "attachments": files,
                    "version": draft.version, "draft": draft.status in ("editing", "returned",
                                                                        "withdrawn"),
                    "title": draft.title}

    # -- attachments -----------------------------------------------------------------------
    @rpc(expected_exceptions=EXPECTED)
    def attachment_allowance(self, caller, draft_id):
        with self.db.begin() as uow:
            return attachments.allowance(uow.session, self.forms, self.settings, logged_in(caller),
                                         draft_id)

    @rpc(expected_exceptions=EXPECTED)
    def add_attachment(self, caller, draft_id, meta):
        with self.db.begin() as uow:
            return attachments.add(uow.session, self.forms, self.settings, logged_in(caller),
                                   draft_id, meta)

    @rpc(expected_exceptions=EXPECTED)
    def locate_attachment(self, caller, draft_id, attachment_id):
        with self.db.begin() as uow:
            return attachments.locate(uow.session, logged_in(caller), draft_id, attachment_id)

    @rpc(expected_exceptions=EXPECTED)
    def delete_attachment(self, caller, draft_id, attachment_id):
        with self.db.begin() as uow:
            return attachments.remove(uow.session, logged_in(caller), draft_id, attachment_id)

    # -- what reviewers read -----------------------------------------------------------------
    @rpc(expected_exceptions=EXPECTED)
    def get_snapshot(self, caller, snapshot_id):
        who = logged_in(caller)
        with self.db.begin() as uow:
            snapshot = uow.session.get(Snapshot, snapshot_id) if isinstance(snapshot_id, int) else None
            if snapshot is None:
                raise NotFound("snapshot_not_found", "该提交记录不存在")
            if not (snapshot.owner_id == who.user_id or who.has(OFFICE)
                    or (snapshot.unit_id is not None and who.has(UNIT_ADMIN, snapshot.unit_id))):
                raise Forbidden()
            return {"id": snapshot.id, "draft_id": snapshot.draft_id, "form_id": snapshot.form_id,
                    "category": snapshot.category, "version": snapshot.version,
                    "unit_id": snapshot.unit_id, "owner_id": snapshot.owner_id,
                    "content": snapshot.content,
                    "attachments": [{k: v for k, v in a.items() if k != "storage_key"}
                                    for a in snapshot.attachments],
                    "submitted_at": snapshot.submitted_at.isoformat()}

    @rpc(expected_exceptions=EXPECTED)
    def locate_snapshot_attachment(self, caller, snapshot_id, attachment_id):
        """Where the bytes of a submitted attachment are, for a reviewer of that snapshot."""
        snapshot = self.get_snapshot(caller, snapshot_id)
        with self.db.begin() as uow:
            stored = uow.session.get(Snapshot, snapshot["id"]).attachments
        found = next((a for a in stored if a["id"] == attachment_id), None)
        if found is None:
            raise NotFound("attachment_not_found", "附件不存在")
        return found

    @rpc(expected_exceptions=EXPECTED)
    def snapshot_content(self, snapshot_id):
        """Service to service (never exposed by the gateway): a snapshot's frozen content, for
        the review service's records and the certificate."""
        with self.db.begin() as uow:
            snapshot = uow.session.get(Snapshot, snapshot_id) if isinstance(snapshot_id, int) else None
            if snapshot is None:
                raise NotFound("snapshot_not_found", "该提交记录不存在")
            return {"id": snapshot.id, "draft_id": snapshot.draft_id, "form_id": snapshot.form_id,
                    "category": snapshot.category, "owner_id": snapshot.owner_id,
                    "unit_id": snapshot.unit_id, "content": snapshot.content,
                    "attachments": snapshot.attachments,
                    "submitted_at": snapshot.submitted_at.isoformat()}

    # -- facts from the review service -------------------------------------------------------
    def _review_event(self, event):
        with self.db.begin() as uow:
            review_events.apply(uow, event)

    @event_handler("review", "forwarded")
    def on_forwarded(self, event):
        self._review_event(event)

    @event_handler("review", "returned")
    def on_returned(self, event):
        self._review_event(event)

    @event_handler("review", "withdrawn")
    def on_withdrawn(self, event):
        self._review_event(event)

    @event_handler("review", "refused")
    def on_refused(self, event):
        self._review_event(event)

    @event_handler("review", "approved")
    def on_approved(self, event):
        self._review_event(event)

    @event_handler("review", "revoked")
    def on_revoked(self, event):
        self._review_event(event)
