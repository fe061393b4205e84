"""The mailer: sends the outgoing-message store's mail with aiosmtplib, retrying with backoff.

A plain asyncio process (not eventlet-patched), started beside the accounts service:

    python -m services.accounts.mailer services/accounts/config.yaml

It claims due messages in short transactions (FOR UPDATE SKIP LOCKED on PostgreSQL, so
several mailers share the work), sends them, and records the outcome. A crash between
sending and recording sends that one message again; nothing is lost. After
MAIL_MAX_ATTEMPTS failures a message is `failed` and listed by
`python -m services.accounts.cli messages --status failed`.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import logging
import logging.config
import signal
import sys
import time
from email.message import EmailMessage
from email.utils import formataddr, parseaddr

import aiosmtplib
import sqlalchemy as sa

from services.common.backoff import backoff_seconds
from services.common.clock import utcnow
from services.common.config_file import load_config
from services.common.engine import make_engine
from services.common.flags import flag

from .models import OutgoingMessage
from .sms import sms_sender

log = logging.getLogger("accounts.mailer")

CLAIM_SECONDS = 120
IN_FLIGHT = 20  # deliveries under way at once
RECORD_RETRY_SECONDS = 2


def claim(engine: sa.Engine, now: dt.datetime, limit: int = IN_FLIGHT) -> list[OutgoingMessage]:
    table = OutgoingMessage.__table__
    due = (sa.select(table).where(
        table.c.status == "pending", table.c.next_attempt_at <= now,
        sa.or_(table.c.claimed_until.is_(None), table.c.claimed_until < now))
        .order_by(table.c.priority, table.c.id).limit(limit).with_for_update(skip_locked=True))
    with engine.begin() as conn:
        rows = conn.execute(due).all()
        if rows:
            conn.execute(table.update().where(table.c.id.in_([r.id for r in rows]))
                         .values(claimed_until=now + dt.timedelta(seconds=CLAIM_SECONDS)))
    return rows


def record(engine: sa.Engine, row, error: str | None, max_attempts: int) -> None:
    table = OutgoingMessage.__table__
    now = utcnow()
    if error is None:
        values = {"status": "sent", "sent_at": now, "attempts": row.attempts + 1,
                  "claimed_until": None, "last_error": None}
    else:
        attempts = row.attempts + 1
        values = {"attempts": attempts, "last_error": error[:500], "claimed_until": None,
                  "status": "failed" if attempts >= max_attempts else "pending",
                  "next_attempt_at": now + dt.timedelta(seconds=backoff_seconds(attempts))}
    with engine.begin() as conn:
        conn.execute(table.update().where(table.c.id == row.id).values(**values))


def build_email(row, sender: str) -> EmailMessage:
    message = EmailMessage()
    name, address = parseaddr(sender)
    message["From"] = formataddr((name, address)) if name else address
    message["To"] = row.recipient
    message["Subject"] = row.subject
    message["Message-ID"] = f"<outgoing-{row.id}@{address.partition('@')[2] or 'localhost'}>"
    message.set_content(row.body)
    return message


class Mailer:
    def __init__(self, config: dict):
        self.config = config
        self.engine = make_engine(config["DB_URL"], pool_size=2)
        self.max_attempts = int(config.get("MAIL_MAX_ATTEMPTS", 10))
        self.poll = float(config.get("MAIL_POLL_SECONDS", 1))
        self.start_tls = flag(config.get("SMTP_TLS"))
        self.sms = sms_sender(config)
        self.stopping = asyncio.Event()

    async def send_email(self, row) -> None:
        await aiosmtplib.send(
            build_email(row, self.config["MAIL_FROM"]),
            hostname=self.config["SMTP_HOST"], port=int(self.config["SMTP_PORT"]),
            username=self.config.get("SMTP_USER") or None,
            password=self.config.get("SMTP_PASSWORD") or None,
            start_tls=self.start_tls, timeout=30)

    async def deliver(self, row) -> None:
        try:
            if row.channel == "email":
                await self.send_email(row)
            else:
                await self.sms.send(row)
        except Exception as exc:  # noqa: BLE001 - any failure is retried later
            log.warning("delivery failed", extra={"message_id": row.id, "error": str(exc)})
            await self.record_outcome(row, f"{type(exc).__name__}: {exc}")
        else:
            await self.record_outcome(row, None)
            log.info("delivered", extra={"message_id": row.id, "channel": row.channel})

    async def record_outcome(self, row, error: str | None) -> None:
        """Record what became of a claimed message. While the database is unavailable, keep
        trying for a while (well within the claim): giving up would send a sent message again
        once the claim expires, and an exception here would stop the mailer."""
        deadline = time.monotonic() + CLAIM_SECONDS / 2
        while True:
            try:
                record(self.engine, row, error, self.max_attempts)
                return
            except Exception as exc:  # noqa: BLE001 - database unavailable
                if self.stopping.is_set() or time.monotonic() >= deadline:
                    log.error("could not record a delivery; the message will be tried again",
                              extra={"message_id": row.id, "error": str(exc)})
                    return
                log.warning("recording a delivery failed; retrying",
                            extra={"message_id": row.id, "error": str(exc)})
                await asyncio.sleep(RECORD_RETRY_SECONDS)

    async def run(self) -> None:
        """Keep up to IN_FLIGHT deliveries under way, claiming more as each one ends: a slow
        or hanging SMTP connection (up to its 30 s timeout) holds up only its own message."""
        log.info("mailer started", extra={"smtp": f"{self.config['SMTP_HOST']}:{self.config['SMTP_PORT']}"})
        in_flight: set[asyncio.Task] = set()
        stopping = asyncio.ensure_future(self.stopping.wait())
        while not self.stopping.is_set():
            rows = []
            if len(in_flight) < IN_FLIGHT:
                try:
                    rows = claim(self.engine, utcnow(), IN_FLIGHT - len(in_flight))
                except Exception as exc:  # database unavailable: wait and retry
                    log.warning("claim failed", extra={"error": str(exc)})
            for row in rows:
                task = asyncio.ensure_future(self.deliver(row))
                in_flight.add(task)
                task.add_done_callback(in_flight.discard)
            if rows and len(in_flight) < IN_FLIGHT:
                continue  # more may be due at once
            await asyncio.wait([stopping, *in_flight], timeout=self.poll,
                               return_when=asyncio.FIRST_COMPLETED)
        stopping.cancel()
        if in_flight:  # let claimed messages finish and be recorded
            await asyncio.wait(in_flight)


def main(argv: list[str]) -> None:
    config = load_config(argv[0] if argv else "services/accounts/config.yaml")
    if "LOGGING" in config:
        logging.config.dictConfig(config["LOGGING"])
    mailer = Mailer(config)

    async def _main():
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, mailer.stopping.set)
        await mailer.run()
    asyncio.run(_main())


if __name__ == "__main__":
    main(sys.argv[1:])
