"""The database dependency every service uses, with the outbox relay it runs.

Why a unit of work the service method opens itself, rather than a commit in
`worker_result`: nameko sends an RPC reply before `worker_result` runs, so a caller
could see success for a change that then fails to commit.
"""
from __future__ import annotations

import logging

import eventlet
from eventlet.queue import Empty, LightQueue
from nameko.amqp.publish import Publisher
from nameko.constants import AMQP_URI_CONFIG_KEY
from nameko.extensions import DependencyProvider
from sqlalchemy.orm import sessionmaker

from . import migrations, outbox
from .engine import make_engine
from .group_commit import GroupCommit
from .uow import grouped_unit_of_work, unit_of_work

log = logging.getLogger(__name__)


class Database(DependencyProvider):
    def __init__(self, metadata, migrations_dir: str):
        self.metadata = metadata
        self.migrations_dir = migrations_dir
        self.engine = None
        self._wake = LightQueue()
        self._running = False

    def setup(self):
        config = self.container.config
        service = self.container.service_name
        self.engine = make_engine(config["DB_URL"], pool_size=int(config.get("DB_POOL_SIZE", 10)))
        if config.get("DB_MIGRATE_ON_START", True):
            migrations.upgrade(self.engine, self.migrations_dir, service)
        self.session_factory = sessionmaker(bind=self.engine, expire_on_commit=False)
        # SQLite: the units of work of the process's workers committed in groups, one fsync each
        # (group_commit.py); DB_GROUP_COMMIT=false commits each unit on its own.
        grouped = self.engine.dialect.name == "sqlite" and _flag(config.get("DB_GROUP_COMMIT", True))
        self.group = GroupCommit(self.engine) if grouped else None
        self.publisher = Publisher(config[AMQP_URI_CONFIG_KEY], use_confirms=True,
                                   serializer="json", declare=[outbox.event_exchange(service)])
        self.exchange = outbox.event_exchange(service)
        self.poll_seconds = float(config.get("OUTBOX_POLL_SECONDS", 2))

    def start(self):
        self._running = True
        self._relay = self.container.spawn_managed_thread(self._relay_loop)

    def stop(self):
        self._running = False
        self._wake.put(None)

    def kill(self):
        self._running = False

    def wake_relay(self):
        self._wake.put(None)

    def _relay_loop(self):
        while self._running:
            try:
                full = outbox.publish_pending(self.engine, self.metadata, self.publisher,
                                              self.exchange) == outbox.BATCH
            except Exception:
                log.exception("outbox relay pass failed")
                full = False
            if full:
                eventlet.sleep(0)
                continue
            try:
                self._wake.get(timeout=self.poll_seconds)
                while True:
                    self._wake.get_nowait()
            except Empty:
                pass

    def get_dependency(self, worker_ctx):
        return DatabaseAccess(self, worker_ctx.data.get("request_id"))


class DatabaseAccess:
    """What a worker sees: `with self.db.begin() as uow:` opens one unit of work."""

    def __init__(self, provider: Database, request_id: str | None):
        self._provider = provider
        self.request_id = request_id

    @property
    def engine(self):
        return self._provider.engine

    @property
    def metadata(self):
        return self._provider.metadata

    @property
    def group(self):
        """SQLite's group commit of this process (None on PostgreSQL or when it is off)."""
        return self._provider.group

    def begin(self):
        p = self._provider
        if p.group is not None:
            return grouped_unit_of_work(p.group, p.metadata, p.container.service_name,
                                        self.request_id, on_commit=p.wake_relay)
        return unit_of_work(p.session_factory, p.metadata, p.container.service_name,
                            self.request_id, on_commit=p.wake_relay)


def _flag(value) -> bool:
    return str(value).strip().lower() not in ("0", "false", "no", "off", "")
