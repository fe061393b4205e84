"""Every benchmark figure of the system in one run, side by side, each next to its target.

    .venv/bin/python bench/run_all.py [--backend sqlite|postgres] [--seconds 8]
                                      [--loadgen auto|wrk|python] [--registrations 100000]
                                      [--py-spy DIR]

Starts its own system (tests/support/system.py: real processes on RabbitMQ, a vhost and fresh
databases of its own), loads 100,000 registrations (drafts straight into the registration
database, review cases into the review database, with SQL), then prints for 1 and 32 concurrent
keep-alive clients requests/s, p50 and p99 of:

  echo (nameko defaults)  GET /api/v1/ping on a second gateway with nameko's defaults: publisher
                          confirms on RPC requests, max_workers 10
  echo                    GET /api/v1/ping, the project's gateway settings: the floor
  save                    PUT /api/v1/achievements/N, one draft per client (never a conflict)
  list                    GET /api/v1/achievements, a registrant with OWN_DRAFTS of their own
  search                  GET /api/v1/review/search?q=…, the office, over every case

then the whole journey (sign up → activate → fill → upload → check → submit → office approval →
certificate downloadable), 20 approvals at once (bench/certificates.py: the certificates' peak
memory is read under that load), the certificate render (in this process, the functions the
rendering process calls), the resident memory of every process (and of the processes they
start: the certificates service's rendering process), and a table of targets.

The load generator is `wrk` (Debian package `wrk`) when it is installed, else threads in this
process with one keep-alive connection each (they need far more CPU than wrk). Either way it
runs on the same cores as the system, and other work on the machine shows in the figures:
compare rows of one run, not figures of different runs.
"""
from __future__ import annotations

import argparse
import datetime as dt
import http.client
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
os.environ.setdefault("PYTHONWARNINGS", "ignore::DeprecationWarning")
warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")

from tests.support.client import Person, activate_from_mail, office_user, unique_email  # noqa: E402
from tests.support.system import SERVICES_WITH_DB, System, free_port  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from figures import CpuMeter, print_targets as print_table, process_tree_rss  # noqa: E402
from loadgen import Case, run_threads, run_wrk  # noqa: E402

OWN_DRAFTS = 20          # a busy registrant's own list
BULK_OWNERS = 25_000     # the 100,000 registrations belong to this many other people
ID_OFFSET = 1_000_000    # bulk ids never meet the ids the run itself creates
SEARCH_WORDS = "马铃薯"   # in about 1 in 40 titles

TARGETS = {
    "echo_ratio": 1.3, "save_rps_share": 0.70, "save_p99_ratio": 1.3, "save_p50_one": 10.0,
    "certificate_ms": 30.0, "journey_s": 2.0, "list_p99_ms": 50.0, "rss_mb": 150.0,
}


# -- the people and the data -------------------------------------------------------------------
def bearer_registrant(system) -> Person:
    visitor = Person(system)
    email = unique_email("bench")
    version = visitor.get("/api/v1/agreement").json()["version"]
    visitor.post("/api/v1/signup", {"entry": "registrant_without_unit", "agreed": True,
                                    "agreement_version": version, "name": "压测", "email": email,
                                    "mobile": "13812345678", **visitor.captcha()})
    activate_from_mail(system, email)
    client = Person(system, bearer=True)
    assert client.login(email).status_code == 201
    client.user_id = client.get("/api/v1/me").json()["user_id"]
    return client


TITLE_WORDS = ["高寒旱区", "马铃薯", "全程机械化", "关键装备", "研制与应用", "黄河流域", "生态保护",
               "中药材", "道地药材", "种植技术", "新能源", "光伏发电", "储能系统", "智能电网",
               "河西走廊", "节水灌溉", "草原", "畜牧业", "高原夏菜", "冷链物流", "文物保护",
               "敦煌壁画", "数字化", "石油化工", "催化剂", "新材料", "有色金属", "冶炼工艺",
               "风沙治理", "荒漠化防治", "小麦", "玉米", "育种", "苹果", "病虫害", "绿色防控"]


