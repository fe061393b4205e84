"""The registration service as nameko's worker_factory makes it, on a real database, and the
people and drafts its service-level tests use."""
from __future__ import annotations

import uuid

from nameko.testing.services import worker_factory

from services.registration.app.store import metadata
from services.registration.domain.definitions import FormRegistry
from services.registration.service import MIGRATIONS, RegistrationService
from services.registration.settings import RegistrationSettings
from tests.support.documents import MATERIALS, complete_document
from tests.support.local_database import LocalDatabase

OWNER = {"user_id": 9, "name": "王伟任", "grants": [{"role": "registrant", "unit_id": 5}]}
STRANGER = {"user_id": 10, "name": "李四", "grants": [{"role": "registrant", "unit_id": 5}]}


def registration_worker(url: str, registry: FormRegistry | None = None, migrate: bool = True):
    """A worker over the database at `url`, without a registration window (the sample
    document was evaluated in 2021)."""
    db = LocalDatabase(None, "registration", MIGRATIONS, metadata, url=url, migrate=migrate)
    return worker_factory(RegistrationService, db=db, forms=registry or FormRegistry.load(),
                          settings=RegistrationSettings(window_months=0))


def filled(service, owner=OWNER) -> dict:
    """A draft with a complete document and the materials its form requires."""
    draft = service.create_draft(owner, {"category": "applied"})
    saved = service.save_draft(owner, draft["id"], 1, complete_document("applied"))
    assert saved["problems"] == []
    for kind in MATERIALS["applied"]:
        service.add_attachment(owner, draft["id"], {
            "kind": kind, "filename": f"{kind}.pdf", "key": uuid.uuid4().hex, "sha256": "0" * 64,
            "size": 1000, "content_type": "application/pdf"})
    return service.get_draft(owner, draft["id"])
