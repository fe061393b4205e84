"""Where file bytes live (attachments, rendered PDFs): never in RabbitMQ messages.

`FILE_STORE_URL` chooses the store:
- `file:///abs/path` or a plain path (default `var/files`): a local folder, one machine;
- `postgresql+psycopg2://…`: a PostgreSQL database every machine shares (bytes in 1 MiB rows).

`put()` streams and hashes at once and never leaves a partial file behind: a file over the
limit raises TooLarge and nothing is kept.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
import uuid
from dataclasses import dataclass
from typing import BinaryIO, Iterator

import sqlalchemy as sa

CHUNK = 1024 * 1024


class TooLarge(Exception):
    def __init__(self, limit: int):
        super().__init__(f"file larger than {limit} bytes")
        self.limit = limit


class MissingFile(KeyError):
    pass


@dataclass(frozen=True)
class Stored:
    key: str
    sha256: str
    size: int


def _chunks(stream: BinaryIO, limit: int) -> Iterator[bytes]:
    total = 0
    while True:
        chunk = stream.read(CHUNK)
        if not chunk:
            return
        total += len(chunk)
        if total > limit:
            raise TooLarge(limit)
        yield chunk


class LocalFileStore:
    def __init__(self, root: str):
        self.root = os.path.abspath(root)
        os.makedirs(self.root, exist_ok=True)

    def _path(self, key: str) -> str:
        if not key or any(c not in "0123456789abcdef" for c in key):
            raise MissingFile(key)
        return os.path.join(self.root, key[:2], key)

    def put(self, stream: BinaryIO, limit: int) -> Stored:
        key = uuid.uuid4().hex
        digest, size = hashlib.sha256(), 0
        os.makedirs(os.path.dirname(self._path(key)), exist_ok=True)
        handle = tempfile.NamedTemporaryFile(dir=os.path.dirname(self._path(key)), delete=False)
        try:
            with handle:
                for chunk in _chunks(stream, limit):
                    digest.update(chunk)
                    size += len(chunk)
                    handle.write(chunk)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(handle.name, self._path(key))
        except BaseException:
            os.unlink(handle.name)
            raise
        return Stored(key, digest.hexdigest(), size)

    def open(self, key: str) -> Iterator[bytes]:
        try:
            handle = open(self._path(key), "rb")
        except FileNotFoundError:
            raise MissingFile(key) from None
        with handle:
            while chunk := handle.read(CHUNK):
                yield chunk

    def read(self, key: str) -> bytes:
        return b"".join(self.open(key))

    def delete(self, key: str) -> None:
        try:
            os.unlink(self._path(key))
        except (FileNotFoundError, MissingFile):
            pass


_CREATE_LOCK = 0x6B6A_6673   # "kjfs": any number the processes sharing the database agree on
_meta = sa.MetaData()
_chunks_table = sa.Table(
    "file_chunks", _meta,
    sa.Column("key", sa.String(32), primary_key=True),
    sa.Column("seq", sa.Integer, primary_key=True),
    sa.Column("data", sa.LargeBinary, nullable=False))


class DatabaseFileStore:
    """Bytes in a shared PostgreSQL database, in 1 MiB rows, written in one transaction."""

    def __init__(self, url: str):
        self.engine = sa.create_engine(url, pool_pre_ping=True, pool_size=5)
        # Several processes start at once (gateways, certificates): two concurrent CREATE TABLE
        # IF NOT EXISTS collide in PostgreSQL's catalogue (pg_type_typname_nsp_index) and one
        # fails. One at a time, under a lock held until the creating transaction ends.
        with self.engine.begin() as conn:
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _CREATE_LOCK})
            _meta.create_all(conn)

    def put(self, stream: BinaryIO, limit: int) -> Stored:
        key = uuid.uuid4().hex
        digest, size = hashlib.sha256(), 0
        with self.engine.begin() as conn:  # a failure rolls every chunk back
            for seq, chunk in enumerate(_chunks(stream, limit)):
                digest.update(chunk)
                size += len(chunk)
                conn.execute(_chunks_table.insert().values(key=key, seq=seq, data=chunk))
        return Stored(key, digest.hexdigest(), size)

    def open(self, key: str) -> Iterator[bytes]:
        with self.engine.connect() as conn:
            count = conn.execute(sa.select(sa.func.count()).where(_chunks_table.c.key == key)).scalar()
            if not count:
                raise MissingFile(key)
            for seq in range(count):
                yield conn.execute(sa.select(_chunks_table.c.data).where(
                    _chunks_table.c.key == key, _chunks_table.c.seq == seq)).scalar_one()

    def read(self, key: str) -> bytes:
        return b"".join(self.open(key))

    def delete(self, key: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(_chunks_table.delete().where(_chunks_table.c.key == key))


def make_store(url: str | None):
    url = url or "var/files"
    if url.startswith("postgresql"):
        return DatabaseFileStore(url)
    return LocalFileStore(url[len("file://"):] if url.startswith("file://") else url)