def _title(rng: random.Random, i: int) -> str:
    words = rng.sample(TITLE_WORDS, 3)
    if SEARCH_WORDS in words and i % 10:   # keep the search word in about 1 title in 40
        words.remove(SEARCH_WORDS)
        words.append("关键技术")
    return "".join(words) + f"研究（{i}）"


def load_registrations(system, count: int, lister_id: int, own: int) -> dict:
    """`count` registrations of other people, plus `own` drafts of the lister, inserted with SQL
    into the registration database (drafts) and the review database (one case each)."""
    import sqlalchemy as sa
    from services.registration.models import DraftRow as Draft
    from services.review.models import CaseRow
    from tests.support.documents import complete_document

    rng = random.Random(7)
    now = dt.datetime.now(dt.timezone.utc)
    this_year = now.year
    letters = {"applied": "Y", "basic": "J", "soft": "R"}
    categories = list(letters)
    light = {"overview": {"title": "", "keywords": ["测试"]}}
    drafts, cases, serials = [], [], {}
    statuses = ["approved"] * 16 + ["office_review", "unit_review", "returned", "editing"]
    for i in range(count):
        draft_id = ID_OFFSET + i
        category = categories[i % 3]
        status = statuses[i % len(statuses)]
        title = _title(rng, i)
        updated = now - dt.timedelta(minutes=rng.randrange(0, 60 * 24 * 365 * 8))
        number, registered_on = None, None
        if status == "approved":   # never this year's numbers: the run approves its own
            year = this_year - 1 - (i % 8)
            key = (year, category)
            serials[key] = serials.get(key, 0) + 1
            number = f"620{year}{letters[category]}{serials[key]:04d}"
            registered_on = dt.date(year, 6, 1)
        owner = ID_OFFSET + i % BULK_OWNERS
        unit = None if i % 3 else 2000 + i % 500
        drafts.append({"id": draft_id, "owner_id": owner, "unit_id": unit,
                       "form_id": f"{category}-2021", "category": category, "title": title,
                       "project_number": f"BULK{i}", "content": {**light, "overview": {
                           "title": title, "keywords": ["测试"]}},
                       "version": 3, "status": status, "review_comments": None,
                       "registration_number": number, "registered_on": registered_on,
                       "created_at": updated, "updated_at": updated,
                       "submitted_at": None if status == "editing" else updated,
                       "review_at": None, "ever_submitted": status != "editing"})
        if status != "editing":
            case_status = {"approved": "approved", "returned": "returned"}.get(status, "pending")
            level = "unit" if status == "unit_review" else "office"
            cases.append({"id": draft_id, "draft_id": draft_id, "snapshot_id": draft_id,
                          "owner_id": owner, "unit_id": unit, "category": category, "title": title,
                          "path": ["unit", "office"] if unit else ["office"], "level": level,
                          "status": case_status, "version": 2, "opened_at": updated,
                          "updated_at": updated, "recommender_id": None,
                          "registration_number": number, "registered_on": registered_on})
    for i in range(own):   # the lister's own: complete documents, as a registrant really has
        category = categories[i % 3]
        content = complete_document(category)
        content["overview"]["title"] += f"（{i}）"
        updated = now - dt.timedelta(days=i)
        drafts.append({"id": ID_OFFSET + count + i, "owner_id": lister_id, "unit_id": None,
                       "form_id": f"{category}-2021", "category": category,
                       "title": content["overview"]["title"], "project_number": None,
                       "content": content, "version": 5, "status": "editing", "review_comments": None,
                       "registration_number": None, "registered_on": None, "created_at": updated,
                       "updated_at": updated, "submitted_at": None, "review_at": None,
                       "ever_submitted": False})
    started = time.perf_counter()
    for service, table, rows in (("registration", Draft.__table__, drafts),
                                 ("review", CaseRow.__table__, cases)):
        engine = system.db(service)
        with engine.begin() as conn:
            for at in range(0, len(rows), 5000):
                conn.execute(table.insert(), rows[at:at + 5000])
        if engine.dialect.name == "postgresql":
            with engine.connect() as conn:
                conn.execute(sa.text(f"ANALYZE {table.name}"))
                conn.commit()
        else:
            with engine.connect() as conn:
                conn.execute(sa.text("ANALYZE"))
                conn.commit()
        engine.dispose()
    return {"drafts": len(drafts), "cases": len(cases), "seconds": time.perf_counter() - started}


