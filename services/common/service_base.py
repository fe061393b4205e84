"""What every service is besides its own work: the entry points operators and the gateway
use to see it (ping, whoami, instance, health, metrics), the dependencies every worker has, and how an
entry point reads its caller.

A service class is `class ReviewService(ServiceBase)` with `name`, `db = Database(...)` and its
own entry points; see docs/architecture.md ("One shape for every service")."""
from __future__ import annotations

import os
import socket

import sqlalchemy as sa
from nameko.constants import AMQP_URI_CONFIG_KEY
from nameko.dependency_providers import Config

from . import commands, outbox
from .identity import Caller
from .metrics import service_gauges
from .providers import RequestId
from .retrying_handler import event_handler
from .rpc import HANDLED, rpc


def logged_in(caller: dict | None) -> Caller:
    """The caller the gateway passed with an RPC, who must be logged in (else 401)."""
    return Caller.from_dict(caller).require_login()


def on_event(source: str, event_type: str, use_case, *dependencies: str):
    """An event handler that runs `use_case(uow, *dependencies, event)` in one unit of work;
    `dependencies` name attributes of the service (e.g. "settings"). Its queue is named after
    the attribute it is assigned to (`evt-review-approved--accounts.on_approved`)."""
    @event_handler(source, event_type)
    def handle(self, event):
        self.run(use_case, *(getattr(self, name) for name in dependencies), event)
    return handle


class ServiceBase:
    name: str
    db = None  # each service declares its Database(metadata, migrations)
    config = Config()
    request_id = RequestId()
    command_request = commands.CommandRequest()

    def run(self, use_case, *args):
        """One unit of work around one use case, `use_case(uow, *args)`, committed before the
        entry point returns (so before nameko replies). For reads and event handlers."""
        with self.db.begin() as uow:
            return use_case(uow, *args)

    def command(self, use_case, *args, ignore=(), replayed=None):
        """`run` for an entry point that changes something at a logged-in caller's request:
        the first answer is recorded in the same transaction (services/common/commands.py), and
        a repeat of the same command (same user, entry point, key and arguments) gets it
        instead of running again. `ignore`: dotted argument paths that differ between two
        sends of one request (an upload's new storage key); `replayed(answer)`: what a repeat
        answers, if not the first answer as it was."""
        pending = self.command_request
        invocation = pending.invocation(ignore) if isinstance(pending, commands.Pending) else None
        answer = commands.run_once(self.db, invocation, use_case, args, replayed)
        if invocation is not None:
            commands.prune_if_due(self.db, commands.keep_hours(self.config))
        return answer

    @rpc
    def ping(self):
        """The bare RPC round trip, with no database: the floor the benchmarks compare to."""
        return "pong"

    @rpc
    def whoami(self):
        """The process id of the instance that answered: shows RPCs are shared."""
        return os.getpid()

    @rpc
    def instance(self):
        """The instance that answered (host name: the container's, and process id) and the RPC
        calls it has answered so far, by method (this one included): shows how the calls to a
        service are spread over its instances (deploy/test-containers)."""
        return {"host": socket.gethostname(), "pid": os.getpid(), "handled": dict(HANDLED)}

    @rpc
    def event_history(self, after=0, limit=500):
        """Service to service (the gateway never exposes it): the events this service has
        recorded, in order, after outbox id `after`; what a read model replays to rebuild
        itself (outbox rows are kept, so the history is whole)."""
        return outbox.history(self.db.engine, self.db.metadata, after, limit)

    @rpc
    def health(self):
        self.own_health_check()
        with self.db.begin() as uow:
            uow.session.execute(sa.text("SELECT 1"))
        return {"service": self.name, "ok": True}

    @rpc
    def metrics(self):
        """Gauges for the gateway's /metrics: outbox backlog, dead letters, and the service's own."""
        gauges = service_gauges(self.db, self.config[AMQP_URI_CONFIG_KEY], self.name)
        with self.db.begin() as uow:
            gauges.update(self.own_gauges(uow))
        return gauges

    def own_health_check(self) -> None:
        """Raises if the service cannot do its work (beyond reaching its database)."""

    def own_gauges(self, uow) -> dict:
        """A service's own gauges (name → number), read in one unit of work."""
        return {}
