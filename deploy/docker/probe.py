"""Health probe of the containers: Kubernetes exec probes and compose healthchecks.

    python deploy/docker/probe.py accounts          # the service's `health` RPC: it answers on
                                                    # RabbitMQ and its database answers it
    python deploy/docker/probe.py accounts --ping   # the `ping` RPC: a round trip through the
                                                    # broker, no database (liveness)
    python deploy/docker/probe.py mailer            # the mailer's database answers
    python deploy/docker/probe.py mailer --smtp     # … and its SMTP server accepts a connection
    python deploy/docker/probe.py --http http://127.0.0.1:8000/readyz

Exits 0 when healthy and 1 otherwise, with one line on stderr saying why. Each check has a
timeout (--timeout, 5 s by default) and an alarm ends the probe if connecting itself hangs.

The service's own config.yaml is read the way `nameko run --config` reads it (same
${NAME:default} substitution from the environment), so the probe reaches the broker and the
database the process uses. An RPC goes to the service's shared queue: any running instance
may answer, so the RPC probe says "the service answers", which is exact with one instance and
the useful question with several (an instance that lost its broker connection stops taking
work, and nameko reconnects it by itself).
"""
from __future__ import annotations

import argparse
import os
import signal
import socket
import sys
import urllib.error
import urllib.request
import warnings
from pathlib import Path

warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
warnings.filterwarnings("ignore", category=DeprecationWarning)

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("accounts", "registration", "review", "certificates", "reports")


def config_path(service: str) -> Path:
    return ROOT / "services" / service / "config.yaml"


def _load(service: str) -> dict:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from services.common.config_file import load_config
    return load_config(str(config_path(service)))


def check_rpc(service: str, method: str, timeout: float, proxy_factory=None) -> str | None:
    """None when the service answered `method` as a healthy service does, else why not."""
    if proxy_factory is None:
        from nameko.standalone.rpc import ClusterRpcProxy as proxy_factory
    config = _load(service)
    with proxy_factory({"AMQP_URI": config["AMQP_URI"]}, timeout=timeout) as cluster:
        reply = getattr(getattr(cluster, service), method)()
    if method == "ping":
        return None if reply == "pong" else f"{service}.ping answered {reply!r}"
    if isinstance(reply, dict) and reply.get("ok") is True:
        return None
    return f"{service}.{method} answered {reply!r}"


def check_mailer(timeout: float, smtp: bool) -> str | None:
    config = _load("accounts")
    import sqlalchemy as sa
    from services.common.engine import make_engine
    engine = make_engine(config["DB_URL"], pool_size=1)
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    finally:
        engine.dispose()
    if smtp:
        with socket.create_connection((config["SMTP_HOST"], int(config["SMTP_PORT"])), timeout=timeout):
            pass
    return None


def check_http(url: str, timeout: float) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return None if response.status == 200 else f"{url}: HTTP {response.status}"
    except urllib.error.HTTPError as exc:
        return f"{url}: HTTP {exc.code}"


def _give_up(signum, frame):  # noqa: ARG001 - signal handler signature
    print("probe: no answer in time", file=sys.stderr, flush=True)
    os._exit(1)


def main(argv: list[str] | None = None, proxy_factory=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("target", nargs="?", choices=[*SERVICES, "mailer"],
                        help="a nameko service (its RPC) or the mailer (its database)")
    parser.add_argument("--ping", action="store_true",
                        help="call `ping` (no database) instead of `health`")
    parser.add_argument("--smtp", action="store_true", help="mailer: also connect to SMTP_HOST")
    parser.add_argument("--http", metavar="URL", help="GET this URL and expect 200")
    parser.add_argument("--timeout", type=float, default=5.0, help="seconds (default 5)")
    args = parser.parse_args(argv)
    if bool(args.target) == bool(args.http):
        parser.error("give a service, `mailer`, or --http URL")

    os.chdir(ROOT)  # relative paths in the configs (SQLite files) resolve as for the service
    previous = signal.signal(signal.SIGALRM, _give_up)
    signal.alarm(int(args.timeout) + 3)
    try:
        if args.http:
            problem = check_http(args.http, args.timeout)
        elif args.target == "mailer":
            problem = check_mailer(args.timeout, args.smtp)
        else:
            problem = check_rpc(args.target, "ping" if args.ping else "health", args.timeout,
                                proxy_factory)
    except Exception as exc:  # noqa: BLE001 - any failure means unhealthy
        problem = f"{type(exc).__name__}: {exc}"
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    if problem:
        print(f"probe: {problem}", file=sys.stderr, flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
