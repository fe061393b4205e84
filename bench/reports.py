"""The reports service (the office's read model) against its targets, in one run.

    .venv/bin/python bench/reports.py [--backend sqlite|postgres] [--rows 100000] [--seconds 8]
                                      [--parts queries,export,catchup,rebuild]
                                      [--events 10000] [--rebuild-events 100000]
                                      [--loadgen auto|wrk|python] [--py-spy DIR]

Starts its own system (tests/support/system.py: real processes on RabbitMQ, a vhost and fresh
databases of its own) and measures:

  queries   --rows registrations are seeded straight into the read model's tables with SQL
            (synthetic rows: bench/reports_data.py; NOT made by the workflow, so no events,
            snapshots or other services' rows stand behind them). Then, through the gateway,
            1 keep-alive client for --seconds each: 676 distinct statistics questions and 900
            distinct public searches (none asked twice in a row: what the service has to count),
            three typical statistics queries and two public searches asked again and again
            (answered from the answers the service keeps per read-model version); and at 32
            clients the public search, asked again and distinct, next to the gateway→RPC echo
            (GET /api/v1/ping).
  export    POST /api/v1/exports (kind registrations, no filter: every seeded row), polled
            until done; the time, and the reports process's resident memory (VmRSS sampled
            every 0.2 s) above what it was before.
  catchup   the reports service stopped; a few real submissions through the API (their
            snapshots are what the synthetic events point at, so the read model fetches real
            content over RPC); --events synthetic envelopes (docs/events/*.yaml, whole
            lifecycles: submitted → forwarded → approved → issued, returned and resubmitted,
            refused, withdrawn, revoked) published to the producers' exchanges while only the
            reports service's queues are bound to them (the other consumers handled the real
            history at the time; here they would only add load); then reports is started and
            timed until its `events` table holds every queued event.
  rebuild   --rebuild-events synthetic envelopes written into the producers' `outbox` tables
            as already published, then `python -m services.reports.cli rebuild` into a fresh
            database, timed; extrapolated to 100,000 registrations at the measured rate (to
            measure it without extrapolating: --rebuild-events 340000).

For the issue's second size, the read model alone: --rows 1000000 --parts queries (at that size
the 登记号's four-digit serial spreads the rows over ~50 years; at 100,000 over 12).
--py-spy DIR records the reports process during each row and part (and the rebuild command):
summarise with bench/profile_summary.py; profiled runs are slower, do not report their figures.

The load generator is `wrk` when installed (apt-get install wrk), else Python threads
(bench/loadgen.py). It shares the machine's cores with every process of the system: compare
figures of one run with each other.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import warnings
from urllib.parse import quote

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("PYTHONWARNINGS", "ignore::DeprecationWarning")
warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")

import sqlalchemy as sa  # noqa: E402

from tests.support.achievements import filled  # noqa: E402
from tests.support.client import office_user, signed_up_registrant  # noqa: E402
from tests.support.system import PG_ADMIN, SERVICES_WITH_DB, System  # noqa: E402

from figures import print_targets as print_table, rss_mb  # noqa: E402
from loadgen import Case, run_threads, run_wrk  # noqa: E402
import reports_data as data  # noqa: E402

TARGETS = {"statistics_p99_ms": 100.0, "search_p99_ms": 50.0, "search_rps_share": 0.50,
           "export_s": 30.0, "export_rss_mb": 100.0, "catchup_s": 60.0, "rebuild_s": 600.0}
TARGET_EXPORT_ROWS = 100_000
TARGET_REBUILD_REGISTRATIONS = 100_000
PARTS = ("queries", "export", "catchup", "rebuild")
PRODUCERS = ("registration", "review", "certificates")


# -- measuring ---------------------------------------------------------------------------------
class RssSampler(threading.Thread):
    """VmRSS of one process every `every` seconds until stopped: the peak and the samples."""

    def __init__(self, pid: int, every: float = 0.2):
        super().__init__(daemon=True)
        self.pid, self.every, self.samples = pid, every, []
        self._stop_event = threading.Event()

    def run(self):
        while not self._stop_event.is_set():
            try:
                self.samples.append(rss_mb(self.pid)[0])
            except OSError:
                return
            self._stop_event.wait(self.every)

    def stop(self) -> float:
        self._stop_event.set()
        self.join()
        return max(self.samples, default=0.0)


class Spy:
    """py-spy record (raw collapsed stacks) of a process while a part runs (--py-spy DIR)."""

    def __init__(self, folder: str | None):
        self.folder = folder
        self.binary = shutil.which("py-spy") or os.path.join(os.path.dirname(sys.executable), "py-spy")

    def start(self, label: str, pid: int) -> subprocess.Popen | None:
        if not self.folder:
            return None
        os.makedirs(self.folder, exist_ok=True)
        return subprocess.Popen([self.binary, "record", "--nonblocking", "-r", "100", "-f", "raw",
                                 "-o", os.path.join(self.folder, f"{label}.txt"), "-p", str(pid)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    @staticmethod
    def stop(spy: subprocess.Popen | None) -> None:
        if spy is None:
            return
        if spy.poll() is None:
            spy.send_signal(signal.SIGINT)
        try:
            spy.wait(timeout=60)
        except subprocess.TimeoutExpired:
            spy.kill()
            spy.wait()


def drain(system, office, timeout: float = 300) -> None:
    """Wait until the reports service has answered every request a load row left queued (the
    gateway stops waiting after its RPC timeout; the service does not stop working)."""
    from kombu import Connection

    deadline = time.monotonic() + timeout
    with Connection(system.amqp_uri) as conn:
        channel = conn.channel()
        while channel.queue_declare(queue="rpc-reports", passive=True).message_count:
            if time.monotonic() > deadline:
                raise RuntimeError("the reports service did not drain its RPC queue")
            time.sleep(0.2)
    office.get("/api/v1/statistics/dimensions")   # behind whatever is still being worked on
    time.sleep(1)


def scalar(engine, sql: str, **params):
    with engine.connect() as conn:
        return conn.execute(sa.text(sql), params).scalar()


def wait_for(predicate, timeout: float, what: str, every: float = 0.2):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out waiting for {what}")
        time.sleep(every)


# -- the parts ---------------------------------------------------------------------------------
def statistics_cases(this_year: int) -> list[tuple[str, str]]:
    year = this_year - 1   # the last whole statistics year
    return [("statistics by=category", "/api/v1/statistics?by=category"),
            (f"statistics by=region,category registered {year}",
             f"/api/v1/statistics?by=region,category&status=registered&statistics_year={year}"),
            ("statistics by=discipline", "/api/v1/statistics?by=discipline")]


def distinct_statistics(this_year: int) -> list[str]:
    """Statistics questions none of which is asked twice in a row of load: every dimension,
    alone and under a status and a year (the service keeps answers per read-model version:
    services/reports/app/answers.py; these measure the answers it has to count)."""
    dims = ["category", "registration_year", "statistics_year", "region", "discipline", "industry",
            "hightech_field", "achievement_level", "evaluation_method", "achievement_stage", "unit",
            "status", "refusal_reason"]
    paths = []
    for year in [None, *range(this_year - 11, this_year + 1)]:
        for status in (None, "registered", "refused", "pending"):
            for dim in dims:
                query = f"by={dim}" + (f"&status={status}" if status else "") + \
                        (f"&statistics_year={year}" if year else "")
                paths.append("/api/v1/statistics?" + query)
    return paths


def distinct_searches() -> list[str]:
    """Public searches none of which is asked twice in a row of load: every title word, pages 1–20."""
    return [f"/api/v1/public/achievements?q={quote(word)}&page={page}"
            for page in range(1, 21) for word in data.TITLE_WORDS]


def search_cases() -> list[tuple[str, str]]:
    return [(f"public search q={data.SEARCH_WORD}",
             "/api/v1/public/achievements?q=" + quote(data.SEARCH_WORD)),
            ("public register, first page", "/api/v1/public/achievements")]


def queries(system, office, load, seconds: float, spy: Spy, results: dict) -> None:
    bearer = {"Authorization": f"Bearer {office.token}"}
    this_year = dt.datetime.now(data.CHINA).year
    for _, path in statistics_cases(this_year):
        answer = office.get(path)
        assert answer.status_code == 200, answer.text
        print(f"  {path}: {len(answer.json().get('rows', []))} rows, total {answer.json()['total']:,}")
    for _, path in search_cases():
        answer = office.get(path)
        assert answer.status_code == 200, answer.text
        print(f"  {path}: {answer.json()['total']:,} found")
    print()
    print(f"{'case':<48} {'clients':>7} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'n':>6} {'errors':>6}")
    reports_pid = system.programs["reports"].process.pid

    def row(key, name, path, clients, headers=None, paths=None):
        case = Case("GET", path, headers or {}, paths=paths)
        # warm up: connections, workers, code tables (on `path`: not one of the distinct `paths`)
        load(system.url, Case("GET", path, headers or {}), clients, 1)
        drain(system, office)
        spies = [spy.start(f"{key}-{clients}-reports", reports_pid)]
        result = load(system.url, case, clients, seconds)
        for one in spies:
            Spy.stop(one)
        drain(system, office)
        results[(key, clients)] = {**result, "name": name}
        print(f"{name:<48} {clients:>7} {result['rps']:>8.1f} {result['p50']:>8.1f} "
              f"{result['p99']:>8.1f} {result['n']:>6} {result['errors']:>6}", flush=True)

    cold_statistics, cold_searches = distinct_statistics(this_year), distinct_searches()
    # distinct questions first: warming up on them asks each of a few once, nothing more
    warm_statistics, warm_search = "/api/v1/statistics?by=category&registration_year=1999", \
        "/api/v1/public/achievements?q=" + quote("预热")
    row("statistics_cold", f"statistics, {len(cold_statistics)} distinct questions", warm_statistics,
        1, bearer, paths=cold_statistics)
    row("search_cold", f"public search, {len(cold_searches)} distinct words×pages", warm_search, 1,
        paths=cold_searches)
    for index, (name, path) in enumerate(statistics_cases(this_year)):
        row(f"statistics{index}", name + " (asked again)", path, 1, bearer)
    for index, (name, path) in enumerate(search_cases()):
        row(f"search{index}", name + " (asked again)", path, 1)
    row("echo", "echo GET /api/v1/ping", "/api/v1/ping", 32)
    row("search0", search_cases()[0][0] + " (asked again)", search_cases()[0][1], 32)
    row("search_cold", f"public search, {len(cold_searches)} distinct words×pages", warm_search, 32,
        paths=list(reversed(cold_searches)))


def export(system, office, spy: Spy, results: dict) -> None:
    pid = system.programs["reports"].process.pid
    time.sleep(1)
    before = rss_mb(pid)[0]
    sampler = RssSampler(pid)
    sampler.start()
    profile = spy.start("export-reports", pid)
    started = time.perf_counter()
    answer = office.post("/api/v1/exports", {"kind": "registrations", "params": {}},
                         headers={"Idempotency-Key": uuid.uuid4().hex})
    assert answer.status_code == 202, answer.text
    export_id, total = answer.json()["id"], answer.json()["total"]

    def finished():
        status = office.get(f"/api/v1/exports/{export_id}").json()
        return status if status["status"] in ("done", "failed") else None
    status = wait_for(finished, 1800, "the export", every=0.2)
    seconds = time.perf_counter() - started
    Spy.stop(profile)
    peak = sampler.stop()
    assert status["status"] == "done", status["error"]
    file = office.get(f"/api/v1/exports/{export_id}/file")
    assert file.status_code == 200 and file.content[:2] == b"PK", file.status_code
    results["export"] = {"rows": status["written"], "total": total, "seconds": seconds,
                         "before": before, "peak": peak, "growth": peak - before,
                         "bytes": len(file.content)}
    print(f"export of {status['written']:,} rows (.xlsx, {len(file.content) / 1e6:.1f} MB): "
          f"{seconds:.1f} s from the request to done (the writer polls every 2 s); reports RSS "
          f"{before:.0f} MB before, peak {peak:.0f} MB: +{peak - before:.0f} MB", flush=True)


def real_submissions(system, count: int) -> dict[str, list[int]]:
    """`count` submissions through the API (registrants without a unit), spread over the three
    categories: category → snapshot ids."""
    snapshots: dict[str, list[int]] = {c: [] for c in data.LETTERS}
    registrant = signed_up_registrant(system)
    for index in range(count):
        category = list(data.LETTERS)[index % 3]
        draft = filled(registrant, category)
        answer = registrant.post(f"/api/v1/achievements/{draft['id']}/submit",
                                 headers={"Idempotency-Key": uuid.uuid4().hex})
        assert answer.status_code == 200, answer.text
        snapshots[category].append(answer.json()["snapshot_id"])
    return {c: sorted(ids) for c, ids in snapshots.items()}


def bindings(system) -> list[tuple[str, str, str]]:
    """(exchange, queue, routing key) of every queue bound to a producer's exchange."""
    out = subprocess.run(["rabbitmqctl", "-q", "list_bindings", "-p", system.tag, "source_name",
                          "destination_name", "destination_kind", "routing_key",
                          "--no-table-headers"], check=True, capture_output=True, text=True,
                         timeout=60).stdout
    found = []
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) == 4 and parts[0] in {f"{p}.events" for p in PRODUCERS} and parts[2] == "queue":
            found.append((parts[0], parts[1], parts[3]))
    return found