# -- the journey and the certificate -------------------------------------------------------------
def journey(system, office) -> float:
    """Sign-up to certificate downloadable, as a person (and the office) would click through."""
    from tests.support.achievements import filled, task_for
    from tests.support.client import Person as P
    started = time.perf_counter()
    visitor = P(system)
    email = unique_email("journey")
    version = visitor.get("/api/v1/agreement").json()["version"]
    assert visitor.post("/api/v1/signup", {
        "entry": "registrant_without_unit", "agreed": True, "agreement_version": version,
        "name": "王伟任", "email": email, "mobile": "13812345678",
        **visitor.captcha()}).status_code == 201
    registrant = activate_from_mail(system, email)
    draft = filled(registrant, "soft")
    check = registrant.post(f"/api/v1/achievements/{draft['id']}/check").json()
    assert check["can_submit"], check
    assert registrant.post(f"/api/v1/achievements/{draft['id']}/submit").status_code == 200
    case = task_for(office, draft["id"])
    assert office.post(f"/api/v1/review/cases/{case['case_id']}/approve").status_code == 200
    deadline = time.time() + 30
    while registrant.get(f"/api/v1/achievements/{draft['id']}/certificate.pdf").status_code != 200:
        assert time.time() < deadline, "no certificate"
        time.sleep(0.01)
    return time.perf_counter() - started


def certificate_render(runs: int) -> dict:
    from services.certificates.rendering import render_certificate
    sys.path.insert(0, os.path.join(ROOT, "bench"))
    from certificates import CERT
    url = "http://127.0.0.1:8000/verify?number=6202026Y0001&code=7KQ2M9"
    render_certificate(CERT, verify_url=url)   # font registration: once per process
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        render_certificate(CERT, verify_url=url)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {"median": statistics.median(times), "p90": times[int(runs * 0.9)]}


