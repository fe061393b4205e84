"""The nameko dependencies every service may declare, besides its Database (database.py):
its settings, the file store, and the request id of the work in hand."""
from __future__ import annotations

import uuid

from nameko.extensions import DependencyProvider

from .file_store import make_store
from .logs import set_request_id


class Settings(DependencyProvider):
    """The service's settings class, read from its config once, at setup."""

    def __init__(self, settings_class):
        self.settings_class = settings_class
        self.value = None

    def setup(self):
        self.value = self.settings_class.from_config(self.container.config)

    def get_dependency(self, worker_ctx):
        return self.value


class FileStore(DependencyProvider):
    """Where file bytes live (FILE_STORE_URL in the service's config)."""

    def setup(self):
        self.store = make_store(self.container.config.get("FILE_STORE_URL"))

    def get_dependency(self, worker_ctx):
        return self.store


class RequestId(DependencyProvider):
    """Makes the caller's request id current for the worker (a new one if none came)."""

    def worker_setup(self, worker_ctx):
        request_id = worker_ctx.data.get("request_id") or uuid.uuid4().hex
        worker_ctx.data["request_id"] = request_id
        set_request_id(request_id)

    def worker_teardown(self, worker_ctx):
        set_request_id(None)

    def get_dependency(self, worker_ctx):
        return worker_ctx.data.get("request_id")
