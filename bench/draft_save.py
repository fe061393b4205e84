"""Saving a draft section through the gateway, next to the bare gateway→RPC echo, in one run.

    .venv/bin/python bench/draft_save.py [--seconds 10] [--backend sqlite|postgres]

Starts its own system (tests/support/system.py: real processes on RabbitMQ), signs up a
registrant, gives each client its own draft (so saves never conflict), then prints
requests/s, p50 and p99 at 1 and at 32 concurrent clients for:
  echo   GET /api/v1/ping            gateway → accounts RPC → reply (the floor)
  save   PUT /api/v1/achievements/N  authenticate RPC + save RPC (lenient clean + CAS update)
  list   GET /api/v1/achievements    authenticate RPC + list RPC
The load generator runs on the same 2 cores as the system: read the figures side by side.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
import http.client
from urllib.parse import urlparse

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from tests.support.client import Person, activate_from_mail, unique_email  # noqa: E402
from tests.support.system import System  # noqa: E402


def registrant(system) -> str:
    visitor = Person(system)
    email = unique_email("bench")
    version = visitor.get("/api/v1/agreement").json()["version"]
    visitor.post("/api/v1/signup", {"entry": "registrant_without_unit", "agreed": True,
                                    "agreement_version": version, "name": "压测", "email": email,
                                    "mobile": "13812345678", **visitor.captcha()})
    person = activate_from_mail(system, email)
    client = Person(system, bearer=True)
    client.login(email)
    return client.token


def run(url, clients, seconds, make_request):
    target = urlparse(url)
    latencies, lock = [], threading.Lock()
    stop_at = time.perf_counter() + seconds
    errors = [0]

    def worker(index):
        conn = http.client.HTTPConnection(target.hostname, target.port, timeout=60)
        state, mine = {}, []
        while time.perf_counter() < stop_at:
            method, path, body, headers, after = make_request(index, state)
            started = time.perf_counter()
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
            mine.append(time.perf_counter() - started)
            if response.status >= 400:
                errors[0] += 1
                if errors[0] == 1:
                    print(f"  first error: {response.status} {data[:300].decode(errors='replace')}")
            elif after:
                after(state, data)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    latencies.sort()
    return (len(latencies) / elapsed, statistics.median(latencies) * 1000,
            latencies[max(int(len(latencies) * 0.99) - 1, 0)] * 1000, errors[0])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--backend", default="sqlite", choices=["sqlite", "postgres"])
    args = parser.parse_args()
    os.environ.setdefault("PYTHONWARNINGS", "ignore::DeprecationWarning")
    with tempfile.TemporaryDirectory() as workdir:
        system = System(workdir, args.backend).up()
        try:
            token = registrant(system)
            auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
            owner = Person(system, bearer=True)
            owner.token = token
            drafts = [owner.post("/api/v1/achievements", {"category": "applied"}).json()["id"]
                      for _ in range(32)]

            def echo(index, state):
                return "GET", "/api/v1/ping", None, {}, None

            versions = {}  # per draft, across runs

            def save(index, state):
                version = versions.get(index, 1)
                body = json.dumps({"version": version, "sections": {"overview": {
                    "title": f"压测成果{index}-{version}", "keywords": ["测试", "实验"]}}})

                def after(state, data):
                    versions[index] = json.loads(data)["version"]
                return "PUT", f"/api/v1/achievements/{drafts[index]}", body, auth, after

            def listing(index, state):
                return "GET", "/api/v1/achievements", None, auth, None

            print(f"machine: {os.cpu_count()} cores; backend {args.backend}; {args.seconds:.0f} s per row")
            print(f"{'case':<6} {'clients':>7} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6}")
            floor = {}
            for name, maker in (("echo", echo), ("save", save), ("list", listing)):
                for clients in (1, 32):
                    rps, p50, p99, errors = run(system.url, clients, args.seconds, maker)
                    print(f"{name:<6} {clients:>7} {rps:>8.0f} {p50:>8.1f} {p99:>8.1f} {errors:>6}")
                    if name == "echo":
                        floor[clients] = (rps, p99)
                    elif name == "save" and clients == 32:
                        print(f"       save/echo at 32 clients: {rps / floor[32][0]:.0%} of the "
                              f"requests/s, p99 {p99 / floor[32][1]:.1f}× the floor's")
        finally:
            system.down()


if __name__ == "__main__":
    main()
