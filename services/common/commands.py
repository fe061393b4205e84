"""Commands that are safe to run twice: the first answer, recorded in the command's own
transaction, is the answer to every repeat (docs/architecture.md, "Commands run once").

A command is identified by (user, command name, key). The key is the client's
`Idempotency-Key` when it sent one, else the gateway's request id (which a message redelivered
after a crash carries again). A fingerprint of the arguments is kept with it: the same
Idempotency-Key with other arguments is refused (409 `idempotency_key_reused`); a request id
is only ever a key together with its arguments, so two different requests that happen to
share an X-Request-ID never share an answer.

The record is claimed before the work (`INSERT … ON CONFLICT DO NOTHING`): on PostgreSQL a
second transaction with the same key waits on the first's uncommitted row and then finds its
answer; SQLite transactions are serialised (BEGIN IMMEDIATE). A command that fails rolls its
claim back with everything else, so a retry does the work.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import inspect
import json
import logging
import threading
import time
import zlib
from dataclasses import dataclass

import sqlalchemy as sa
from kombu.utils import json as wire_json
from nameko.extensions import DependencyProvider
from nameko.utils import get_redacted_args

from .clock import utcnow
from .columns import UtcDateTime
from .errors import Conflict

log = logging.getLogger(__name__)

KEY_MAX = 128             # an Idempotency-Key (the gateway refuses longer ones)
KEEP_HOURS = 24           # records older than this are pruned (COMMAND_KEEP_HOURS)
PRUNE_EVERY_SECONDS = 600  # each process prunes at most this often, after a command


def add_table(metadata: sa.MetaData) -> sa.Table:
    return sa.Table(
        "command_log", metadata,
        sa.Column("user_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("command", sa.String(80), primary_key=True),
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        # the answer as zlib-compressed JSON; NULL only inside the claiming transaction
        sa.Column("reply", sa.LargeBinary),
        sa.Column("created_at", UtcDateTime, nullable=False, index=True),
        sqlite_with_rowid=False,  # the key is the table: one b-tree less to write per command
    )


# The statements of the hot path, written once: the same SQL on SQLite (≥ 3.35) and
# PostgreSQL, so that a save spends no time building them (bench/command_cost.py).
_CLAIM = sa.text(
    "INSERT INTO command_log (user_id, command, key, fingerprint, reply, created_at) "
    "VALUES (:user_id, :command, :key, :fingerprint, NULL, :created_at) "
    "ON CONFLICT DO NOTHING RETURNING user_id").bindparams(sa.bindparam("created_at", type_=UtcDateTime))
_EARLIER = sa.text("SELECT fingerprint, reply FROM command_log "
                   "WHERE user_id = :user_id AND command = :command AND key = :key")
_FINISH = sa.text("UPDATE command_log SET reply = :reply "
                  "WHERE user_id = :user_id AND command = :command AND key = :key"
                  ).bindparams(sa.bindparam("reply", type_=sa.LargeBinary))
_RECORD = sa.text(
    "INSERT INTO command_log (user_id, command, key, fingerprint, reply, created_at) "
    "VALUES (:user_id, :command, :key, :fingerprint, :reply, :created_at) ON CONFLICT DO NOTHING"
    ).bindparams(sa.bindparam("created_at", type_=UtcDateTime),
                 sa.bindparam("reply", type_=sa.LargeBinary))
_FORGET = sa.text("DELETE FROM command_log "
                  "WHERE user_id = :user_id AND command = :command AND key = :key")


@dataclass(frozen=True)
class Invocation:
    """One run of a command entry point: who, which command, with which key and arguments."""
    user_id: int
    command: str
    key: str
    explicit: bool     # the client's Idempotency-Key (else the request id)
    fingerprint: str

    def record_key(self) -> str:
        return f"k:{self.key}" if self.explicit else f"r:{self.key[:100]}:{self.fingerprint[:32]}"

    def where(self) -> dict:
        return {"user_id": self.user_id, "command": self.command, "key": self.record_key()}


def fingerprint(arguments: dict) -> str:
    text = json.dumps(arguments, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=str)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _pack(reply) -> bytes:
    return zlib.compress(wire_json.dumps(reply).encode("utf-8"), 1)


def _unpack(data: bytes):
    return wire_json.loads(zlib.decompress(data).decode("utf-8"))


class _Repeat:
    def __init__(self, reply):
        self.reply = reply


def claim(session, table: sa.Table, inv: Invocation):
    """Claim the command for this transaction (None), or the first answer (`_Repeat`)."""
    where = inv.where()
    for _ in range(3):
        if session.execute(_CLAIM, {**where, "fingerprint": inv.fingerprint,
                                    "created_at": utcnow()}).first() is not None:
            return None
        # Committed by the transaction that claimed it first (PostgreSQL made us wait for it).
        earlier = session.execute(_EARLIER, where).first()
        if earlier is not None:
            break
        # pruned between the two statements: claim it again
    if earlier is None or earlier.reply is None:  # never committed without its answer
        raise Conflict("command_in_progress", "同一请求正在处理，请稍后再试")
    if earlier.fingerprint != inv.fingerprint:
        raise Conflict("idempotency_key_reused",
                       "该请求标识（Idempotency-Key）已用于另一个不同的请求，请换一个新的标识")
    return _Repeat(_unpack(earlier.reply))


def finish(session, table: sa.Table, inv: Invocation, reply) -> None:
    """Record the answer in the claiming transaction. An answer that is a refusal (an
    exception returned so that the unit of work still commits) is not recorded: a repeat
    runs again."""
    where = inv.where()
    if isinstance(reply, BaseException):
        session.execute(_FORGET, where)
        return
    packed = _pack(reply)
    if session.execute(_FINISH, {**where, "reply": packed}).rowcount == 0:
        # the use case rolled back (and with it our claim) and then went on to succeed
        session.execute(_RECORD, {**where, "fingerprint": inv.fingerprint, "reply": packed,
                                  "created_at": utcnow()})


def run_once(db, inv: Invocation | None, use_case, args, replayed=None):
    """`use_case(uow, *args)` in one unit of work, at most once per invocation."""
    if inv is None:
        with db.begin() as uow:
            return use_case(uow, *args)
    table = db.metadata.tables["command_log"]
    with db.begin() as uow:
        repeat = claim(uow.session, table, inv)
        if repeat is None:
            reply = use_case(uow, *args)
            finish(uow.session, table, inv, reply)
    if repeat is not None:
        return replayed(repeat.reply) if replayed else repeat.reply
    return reply


def keep_hours(config) -> float:
    """COMMAND_KEEP_HOURS from the service's config (24 by default)."""
    try:
        return max(0.01, float(config.get("COMMAND_KEEP_HOURS", KEEP_HOURS)))
    except (TypeError, ValueError, AttributeError):
        return KEEP_HOURS