def catch_up(system, events_wanted: int, submissions: int, spy: Spy, results: dict,
             numbers: data.NumberAllocator) -> dict[str, list[int]]:
    from kombu import Connection

    reports_db = system.db("reports")
    system.stop("reports")
    snapshots = real_submissions(system, submissions)
    for producer in PRODUCERS:   # the real submissions' events are routed before we unbind
        engine = system.db(producer)
        wait_for(lambda: scalar(engine, "SELECT count(*) FROM outbox WHERE published_at IS NULL") == 0,
                 60, f"{producer}'s outbox published")
        engine.dispose()
    events, registrations = data.synthetic_events(events_wanted, data.CATCH_UP_ID_OFFSET,
                                                  snapshots, numbers)
    others = [b for b in bindings(system) if "--reports." not in b[1]]
    with Connection(system.amqp_uri) as conn:
        channel = conn.channel()
        for exchange, queue, key in others:
            channel.queue_unbind(queue=queue, exchange=exchange, routing_key=key)
        try:
            publish_seconds = data.publish(system.amqp_uri, events)
        finally:
            for exchange, queue, key in others:
                channel.queue_bind(queue=queue, exchange=exchange, routing_key=key)
        mine = sorted({b[1] for b in bindings(system) if "--reports." in b[1]})
        queued = sum(channel.queue_declare(queue=q, passive=True).message_count for q in mine)
    counted_before = scalar(reports_db, "SELECT count(*) FROM events")
    print(f"published {len(events):,} synthetic events ({registrations:,} registrations, pointing at "
          f"{sum(map(len, snapshots.values()))} real snapshots) in {publish_seconds:.1f} s with "
          f"the other {len(others)} consumers' queues unbound; {queued:,} events queued for reports "
          f"(with the real submissions' own)", flush=True)
    expected = counted_before + queued
    started = time.perf_counter()
    system.start("reports", wait=False)
    profile = spy.start("catchup-reports", system.programs["reports"].process.pid)
    first = None
    while True:
        counted = scalar(reports_db, "SELECT count(*) FROM events")
        now = time.perf_counter() - started
        if first is None and counted > counted_before:
            first = now
        if counted >= expected:
            break
        if now > 1800:
            raise RuntimeError(f"catch-up: {counted - counted_before} of {queued} after 30 min")
        if system.programs["reports"].process.poll() is not None:
            raise RuntimeError(system.tail("reports"))
        time.sleep(0.1)
    seconds = time.perf_counter() - started
    Spy.stop(profile)
    system.wait_ready()
    registered = scalar(reports_db, "SELECT count(*) FROM registrations WHERE draft_id >= :low "
                        "AND draft_id < :high", low=data.CATCH_UP_ID_OFFSET,
                        high=data.REBUILD_ID_OFFSET)
    reports_db.dispose()
    results["catchup"] = {"events": queued, "seconds": seconds, "first": first or seconds,
                          "registrations": registered}
    print(f"catch-up of {queued:,} queued events: {seconds:.1f} s from starting reports "
          f"(first event counted after {first or seconds:.1f} s: start-up), "
          f"{queued / max(seconds - (first or 0), 1e-9):.0f} events/s after; "
          f"{registered:,} registration rows made", flush=True)
    return snapshots


