"""Round trips through the gateway, at 1 and at 32 concurrent clients.

    .venv/bin/python bench/gateway_rpc.py [--url http://127.0.0.1:8000] [--seconds 10]

Needs the system running (./deploy/up). Prints requests/s, p50 and p99 for:
  ping       gateway → accounts RPC → reply, no database (the floor)
  agreement  gateway → accounts RPC → one SELECT → reply
  me         bearer-token authentication (an RPC) + the route: what every logged-in call pays
The client runs in this process with one keep-alive connection per client thread; on a
2-core machine it competes with the system for the CPU, so read the figures as a floor.
"""
from __future__ import annotations

import argparse
import http.client
import statistics
import threading
import time
from urllib.parse import urlparse


def run(url: str, path: str, clients: int, seconds: float, headers: dict) -> dict:
    target = urlparse(url)
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def client():
        conn = http.client.HTTPConnection(target.hostname, target.port or 80, timeout=30)
        mine = []
        while time.perf_counter() < stop_at:
            started = time.perf_counter()
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            mine.append(time.perf_counter() - started)
            if response.status >= 400:
                errors[0] += 1
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    latencies.sort()
    return {"rps": len(latencies) / elapsed, "p50": statistics.median(latencies) * 1000,
            "p99": latencies[int(len(latencies) * 0.99) - 1] * 1000, "n": len(latencies),
            "errors": errors[0]}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--token", help="a bearer token for the `me` case (log in first)")
    args = parser.parse_args()
    cases = [("ping", "/api/v1/ping", {}), ("agreement", "/api/v1/agreement", {})]
    if args.token:
        cases.append(("me", "/api/v1/me", {"Authorization": f"Bearer {args.token}"}))
    print(f"{'case':<10} {'clients':>7} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'n':>7} {'errors':>6}")
    for name, path, headers in cases:
        for clients in (1, 32):
            r = run(args.url, path, clients, args.seconds, headers)
            print(f"{name:<10} {clients:>7} {r['rps']:>8.0f} {r['p50']:>8.1f} {r['p99']:>8.1f} "
                  f"{r['n']:>7} {r['errors']:>6}")


if __name__ == "__main__":
    main()
