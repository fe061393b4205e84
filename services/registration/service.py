"""registration: achievement drafts on versioned forms, attachments metadata, submission.

Entry points only (docs/architecture.md, "Code layout"). The registrant's status follows the
review service's events.
"""
from __future__ import annotations

import datetime as dt
import os

from nameko.extensions import DependencyProvider

from services.common.database import Database
from services.common.errors import EXPECTED
from services.common.providers import Settings
from services.common.rpc import rpc  # nameko's @rpc, replies without confirms
from services.common.service_base import ServiceBase, logged_in, on_event

from .app import attachments, drafts, forms, review_events, snapshots, store, views
from .domain.definitions import FormRegistry
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

    db = Database(store.metadata, MIGRATIONS)
    forms = Forms()
    settings = Settings(RegistrationSettings)

    # -- forms and code tables -------------------------------------------------------------
    @rpc(expected_exceptions=EXPECTED)
    def list_forms(self):
        return forms.listing(self.forms)

    @rpc(expected_exceptions=EXPECTED)
    def get_form(self, form_id):
        return forms.definition(self.forms, form_id)

    @rpc(expected_exceptions=EXPECTED)
    def get_code_table(self, name):
        return forms.code_table(name)

    # -- drafts ----------------------------------------------------------------------------
    @rpc(expected_exceptions=EXPECTED)
    def create_draft(self, caller, data):
        return self.command(drafts.create, self.forms, logged_in(caller), data)

    @rpc(expected_exceptions=EXPECTED)
    def list_drafts(self, caller, q=None, status=None, page=1, page_size=20):
        return self.run(drafts.listing, logged_in(caller), q, status, page, page_size)

    @rpc(expected_exceptions=EXPECTED)
    def get_draft(self, caller, draft_id):
        return self.run(drafts.get, logged_in(caller), draft_id)

    @rpc(expected_exceptions=EXPECTED)
    def save_draft(self, caller, draft_id, version, sections):
        return self.command(drafts.save, self.forms, logged_in(caller), draft_id, version, sections,
                        dt.date.today())

    @rpc(expected_exceptions=EXPECTED)
    def check_draft(self, caller, draft_id):
        return self.run(drafts.check, self.forms, self.settings, logged_in(caller), draft_id, dt.date.today())

    @rpc(expected_exceptions=EXPECTED)
    def delete_draft(self, caller, draft_id):
        return self.command(drafts.delete, logged_in(caller), draft_id)

    @rpc(expected_exceptions=EXPECTED)
    def copy_draft(self, caller, draft_id):
        return self.command(drafts.copy, logged_in(caller), draft_id)

    @rpc(expected_exceptions=EXPECTED)
    def submit_draft(self, caller, draft_id, request_id=None):
        return self.command(drafts.submit, self.forms, self.settings, logged_in(caller), draft_id,
                            request_id, dt.date.today(), replayed=views.repeated_submission)

    @rpc(expected_exceptions=EXPECTED)
    def form_pdf_input(self, caller, draft_id):
        return self.run(drafts.form_pdf_input, self.forms, logged_in(caller), draft_id)

    # -- attachments -----------------------------------------------------------------------
    @rpc(expected_exceptions=EXPECTED)
    def attachment_allowance(self, caller, draft_id):
        return self.run(attachments.allowance, self.forms, self.settings, logged_in(caller), draft_id)

    @rpc(expected_exceptions=EXPECTED)
    def add_attachment(self, caller, draft_id, meta):
        return self.command(attachments.add, self.forms, self.settings, logged_in(caller), draft_id, meta,
                            ignore=("meta.key",), replayed=views.repeated_upload)

    @rpc(expected_exceptions=EXPECTED)
    def locate_attachment(self, caller, draft_id, attachment_id):
        return self.run(attachments.locate, logged_in(caller), draft_id, attachment_id)

    @rpc(expected_exceptions=EXPECTED)
    def delete_attachment(self, caller, draft_id, attachment_id):
        return self.command(attachments.remove, logged_in(caller), draft_id, attachment_id)

    # -- what reviewers and other services read ----------------------------------------------
    @rpc(expected_exceptions=EXPECTED)
    def get_snapshot(self, caller, snapshot_id):
        return self.run(snapshots.for_reviewer, logged_in(caller), snapshot_id)

    @rpc(expected_exceptions=EXPECTED)
    def duplicate_hints(self, caller, snapshot_id):
        return self.run(snapshots.duplicate_hints, logged_in(caller), snapshot_id)

    @rpc(expected_exceptions=EXPECTED)
    def snapshot_pdf_input(self, caller, snapshot_id):
        return self.run(snapshots.form_pdf_input, self.forms, logged_in(caller), snapshot_id)

    @rpc(expected_exceptions=EXPECTED)
    def locate_snapshot_attachment(self, caller, snapshot_id, attachment_id):
        return self.run(snapshots.locate_attachment, logged_in(caller), snapshot_id, attachment_id)

    @rpc(expected_exceptions=EXPECTED)
    def snapshot_content(self, snapshot_id):
        """Service to service only: the gateway never exposes it."""
        return self.run(snapshots.for_service, snapshot_id)

    @rpc(expected_exceptions=EXPECTED)
    def snapshot_contents(self, snapshot_ids):
        """Service to service only: several snapshots by id (the reports rebuild)."""
        return self.run(snapshots.for_service_many, snapshot_ids)

    # -- facts from the review service -------------------------------------------------------
    on_opened = on_event("review", "opened", review_events.apply)
    on_forwarded = on_event("review", "forwarded", review_events.apply)
    on_returned = on_event("review", "returned", review_events.apply)
    on_withdrawn = on_event("review", "withdrawn", review_events.apply)
    on_refused = on_event("review", "refused", review_events.apply)
    on_approved = on_event("review", "approved", review_events.apply)
    on_revoked = on_event("review", "revoked", review_events.apply)
    on_publicity_started = on_event("review", "publicity_started", review_events.apply)