def fresh_database(system) -> tuple[str, callable]:
    if system.backend == "sqlite":
        path = os.path.join(system.workdir, "reports-rebuild.db")
        return f"sqlite:///{path}", lambda: None
    name = f"{system.tag}_reports_rebuild"
    admin = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))

    def drop():
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    return PG_ADMIN.rsplit("/", 1)[0] + f"/{name}", drop


def rebuild(system, count: int, snapshots, numbers, spy: Spy, results: dict) -> None:
    events, registrations = data.synthetic_events(count, data.REBUILD_ID_OFFSET, snapshots,
                                                  numbers, seed=13)
    engines = {p: system.db(p) for p in PRODUCERS}
    started = time.perf_counter()
    written = data.into_outboxes(engines, events)
    in_outboxes = {p: scalar(e, "SELECT count(*) FROM outbox") for p, e in engines.items()}
    for engine in engines.values():
        engine.dispose()
    print(f"wrote {count:,} synthetic events ({registrations:,} registrations) into the outboxes "
          f"({', '.join(f'{p} {n:,}' for p, n in written.items())}) in "
          f"{time.perf_counter() - started:.0f} s; the outboxes now hold "
          f"{sum(in_outboxes.values()):,} events", flush=True)
    url, drop = fresh_database(system)
    try:
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "services.reports.cli", "rebuild"],
                                   cwd=ROOT, env={**system.env, "REPORTS_DB_URL": url},
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        profile = spy.start("rebuild-cli", process.pid)
        out, err = process.communicate(timeout=7200)
        seconds = time.perf_counter() - started
        Spy.stop(profile)
        if process.returncode != 0:
            raise RuntimeError(f"rebuild failed ({process.returncode}):\n{out}\n{err[-3000:]}")
        engine = sa.create_engine(url)
        rebuilt = scalar(engine, "SELECT count(*) FROM registrations")
        counted = scalar(engine, "SELECT count(*) FROM events")
        engine.dispose()
    finally:
        drop()
    per_registration = seconds / max(rebuilt, 1)
    results["rebuild"] = {"events": counted, "registrations": rebuilt, "seconds": seconds,
                          "extrapolated": per_registration * TARGET_REBUILD_REGISTRATIONS}
    print("  " + "  ".join(out.strip().splitlines()))
    print(f"rebuild of {counted:,} events into {rebuilt:,} registrations: {seconds:.0f} s "
          f"({counted / seconds:.0f} events/s, {rebuilt / seconds:.0f} registrations/s); "
          f"{TARGET_REBUILD_REGISTRATIONS:,} registrations (~"
          f"{data.events_per_registration() * TARGET_REBUILD_REGISTRATIONS:,.0f} events) at this "
          f"rate: {results['rebuild']['extrapolated']:.0f} s", flush=True)


