"""The whole system as real processes, for end-to-end tests: a RabbitMQ vhost of its own,
SQLite files or PostgreSQL databases of its own, the mail sink, every service and the
gateway on free ports. Tests drive it over HTTP and read what the mail sink received."""
from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass

import requests
import sqlalchemy as sa

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PY = sys.executable
NAMEKO = os.path.join(os.path.dirname(PY), "nameko")
PG_ADMIN = os.environ.get("TEST_PG_ADMIN_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres")
RABBIT = os.environ.get("TEST_RABBIT_URL", "pyamqp://guest:guest@127.0.0.1:5672")
SERVICES_WITH_DB = ("accounts", "registration", "review", "certificates", "reports")
# The databases the end-to-end tests run the system on, each in turn: TEST_BACKENDS=sqlite for one.
BACKENDS = [b for b in os.environ.get("TEST_BACKENDS", "sqlite,postgres").split(",") if b]
# Ordinary tests log in, sign up and ask for captchas from one address far more often than a
# person would: their system's rate limits are generous. tests/e2e/test_rate_limits.py starts a
# system of its own with tight ones.
GENEROUS_RATE_LIMITS = {f"RATE_LIMIT_{bucket}": "100000 per 60" for bucket in (
    "LOGIN_IP", "LOGIN_EMAIL", "CAPTCHA_IP", "REGISTRATION_IP", "ACTIVATION_IP", "RESET_IP",
    "RESET_EMAIL", "CODE_USER", "OBJECTION_IP")}

# Several systems run at once on one PostgreSQL (the session's, and a test's own with two
# instances of everything): each process keeps at most 2 × 3 connections, as docs/deploy.md
# says to size pools against max_connections (100 by default).
SMALL_POOLS = {f"{s.upper()}_DB_POOL_SIZE": "3" for s in SERVICES_WITH_DB}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rabbitmqctl(*args) -> None:
    subprocess.run(["rabbitmqctl", "-q", *args], check=True, capture_output=True, timeout=60)


@dataclass
class Program:
    name: str
    argv: list[str]
    log: str
    process: subprocess.Popen | None = None