# -- processes ---------------------------------------------------------------------------------
def default_gateway(system) -> tuple[subprocess.Popen, str]:
    """A second gateway with nameko's defaults (confirms on RPC requests, 10 workers)."""
    port = free_port()
    env = dict(system.env, GATEWAY_ADDRESS=f"127.0.0.1:{port}", RPC_CONFIRMS="true",
               GATEWAY_MAX_WORKERS="10", SESSION_CACHE_SECONDS="0")
    log = open(os.path.join(system.workdir, "gateway-defaults.log"), "ab")
    process = subprocess.Popen(system.programs["gateway"].argv, cwd=ROOT, env=env, stdout=log,
                               stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/api/v1/ping")
            if conn.getresponse().status == 200:
                return process, url
        except OSError:
            pass
        time.sleep(0.3)
    process.kill()
    raise RuntimeError("the second gateway did not start")


def group_commits(url: str) -> tuple[float, float] | None:
    """(COMMITs, units of work) of the registration process's group commit so far, from the
    gateway's /metrics (SQLite only; None on PostgreSQL)."""
    target = url.split("//", 1)[1]
    host, port = target.split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    conn.request("GET", "/metrics")
    text = conn.getresponse().read().decode()
    found = {}
    for line in text.splitlines():
        if line.startswith("kj_service_gauge{") and 'service="registration"' in line:
            for name in ("group_commits", "group_commit_units"):
                if f'name="{name}"' in line:
                    found[name] = float(line.rsplit(" ", 1)[1])
    if len(found) < 2:
        return None
    return found["group_commits"], found["group_commit_units"]


class Profiler:
    """py-spy record of every service process while a row runs (--py-spy DIR)."""

    def __init__(self, folder: str | None, system):
        self.folder, self.system = folder, system
        self.spy = shutil.which("py-spy") or os.path.join(os.path.dirname(sys.executable), "py-spy")

    def __call__(self, label: str, seconds: float):
        if not self.folder:
            return []
        os.makedirs(self.folder, exist_ok=True)
        spies = []
        for name in ("gateway", "accounts", "registration", "review"):
            out = os.path.join(self.folder, f"{label}-{name}.txt")
            spies.append(subprocess.Popen(
                [self.spy, "record", "--nonblocking", "-r", "200", "-d", str(max(int(seconds) - 1, 1)),
                 "-f", "raw", "-o", out, "-p", str(self.system.programs[name].process.pid)],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        return spies


# -- the run -----------------------------------------------------------------------------------
def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", default="sqlite", choices=["sqlite", "postgres"])
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--loadgen", default="auto", choices=["auto", "wrk", "python"])
    parser.add_argument("--registrations", type=int, default=100_000)
    parser.add_argument("--journeys", type=int, default=3)
    parser.add_argument("--renders", type=int, default=100)
    parser.add_argument("--approvals", type=int, default=20)
    parser.add_argument("--clients", default="1,32")
    parser.add_argument("--cases", default="defaults,echo,save,list,search",
                        help="which rows to run (defaults: the echo on nameko's defaults)")
    parser.add_argument("--py-spy", dest="py_spy", help="record the services with py-spy during "
                        "the 32-client rows into this folder (raw collapsed stacks)")
    args = parser.parse_args()
    use_wrk = args.loadgen == "wrk" or (args.loadgen == "auto" and shutil.which("wrk"))
    if args.loadgen == "wrk" and not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install -y wrk), or use --loadgen python")
    load = run_wrk if use_wrk else run_threads
    levels = [int(c) for c in args.clients.split(",")]

    print(f"machine: {os.cpu_count()} cores, {platform.platform()}, Python {platform.python_version()}; "
          f"load average before start {os.getloadavg()[0]:.2f}; backend {args.backend}; "
          f"load generator {'wrk' if use_wrk else 'python threads'} on the same machine; "
          f"{args.seconds:.0f} s per row; {dt.datetime.now():%Y-%m-%d %H:%M}")
    results = {}
    with tempfile.TemporaryDirectory() as workdir:
        system = System(workdir, args.backend)
        # the services' own pool sizes (their config files' defaults, or what the environment
        # sets), not the tests' small ones (tests/support/system.py)
        for service in SERVICES_WITH_DB:
            name = f"{service.upper()}_DB_POOL_SIZE"
            if name in os.environ:
                system.env[name] = os.environ[name]
            else:
                system.env.pop(name, None)
        system.up()
        profile = Profiler(args.py_spy, system)
        try:
            saver, lister = bearer_registrant(system), bearer_registrant(system)
            office = office_user(system)
            office_bearer = {"Authorization": f"Bearer {office.token}"}
            loaded = load_registrations(system, args.registrations, lister.user_id, OWN_DRAFTS)
            print(f"loaded {loaded['drafts']:,} drafts and {loaded['cases']:,} review cases "
                  f"in {loaded['seconds']:.0f} s")
            drafts = [saver.post("/api/v1/achievements", {"category": "applied"}).json()["id"]
                      for _ in range(max(levels))]
            bearer = {"Authorization": f"Bearer {saver.token}", "Content-Type": "application/json"}
            cases = [
                ("echo", Case("GET", "/api/v1/ping")),
                ("save", Case("PUT", "/api/v1/achievements/0", bearer, drafts=drafts)),
                ("list", Case("GET", "/api/v1/achievements",
                              {"Authorization": f"Bearer {lister.token}"})),
                ("search", Case("GET", "/api/v1/review/search?q=" + "%E9%A9%AC%E9%93%83%E8%96%AF",
                                office_bearer)),
            ]
            assert len(lister.get("/api/v1/achievements").json()["items"]) == OWN_DRAFTS
            found = office.get("/api/v1/review/search?q=" + SEARCH_WORDS).json()
            print(f"the list shows {OWN_DRAFTS} own drafts; the search finds {found['total']:,} "
                  f"of {loaded['cases']:,} cases")
            print()
            print(f"{'case':<22} {'clients':>7} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6}")

            def row(name, url, case, clients):
                versions = None
                if case.drafts is not None:
                    versions = [saver.get(f"/api/v1/achievements/{d}").json()["version"]
                                for d in case.drafts[:clients]]
                    case = Case(case.method, case.path, case.headers, drafts=case.drafts[:clients])
                load(url, case, clients, 1, versions)  # warm up: connections, workers, caches
                if versions is not None:
                    # a save wrk left in flight when it stopped may still be committing: read the
                    # versions once it has (else every save of the row is a 409, as once on PostgreSQL)
                    time.sleep(1)
                    versions = [saver.get(f"/api/v1/achievements/{d}").json()["version"]
                                for d in case.drafts]
                spies = profile(f"{name.replace(' ', '_').strip('()')}-{clients}", args.seconds) \
                    if clients > 1 else []
                grouped = group_commits(url) if name == "save" else None
                meter = CpuMeter({**{n: p.process.pid for n, p in system.programs.items()
                                     if p.process and p.process.poll() is None}, **extra_pids})
                meter.start()
                result = load(url, case, clients, args.seconds, versions)
                spent = meter.stop()
                for spy in spies:
                    spy.wait()
                result["cpu_ms"] = {k: v * 1000 / max(result["n"], 1) for k, v in spent.items()}
                results[(name, clients)] = result
                print(f"{name:<22} {clients:>7} {result['rps']:>8.0f} {result['p50']:>8.1f} "
                      f"{result['p99']:>8.1f} {result['errors']:>6}", flush=True)
                if clients > 1:
                    print(f"{'':<22} {'':>7} {cpu_line(result['cpu_ms'], spent['machine'] / args.seconds)}",
                          flush=True)
                if grouped is not None:
                    (commits, units), (commits0, units0) = group_commits(url), grouped
                    if commits > commits0:
                        print(f"{'':<22} {'':>7} registration: {units - units0:.0f} units of work in "
                              f"{commits - commits0:.0f} COMMITs, {(units - units0) / (commits - commits0):.1f} "
                              f"a COMMIT (group commit, SQLite)", flush=True)

            chosen = args.cases.split(",")
            cases = [(name, case) for name, case in cases if name in chosen]
            process, url = default_gateway(system) if "defaults" in chosen else (None, None)
            extra_pids = {"gateway (nameko defaults)": process.pid} if process else {}
            try:
                for clients in levels if process else []:
                    row("echo (nameko defaults)", url, Case("GET", "/api/v1/ping"), clients)
            finally:
                if process:
                    process.terminate()
                    process.wait(timeout=15)
            extra_pids = {}
            for name, case in cases:
                for clients in levels:
                    row(name, system.url, case, clients)

            journeys = [journey(system, office) for _ in range(args.journeys)]
            if journeys:
                results["journey"] = {"median": statistics.median(journeys), "max": max(journeys)}
                print(f"\njourney sign-up → certificate downloadable: median "
                      f"{results['journey']['median']:.2f} s, max {results['journey']['max']:.2f} s "
                      f"over {args.journeys}")
            if args.approvals:
                from certificates import concurrent_approvals
                from tests.support.client import signed_up_registrant
                done = concurrent_approvals(system, office, signed_up_registrant(system), args.approvals)
                results["approvals"] = done
                print(f"{args.approvals} approvals at once → every certificate downloadable in "
                      f"{done['seconds']:.1f} s")
            results["render"] = certificate_render(args.renders)
            print(f"certificate render (in this process, {args.renders} runs): median "
                  f"{results['render']['median']:.1f} ms, p90 {results['render']['p90']:.1f} ms")
            print("\nresident memory (MB, now / peak):")
            results["rss"] = {}
            for name, program in system.programs.items():
                if program.process and program.process.poll() is None:
                    for label, (now_mb, peak) in process_tree_rss(program.process.pid, name).items():
                        results["rss"][label] = (now_mb, peak)
                        print(f"  {label:<24} {now_mb:6.0f} / {peak:4.0f}")
        finally:
            system.down()
    print_targets(results, levels)


def cpu_line(per_request: dict[str, float], cores_busy: float) -> str:
    """CPU ms a request by process, largest first, and how many of the cores were busy."""
    shown = sorted(((v, k) for k, v in per_request.items() if k != "machine" and v >= 0.005),
                   reverse=True)
    parts = ", ".join(f"{k} {v:.2f}" for v, k in shown)
    return (f"CPU ms a request: {per_request['machine']:.2f} ({parts}); "
            f"{cores_busy:.2f} of {os.cpu_count()} cores busy")


def print_targets(r: dict, levels: list[int]) -> None:
    t, many = TARGETS, max(levels)
    lines = []

    def add(what, value, target, ok):
        lines.append((what, value, target, "yes" if ok else "NO"))

    def get(name, clients):
        return r.get((name, clients))

    echo_d, echo, save = get("echo (nameko defaults)", many), get("echo", many), get("save", many)
    if echo_d and echo:
        ratio = echo["rps"] / echo_d["rps"]
        add(f"echo req/s, project ÷ nameko defaults ({many} clients)", f"{ratio:.2f}×",
            f"≥ {t['echo_ratio']}×", ratio >= t["echo_ratio"])
    if echo and save:
        share = save["rps"] / echo["rps"]
        add(f"save req/s ÷ echo req/s ({many} clients)", f"{share:.0%}",
            f"≥ {t['save_rps_share']:.0%}", share >= t["save_rps_share"])
        ratio = save["p99"] / echo["p99"]
        add(f"save p99 ÷ echo p99 ({many} clients)", f"{ratio:.2f}× ({save['p99']:.0f} ms)",
            f"≤ {t['save_p99_ratio']}×", ratio <= t["save_p99_ratio"])
    if get("save", 1):
        add("save p50, 1 client", f"{get('save', 1)['p50']:.1f} ms", f"≤ {t['save_p50_one']:.0f} ms",
            get("save", 1)["p50"] <= t["save_p50_one"])
    for name in ("list", "search"):
        if get(name, 1):
            add(f"{name} p99, 1 client, 100,000 registrations", f"{get(name, 1)['p99']:.1f} ms",
                f"≤ {t['list_p99_ms']:.0f} ms", get(name, 1)["p99"] <= t["list_p99_ms"])
    if "render" in r:
        add("certificate render, median", f"{r['render']['median']:.1f} ms",
            f"≤ {t['certificate_ms']:.0f} ms", r["render"]["median"] <= t["certificate_ms"])
    if "journey" in r:
        add("whole journey, max", f"{r['journey']['max']:.2f} s", f"≤ {t['journey_s']:.0f} s",
            r["journey"]["max"] <= t["journey_s"])
    for name, (now_mb, peak) in r.get("rss", {}).items():
        add(f"peak RSS {name}", f"{peak:.0f} MB", f"≤ {t['rss_mb']:.0f} MB", peak <= t["rss_mb"])
    print_table(lines)


if __name__ == "__main__":
    main()