# -- the run -----------------------------------------------------------------------------------
def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", default="sqlite", choices=["sqlite", "postgres"])
    parser.add_argument("--rows", type=int, default=100_000,
                        help="registrations seeded into the read model (default 100,000)")
    parser.add_argument("--seconds", type=float, default=8, help="per load row")
    parser.add_argument("--parts", default=",".join(PARTS),
                        help="which parts to run, comma-separated: " + ",".join(PARTS))
    parser.add_argument("--events", type=int, default=10_000, help="events queued for the catch-up")
    parser.add_argument("--submissions", type=int, default=6,
                        help="real submissions the synthetic events point at")
    parser.add_argument("--rebuild-events", type=int, default=100_000,
                        help="events written into the outboxes for the rebuild")
    parser.add_argument("--loadgen", default="auto", choices=["auto", "wrk", "python"])
    parser.add_argument("--py-spy", dest="py_spy",
                        help="record the reports process (and the rebuild command) into this folder")
    args = parser.parse_args()
    parts = [p.strip() for p in args.parts.split(",") if p.strip()]
    unknown = set(parts) - set(PARTS)
    if unknown:
        sys.exit(f"unknown parts: {', '.join(sorted(unknown))}")
    use_wrk = args.loadgen == "wrk" or (args.loadgen == "auto" and shutil.which("wrk"))
    if args.loadgen == "wrk" and not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install -y wrk), or use --loadgen python")
    load = run_wrk if use_wrk else run_threads
    spy = Spy(args.py_spy)

    print(f"machine: {os.cpu_count()} cores, {platform.platform()}, Python {platform.python_version()}; "
          f"load average before start {os.getloadavg()[0]:.2f}; backend {args.backend}; "
          f"load generator {'wrk' if use_wrk else 'python threads'} on the same machine; "
          f"{args.seconds:.0f} s per row; {dt.datetime.now():%Y-%m-%d %H:%M}")
    results = {"rows": args.rows}
    numbers = data.NumberAllocator()
    with tempfile.TemporaryDirectory() as workdir:
        system = System(workdir, args.backend)
        system.env.update({f"{s.upper()}_DB_POOL_SIZE": "10" for s in SERVICES_WITH_DB})
        system.up()
        try:
            office = office_user(system)
            if {"queries", "export"} & set(parts) and args.rows:
                engine = system.db("reports")
                started = time.perf_counter()
                seeded = data.seed_registrations(engine, args.rows, numbers)
                engine.dispose()
                print(f"seeded {seeded['rows']:,} synthetic registrations straight into the read "
                      f"model's `registrations` table with SQL (not produced by the workflow: no "
                      f"events or snapshots behind them), {seeded['years']} years of them, in "
                      f"{time.perf_counter() - started:.0f} s", flush=True)
            if "queries" in parts:
                queries(system, office, load, args.seconds, spy, results)
            if "export" in parts:
                print()
                export(system, office, spy, results)
            snapshots = None
            if "catchup" in parts:
                print()
                snapshots = catch_up(system, args.events, args.submissions, spy, results, numbers)
            if "rebuild" in parts and args.rebuild_events:
                print()
                if snapshots is None:
                    snapshots = real_submissions(system, args.submissions)
                rebuild(system, args.rebuild_events, snapshots, numbers, spy, results)
            print("\nresident memory of reports (MB, now / peak): "
                  + " / ".join(f"{v:.0f}" for v in rss_mb(system.programs["reports"].process.pid)))
        finally:
            system.down()
    print(f"load average at the end {os.getloadavg()[0]:.2f} (other work on the machine shows in the figures)")
    print_targets(results)