_last_prune: dict[int, float] = {}
_prune_lock = threading.Lock()


def prune_if_due(db, keep_hours: float = KEEP_HOURS, every: float = PRUNE_EVERY_SECONDS) -> int:
    """Delete records older than `keep_hours`, at most every `every` seconds per process and
    database; run after a command, so no separate process is needed. Returns rows deleted."""
    now = time.monotonic()
    engine_id = id(db.engine)
    with _prune_lock:
        if now - _last_prune.get(engine_id, float("-inf")) < every:
            return 0
        _last_prune[engine_id] = now
    table = db.metadata.tables["command_log"]
    try:
        with db.begin() as uow:
            return uow.session.execute(sa.delete(table).where(
                table.c.created_at < utcnow() - dt.timedelta(hours=keep_hours))).rowcount
    except Exception as exc:  # noqa: BLE001 - the command it follows has succeeded all the same
        log.warning("pruning the command log failed", extra={"error": repr(exc)})
        return 0


def _without(arguments: dict, paths) -> dict:
    """The arguments less the dotted paths (`meta.key`): copies only along each path."""
    out = dict(arguments)
    for path in paths:
        head, *rest = path.split(".")
        if head not in out:
            continue
        if not rest:
            del out[head]
        elif isinstance(out[head], dict):
            out[head] = _without(out[head], [".".join(rest)])
    return out


@functools.lru_cache(maxsize=None)
def _signature(service_cls, method_name: str) -> inspect.Signature:
    return inspect.signature(getattr(service_cls, method_name))


class CommandRequest(DependencyProvider):
    """What a command entry point needs to know about its own run: `self.invocation(...)`."""

    def get_dependency(self, worker_ctx):
        return Pending(worker_ctx)


class Pending:
    def __init__(self, worker_ctx):
        self.worker_ctx = worker_ctx

    def invocation(self, ignore=()) -> Invocation | None:
        """This run as a command, or None when it has no logged-in caller or no key."""
        ctx = self.worker_ctx
        entrypoint = ctx.entrypoint
        signature = _signature(entrypoint.container.service_cls, entrypoint.method_name)
        arguments = signature.bind(None, *ctx.args, **ctx.kwargs).arguments
        arguments.pop("self", None)
        caller = arguments.pop("caller", None)  # its grants may change; who it is is the scope
        user_id = caller.get("user_id") if isinstance(caller, dict) else None
        explicit = ctx.data.get("idempotency_key")
        key = explicit if isinstance(explicit, str) and 0 < len(explicit) <= KEY_MAX else None
        key = key or ctx.data.get("request_id")
        if not isinstance(user_id, int) or not isinstance(key, str) or not key:
            return None
        command = entrypoint.method_name[:80]
        arguments = _without(arguments, ignore)
        if getattr(entrypoint, "sensitive_arguments", None):
            # Passwords and tokens never go into a fast hash: they count through a salted
            # scrypt (as costly to guess as the password store), the rest as it is.
            secret = fingerprint(arguments).encode()
            salt = f"{user_id}:{command}:{key}".encode()
            arguments = {k: v for k, v in get_redacted_args(entrypoint, *ctx.args, **ctx.kwargs).items()
                         if k != "caller"}
            arguments["__sensitive__"] = hashlib.scrypt(secret, salt=salt, n=2**14, r=8, p=1,
                                                        dklen=32).hex()
        return Invocation(user_id, command, key, key == explicit, fingerprint(arguments))
