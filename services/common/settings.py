"""A dependency that reads a service's settings class from its config once, at setup."""
from __future__ import annotations

from nameko.extensions import DependencyProvider


class Settings(DependencyProvider):
    def __init__(self, settings_class):
        self.settings_class = settings_class
        self.value = None

    def setup(self):
        self.value = self.settings_class.from_config(self.container.config)

    def get_dependency(self, worker_ctx):
        return self.value
