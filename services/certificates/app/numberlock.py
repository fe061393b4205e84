"""One registration number's approval and revocation, one at a time.

`approved` and `revoked` come on two queues and may be handled at once. Each transaction looks
for what the other writes (a revocation finds the certificate; an approval finds the
revocation); without a common lock, under READ COMMITTED both could look before either commits
and the certificate would stay valid. On PostgreSQL a transaction-scoped advisory lock keyed by
the number serialises the two; SQLite's write transactions are serialised already.
"""
from __future__ import annotations

import hashlib

import sqlalchemy as sa


def lock(session, registration_number: str) -> None:
    if session.get_bind().dialect.name != "postgresql":
        return
    key = int.from_bytes(hashlib.sha256(registration_number.encode()).digest()[:8], "big",
                         signed=True)
    session.execute(sa.select(sa.func.pg_advisory_xact_lock(key)))