def _p99(result: dict) -> str:
    return f"{result['p99']:.1f} ms" if result["n"] else "none answered"


def print_targets(r: dict) -> None:
    t, rows = TARGETS, r["rows"]
    lines = []

    def add(what, value, target, ok):
        lines.append((what, value, target, "—" if ok is None else ("yes" if ok else "NO")))

    for key in ("statistics_cold", "statistics0", "statistics1", "statistics2"):
        if (key, 1) in r:
            got = r[(key, 1)]
            add(f"{got['name']} p99, 1 client, {rows:,} rows", _p99(got),
                f"≤ {t['statistics_p99_ms']:.0f} ms", got["n"] > 0 and got["p99"] <= t["statistics_p99_ms"])
    for key in ("search_cold", "search0", "search1"):
        if (key, 1) in r:
            got = r[(key, 1)]
            add(f"{got['name']} p99, 1 client, {rows:,} rows", _p99(got),
                f"≤ {t['search_p99_ms']:.0f} ms", got["n"] > 0 and got["p99"] <= t["search_p99_ms"])
    for key, what in (("search0", "asked again"), ("search_cold", "distinct")):
        if (key, 32) in r and ("echo", 32) in r:
            share = r[(key, 32)]["rps"] / r[("echo", 32)]["rps"]
            add(f"public search ({what}) req/s ÷ echo req/s, 32 clients",
                f"{share:.0%} ({r[(key, 32)]['rps']:.0f}/{r[('echo', 32)]['rps']:.0f})",
                f"≥ {t['search_rps_share']:.0%}", share >= t["search_rps_share"])
    if "export" in r:
        e = r["export"]
        applies = e["rows"] == TARGET_EXPORT_ROWS or None
        add(f".xlsx export of {e['rows']:,} rows", f"{e['seconds']:.1f} s",
            f"≤ {t['export_s']:.0f} s" + ("" if applies else " at 100k"),
            e["seconds"] <= t["export_s"] if applies else None)
        add(f"reports RSS growth during the export", f"{e['growth']:.0f} MB",
            f"< {t['export_rss_mb']:.0f} MB", e["growth"] < t["export_rss_mb"])
    if "catchup" in r:
        c = r["catchup"]
        add(f"catch-up of {c['events']:,} queued events", f"{c['seconds']:.1f} s",
            f"≤ {t['catchup_s']:.0f} s", c["seconds"] <= t["catchup_s"] if c["events"] >= 10_000 else None)
    if "rebuild" in r:
        b = r["rebuild"]
        add(f"rebuild, measured: {b['events']:,} events → {b['registrations']:,} registrations",
            f"{b['seconds']:.0f} s", "", None)
        add(f"rebuild of {TARGET_REBUILD_REGISTRATIONS:,} registrations (extrapolated, linear)",
            f"{b['extrapolated']:.0f} s", f"≤ {t['rebuild_s']:.0f} s", b["extrapolated"] <= t["rebuild_s"])
    print_table(lines)


if __name__ == "__main__":
    main()
