"""Round trips through the gateway of a system you already run, at 1 and at 32 concurrent clients.

    .venv/bin/python bench/gateway_rpc.py [--url http://127.0.0.1:8000] [--seconds 10] [--token T]

Needs the system running (./deploy/up). Prints requests/s, p50 and p99 for:
  ping       gateway → accounts RPC → reply, no database (the floor)
  agreement  gateway → accounts RPC → one SELECT → reply
  me         bearer-token authentication (cached in the gateway after the first request) + the route
The load generator (bench/loadgen.py) runs on the same machine as the system and competes with it
for the CPU, so read the figures as a floor. bench/run_all.py prints every figure side by side.
"""
from __future__ import annotations

import argparse
import shutil

from loadgen import Case, run_threads, run_wrk


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--token", help="a bearer token for the `me` case (log in first)")
    args = parser.parse_args()
    load = run_wrk if shutil.which("wrk") else run_threads
    cases = [("ping", Case("GET", "/api/v1/ping")), ("agreement", Case("GET", "/api/v1/agreement"))]
    if args.token:
        cases.append(("me", Case("GET", "/api/v1/me", {"Authorization": f"Bearer {args.token}"})))
    print(f"{'case':<10} {'clients':>7} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'n':>7} {'errors':>6}")
    for name, case in cases:
        for clients in (1, 32):
            r = load(args.url, case, clients, args.seconds)
            print(f"{name:<10} {clients:>7} {r['rps']:>8.0f} {r['p50']:>8.1f} {r['p99']:>8.1f} "
                  f"{r['n']:>7} {r['errors']:>6}")


if __name__ == "__main__":
    main()