class System:
    def __init__(self, workdir: str, backend: str):
        self.workdir = workdir
        self.backend = backend
        self.tag = f"kjtest_{uuid.uuid4().hex[:10]}"
        self.http_port, self.smtp_port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.http_port}"
        self.mail_dir = os.path.join(workdir, "mail")
        self.captcha_dir = os.path.join(workdir, "captchas")
        os.makedirs(self.captcha_dir, exist_ok=True)
        self.db_urls = {s: self._database(s) for s in SERVICES_WITH_DB}
        self.amqp_uri = f"{RABBIT}/{self.tag}"
        self.env = dict(os.environ, PYTHONWARNINGS="ignore::DeprecationWarning",
                        PYTHONPATH=ROOT, AMQP_URI=self.amqp_uri, PUBLIC_URL=self.url,
                        GATEWAY_ADDRESS=f"127.0.0.1:{self.http_port}",
                        SMTP_HOST="127.0.0.1", SMTP_PORT=str(self.smtp_port),
                        MAIL_POLL_SECONDS="0.2", OUTBOX_POLL_SECONDS="0.5",
                        RPC_TIMEOUT_SECONDS="10", TEST_CAPTCHA_DIR=self.captcha_dir,
                        FILE_STORE_URL=self._file_store(),
                        CERTIFICATES_KEYS_DIR=os.path.join(workdir, "keys"),
                        **GENEROUS_RATE_LIMITS, **SMALL_POOLS,
                        **{f"{s.upper()}_DB_URL": url for s, url in self.db_urls.items()})
        self.programs = {p.name: p for p in self._programs()}

    # -- setup --------------------------------------------------------------------------
    def _database(self, service: str) -> str:
        if self.backend == "sqlite":
            return f"sqlite:///{self.workdir}/{service}.db"
        name = f"{self.tag}_{service}"
        engine = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        return PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"

    def _file_store(self) -> str:
        if self.backend == "sqlite":
            return os.path.join(self.workdir, "files")
        return self._database("files")

    def _programs(self) -> list[Program]:
        logs = lambda n: os.path.join(self.workdir, f"{n}.log")  # noqa: E731
        return [
            Program("mailsink", [PY, "deploy/mailsink.py", "--dir", self.mail_dir,
                                 "--smtp-port", str(self.smtp_port), "--http-port", "0"],
                    logs("mailsink")),
            Program("accounts", [NAMEKO, "run", "--config", "services/accounts/config.yaml",
                                 "tests.support.accounts_under_test:AccountsUnderTest"],
                    logs("accounts")),
            Program("mailer", [PY, "-m", "services.accounts.mailer", "services/accounts/config.yaml"],
                    logs("mailer")),
            Program("registration", [NAMEKO, "run", "--config", "services/registration/config.yaml",
                                     "services.registration.service:RegistrationService"],
                    logs("registration")),
            Program("review", [NAMEKO, "run", "--config", "services/review/config.yaml",
                               "services.review.service:ReviewService"], logs("review")),
            Program("certificates", [NAMEKO, "run", "--config", "services/certificates/config.yaml",
                                     "services.certificates.service:CertificatesService"],
                    logs("certificates")),
            Program("reports", [NAMEKO, "run", "--config", "services/reports/config.yaml",
                                "services.reports.service:ReportsService"], logs("reports")),
            Program("gateway", [NAMEKO, "run", "--config", "gateway/config.yaml",
                                "gateway.service:Gateway"], logs("gateway")),
        ]

    def start(self, *names: str, wait: bool = True) -> None:
        for name in names or self.programs:
            program = self.programs[name]
            log = open(program.log, "ab")
            program.process = subprocess.Popen(program.argv, cwd=ROOT, env=self.env,
                                               stdout=log, stderr=subprocess.STDOUT)
        if wait:
            self.wait_ready()

    def add_instance(self, name: str) -> str:
        """Start one more process of a program (a second instance of a service)."""
        program = self.programs[name]
        extra = Program(f"{name}-{len(self.programs)}", program.argv,
                        program.log.replace(".log", f"-{len(self.programs)}.log"))
        self.programs[extra.name] = extra
        self.start(extra.name)
        return extra.name

    def up(self) -> "System":
        rabbitmqctl("add_vhost", self.tag)
        rabbitmqctl("set_permissions", "-p", self.tag, "guest", ".*", ".*", ".*")
        self.start()
        return self

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.time() + timeout
        while time.time() < deadline:
            for program in self.programs.values():
                if program.process and program.process.poll() is not None:
                    raise RuntimeError(f"{program.name} exited:\n{self.tail(program.name)}")
            try:
                if (requests.get(self.url + "/readyz", timeout=5).status_code == 200
                        and self._mailsink_listening()):
                    return
            except requests.RequestException:
                pass
            time.sleep(0.3)
        raise RuntimeError("system not ready:\n" + "\n".join(self.tail(n) for n in self.programs))

    def _mailsink_listening(self) -> bool:
        """The SMTP port accepts connections, if the sink is meant to be running."""
        sink = self.programs.get("mailsink")
        if sink is None or sink.process is None or sink.process.poll() is not None:
            return True
        try:
            socket.create_connection(("127.0.0.1", self.smtp_port), timeout=1).close()
            return True
        except OSError:
            return False

    def tail(self, name: str, lines: int = 30) -> str:
        with open(self.programs[name].log, errors="replace") as handle:
            return f"--- {name}\n" + "".join(handle.readlines()[-lines:])

    # -- faults -------------------------------------------------------------------------
    def kill(self, name: str) -> None:
        """kill -9: no shutdown code runs."""
        process = self.programs[name].process
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)

    def stop(self, name: str) -> None:
        process = self.programs[name].process
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    @contextlib.contextmanager
    def restarted_with(self, name: str, **env: str):
        """The service `name` runs with `env` added for the block, and as before after it."""
        self.stop(name)
        self.env.update(env)
        self.start(name)
        try:
            yield self
        finally:
            self.stop(name)
            for key in env:
                self.env.pop(key, None)
            self.start(name)

    def down(self) -> None:
        for program in self.programs.values():
            if program.process and program.process.poll() is None:
                self.stop(program.name)
        try:
            rabbitmqctl("delete_vhost", self.tag)
        except Exception:  # noqa: BLE001 - best effort cleanup
            pass
        if self.backend == "postgres":
            engine = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
            with engine.connect() as conn:
                for url in [*self.db_urls.values(), self.env["FILE_STORE_URL"]]:
                    conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)'))
            engine.dispose()

    # -- what tests read ----------------------------------------------------------------
    def captcha(self, session: requests.Session | None = None) -> dict:
        response = (session or requests).post(self.url + "/api/v1/captchas", timeout=10)
        assert response.status_code == 201, response.text
        captcha_id = response.json()["captcha_id"]
        with open(os.path.join(self.captcha_dir, captcha_id)) as handle:
            return {"captcha_id": captcha_id, "captcha_answer": handle.read()}

    def mails(self, to: str | None = None) -> list[dict]:
        index = os.path.join(self.mail_dir, "index.jsonl")
        if not os.path.exists(index):
            return []
        with open(index, encoding="utf-8") as handle:
            mails = [json.loads(line) for line in handle if line.strip()]
        return [m for m in mails if to is None or to in m["to"]]

    def wait_mail(self, to: str, subject: str, count: int = 1, timeout: float = 20) -> dict:
        """The latest mail to `to` whose subject contains `subject`, once `count` have come."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            found = [m for m in self.mails(to) if subject in m["subject"]]
            if len(found) >= count:
                return found[-1]
            time.sleep(0.1)
        raise AssertionError(f"no mail '{subject}' to {to}; got {[m['subject'] for m in self.mails(to)]}"
                             f"\n{self.outgoing(to)}\n{self.tail('mailer')}")

    def outgoing(self, to: str) -> str:
        """What the accounts service holds for `to` in its outgoing-message store, and when:
        says whether a missing mail was never written, is waiting, or is stuck in a claim."""
        engine = self.db("accounts")
        try:
            with engine.connect() as conn:
                rows = conn.execute(sa.text(
                    "SELECT id, subject, status, attempts, created_at, next_attempt_at, "
                    "claimed_until, sent_at, last_error FROM outgoing_messages "
                    "WHERE recipient = :to ORDER BY id"), {"to": to}).all()
                due = conn.execute(sa.text(
                    "SELECT count(*) FROM outgoing_messages WHERE status = 'pending'")).scalar_one()
        except Exception as exc:  # noqa: BLE001 - only a diagnostic
            return f"--- outgoing messages: unreadable ({exc})"
        finally:
            engine.dispose()
        lines = [f"--- outgoing messages to {to} (now {time.strftime('%H:%M:%S', time.gmtime())} UTC, "
                 f"{due} pending in all)"]
        lines += [str(tuple(row)) for row in rows] or ["(none)"]
        return "\n".join(lines)

    def db(self, service: str) -> sa.Engine:
        return sa.create_engine(self.db_urls[service])
