"""The file store as a nameko dependency (FILE_STORE_URL in the service's config)."""
from __future__ import annotations

from nameko.extensions import DependencyProvider

from .filestore import make_store


class FileStore(DependencyProvider):
    def setup(self):
        self.store = make_store(self.container.config.get("FILE_STORE_URL"))

    def get_dependency(self, worker_ctx):
        return self.store
