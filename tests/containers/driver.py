"""Drives the compose stack that deploy/test-containers brought up, through its published ports
only: the gateway (every journey), the mail sink's HTTP API (every mail), and, for the
exactly-once check of tests/support/journeys.py, PostgreSQL and RabbitMQ on the 127.0.0.1 ports
deploy/containers/compose.test.yaml publishes. Prints what it measures and writes it as JSON.

    python -m tests.containers.driver single   the stack of deploy/compose.yaml
    python -m tests.containers.driver ha       with deploy/compose.ha.yaml (3 brokers)
    python -m tests.containers.driver pg       with deploy/compose.pg-standby.yaml (a standby promoted)

Environment (set by deploy/test-containers): KJCG_COMPOSE (the compose command with -p and -f),
GATEWAY_PORT, MAILSINK_PORT, TEST_PG_PORT, TEST_AMQP_PORT, TEST_CAPTCHA_DIR, POSTGRES_PASSWORD,
RABBITMQ_PASSWORD, KJCG_REPORT (where to write the figures).
"""
from __future__ import annotations

import warnings

warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")

import eventlet  # noqa: E402

eventlet.monkey_patch()  # nameko's standalone RPC proxy (the `instance` calls) needs it

import collections  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import shlex  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402

import requests  # noqa: E402
import sqlalchemy as sa  # noqa: E402
import yaml  # noqa: E402

from tests.support import client, journeys as jr  # noqa: E402
from tests.support.achievements import new, recent, save  # noqa: E402
from tests.support.deploy_files import K8S, NAMEKO_SERVICES  # noqa: E402
from tests.support.system import System  # noqa: E402

COMPOSE = shlex.split(os.environ.get("KJCG_COMPOSE", "docker-compose -f deploy/compose.yaml"))
APP_SERVICES = ("accounts", "accounts-mailer", *[s for s in NAMEKO_SERVICES if s != "accounts"], "gateway")
FIGURES: dict = {}


def say(text: str) -> None:
    print(f"--- {text}", flush=True)


def sh(*argv: str, check: bool = True, timeout: float = 300) -> str:
    result = subprocess.run(list(argv), capture_output=True, text=True, timeout=timeout)
    if check and result.returncode != 0:
        raise AssertionError(f"{' '.join(argv)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result.stdout


def compose(*args: str, **kw) -> str:
    return sh(*COMPOSE, *args, **kw)


# -- the containers -------------------------------------------------------------------------
def containers() -> list[dict]:
    """Every container of the project: name, compose service, state, health, restarts."""
    ids = compose("ps", "-a", "-q").split()
    if not ids:
        return []
    found = []
    for c in json.loads(sh("docker", "inspect", *ids)):
        state = c["State"]
        found.append({"id": c["Id"], "name": c["Name"].lstrip("/"),
                      "service": c["Config"]["Labels"].get("com.docker.compose.service"),
                      "status": state["Status"], "exit": state["ExitCode"], "pid": state["Pid"],
                      "health": (state.get("Health") or {}).get("Status"),
                      "restarts": c["RestartCount"], "started": state["StartedAt"]})
    return found


def of(service: str) -> list[dict]:
    return sorted((c for c in containers() if c["service"] == service), key=lambda c: c["name"])


def one_shot(container: dict) -> bool:
    return container["service"].startswith("migrate-") or container["service"] == "rabbitmq-policy"


def wait_healthy(timeout: float = 300) -> float:
    """Until every long-running container is healthy and every migration exited 0; seconds."""
    start = time.time()
    while True:
        found = containers()
        bad = [c for c in found if one_shot(c) and c["status"] == "exited" and c["exit"]]
        assert not bad, f"a one-shot failed: {bad}\n" + compose("logs", "--tail=40", bad[0]["service"], check=False)
        waiting = [f"{c['name']}: {c['status']}/{c['health']}" for c in found
                   if not (one_shot(c) and c["status"] == "exited")
                   and not (c["status"] == "running" and c["health"] in ("healthy", None))]
        if found and not waiting:
            return time.time() - start
        if time.time() - start > timeout:
            raise AssertionError("not healthy in time: " + ", ".join(waiting) + "\n"
                                 + compose("logs", "--tail=30", check=False)[-6000:])
        time.sleep(1)


def container_usage() -> dict[str, tuple[float, float]]:
    """(MiB of memory, % of one CPU) each container uses now (docker stats)."""
    out = sh("docker", "stats", "--no-stream", "--format", "{{.Name}} {{.CPUPerc}} {{.MemUsage}}")
    units = {"B": 1 / 2**20, "KiB": 1 / 1024, "kB": 1 / 1024, "MiB": 1, "MB": 1, "GiB": 1024, "GB": 1024}
    found = {}
    for line in out.splitlines():
        name, cpu, usage = line.split(" ", 2)
        match = re.match(r"([\d.]+)\s*(\w+)", usage.split("/")[0].strip())
        if match:
            found[name] = (round(float(match.group(1)) * units.get(match.group(2), 1), 1),
                           float(cpu.rstrip("%") or 0))
    return found


class UsagePeaks(threading.Thread):
    """The highest memory and CPU of each container while journeys run, sampled every 2 s."""

    def __init__(self):
        super().__init__(daemon=True)
        self.memory: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self.done = threading.Event()

    def run(self):
        while not self.done.is_set():
            try:
                for name, (mib, cpu) in container_usage().items():
                    self.memory[name] = max(mib, self.memory.get(name, 0))
                    self.cpu[name] = max(cpu, self.cpu.get(name, 0))
            except Exception:  # noqa: BLE001 - a container restarting between list and stats
                pass
            self.done.wait(2)

    def stop(self) -> tuple[dict, dict]:
        self.done.set()
        self.join(30)
        return dict(sorted(self.memory.items())), dict(sorted(self.cpu.items()))


def mebibytes(quantity: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(\w*)", quantity).groups()
    return float(number) * {"Mi": 1, "Gi": 1024, "M": 1e6 / 2**20, "G": 1e9 / 2**20}[unit]


def resources_against_the_manifests(memory: dict[str, float], cpu: dict[str, float]) -> list[str]:
    """Each process's peak memory (and CPU) under the journeys beside what its Deployment in
    deploy/k8s requests and limits: a peak at or over the limit would get the pod killed."""
    lines = []
    for path in sorted(K8S.glob("*.yaml")):
        for document in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            if not document or document.get("kind") != "Deployment":
                continue
            name = document["metadata"]["name"]
            resources = document["spec"]["template"]["spec"]["containers"][0]["resources"]
            peaks = [m for c, m in memory.items() if re.search(rf"[_-]{re.escape(name)}[_-]\d+$", c)]
            cpus = [v for c, v in cpu.items() if re.search(rf"[_-]{re.escape(name)}[_-]\d+$", c)]
            assert peaks, f"no container measured for {name}"
            limit = mebibytes(resources["limits"]["memory"])
            assert max(peaks) < limit, f"{name}: {max(peaks)} MiB at peak, limit {limit} MiB"
            lines.append(f"{name}: peak {max(peaks):.0f} MiB (request {resources['requests']['memory']}, "
                         f"limit {resources['limits']['memory']}); peak CPU {max(cpus):.0f}% of a core "
                         f"(request {resources['requests']['cpu']}, limit {resources['limits']['cpu']})")
    return lines


# -- the system as tests/support sees it ----------------------------------------------------
class ContainerSystem:
    """What tests/support/client.py and journeys.py ask of a system, for the compose stack."""

    def __init__(self, ha: bool = False, standby: bool = False):
        env = os.environ
        self.url = f"http://127.0.0.1:{env['GATEWAY_PORT']}"
        self.mail_url = f"http://127.0.0.1:{env['MAILSINK_PORT']}/messages.json"
        self.captcha_dir = env["TEST_CAPTCHA_DIR"]
        ports = [env["TEST_AMQP_PORT"]] + ([env["TEST_AMQP_PORT_2"]] if ha else [])
        self.amqp_uri = ";".join(f"pyamqp://kjcg:{env['RABBITMQ_PASSWORD']}@127.0.0.1:{port}/" for port in ports)
        self.pg_password, self.pg_ports = env["POSTGRES_PASSWORD"], [env["TEST_PG_PORT"]]
        if standby:
            self.pg_ports.append(env["TEST_PG_PORT_2"])
        self.tag = "/"
        self.env = dict(env)

    captcha = System.captcha
    wait_mail = System.wait_mail
    outgoing = System.outgoing

    def mails(self, to: str | None = None) -> list[dict]:
        mails = requests.get(self.mail_url, timeout=10).json()
        return [m for m in mails if to is None or to in m["to"]]

    def sent_message_ids(self) -> list[str]:
        return [m["message_id"] for m in self.mails()]

    def db(self, service: str) -> sa.Engine:
        """The service's database on whichever server takes writes (the primary, or the standby
        once promoted)."""
        hosts = "&".join(f"host=127.0.0.1:{port}" for port in self.pg_ports)
        return sa.create_engine(f"postgresql+psycopg2://kjcg:{self.pg_password}@/{service}?{hosts}"
                                "&target_session_attrs=read-write&connect_timeout=3")

    def tail(self, name: str, lines: int = 30) -> str:
        service = "accounts-mailer" if name == "mailer" else name
        return compose("logs", f"--tail={lines}", service, check=False)


def office_user(system) -> client.Person:
    """The first office account, made with the documented command inside the accounts container."""
    email = client.unique_email("office")
    out = compose("exec", "-T", "accounts", "python", "-m", "services.accounts.cli",
                  "create-office-user", "--name", "王登记", "--email", email)
    assert re.search(r"activate\?token=", out), out
    return client.activate_from_mail(system, email)


jr.office_user = office_user  # make_cast's office account, made in the container


def rpc_instances(system, service: str, calls: int = 30) -> dict[str, dict]:
    """Each instance of `service` that answered `instance()`, with its latest counters."""
    from nameko.standalone.rpc import ClusterRpcProxy
    seen: dict[str, dict] = {}
    with ClusterRpcProxy({"AMQP_URI": system.amqp_uri}, timeout=20) as rpc:
        for _ in range(calls):
            answer = getattr(rpc, service).instance()
            seen[answer["host"]] = answer["handled"]
    return seen


# -- the steps ------------------------------------------------------------------------------
def probes_match_the_manifests() -> list[str]:
    """Every exec and HTTP probe of deploy/k8s, run inside the compose container of the same
    process: they must pass against what the processes actually expose."""
    ran = []
    for path in sorted(K8S.glob("*.yaml")):
        for document in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            if not document or document.get("kind") != "Deployment":
                continue
            name = document["metadata"]["name"]
            spec = document["spec"]["template"]["spec"]["containers"][0]
            for kind in ("startupProbe", "readinessProbe", "livenessProbe"):
                probe = spec.get(kind)
                if not probe:
                    continue
                if "exec" in probe:
                    argv = probe["exec"]["command"]
                elif "httpGet" in probe:
                    port = probe["httpGet"]["port"]
                    port = 8000 if port == "http" else port
                    argv = ["python", "deploy/docker/probe.py", "--http",
                            f"http://127.0.0.1:{port}{probe['httpGet']['path']}"]
                else:
                    raise AssertionError(f"{name} {kind}: a probe kind the test does not run")
                started = time.time()
                out = subprocess.run([*COMPOSE, "exec", "-T", name, *argv], capture_output=True,
                                     text=True, timeout=60)
                assert out.returncode == 0, f"{name} {kind} {argv} failed: {out.stdout}{out.stderr}"
                ran.append(f"{name} {kind}: {' '.join(argv)} ok ({time.time() - started:.1f} s)")
    return ran


def scale(system) -> dict:
    compose("up", "-d", "--no-recreate", "--scale", "registration=3", "--scale", "review=2")
    wait_healthy()
    jr.wait_until(lambda: jr.consumers_of(system.amqp_uri, "rpc-registration") == 3, 120,
                  "three registration instances consuming")
    jr.wait_until(lambda: jr.consumers_of(system.amqp_uri, "rpc-review") == 2, 120,
                  "two review instances consuming")
    return {"registration": [c["name"] for c in of("registration")],
            "review": [c["name"] for c in of("review")]}


class Saves(threading.Thread):
    """Saves of one draft, one after another, for as long as it runs: each acknowledged save's
    version and title are recorded; the draft must end as the last acknowledged one says."""

    def __init__(self, person, category="applied"):
        super().__init__(daemon=True)
        self.person, self.draft = person, new(person, category)
        self.document = recent(category)
        self.base_title = self.document["overview"]["title"]
        self.acknowledged: list[tuple[int, str]] = []
        self.refused = collections.Counter()
        self.done = threading.Event()

    def run(self):
        version, n = self.draft["version"], 0
        while not self.done.is_set():
            n += 1
            self.document["overview"]["title"] = f"{self.base_title}·{n}"
            try:
                response = save(self.person, self.draft, self.document, version)
            except requests.RequestException as exc:
                self.refused[type(exc).__name__] += 1
                continue
            if response.status_code == 200:
                version = response.json()["version"]
                self.acknowledged.append((version, self.document["overview"]["title"], time.time()))
            else:
                self.refused[response.status_code] += 1
                if response.status_code == 409:  # a save we did not see acknowledged did land
                    version = self.current()["version"]
                time.sleep(0.2)

    def current(self) -> dict:
        """The draft as the system has it now. A read refused while a broker node or the database
        fails over (503/504, or no answer) is asked again, for up to a minute: what is checked is
        that no acknowledged save is lost, not that every read in the failover succeeds."""
        deadline = time.time() + 60
        while True:
            try:
                response = self.person.get(f"/api/v1/achievements/{self.draft['id']}")
                if response.status_code < 500 or time.time() > deadline:
                    assert response.status_code == 200, (response.status_code, response.text[:300])
                    return response.json()
            except requests.RequestException:
                if time.time() > deadline:
                    raise
            self.refused["read again"] += 1
            time.sleep(0.5)

    def check(self) -> None:
        """The draft is as the last acknowledged save left it (none lost)."""
        self.done.set()
        self.join(60)
        assert self.acknowledged, "no save was acknowledged"
        draft = self.current()
        version, title, _ = self.acknowledged[-1]
        assert (draft["version"], draft["content"]["overview"]["title"]) == (version, title), \
            (draft["version"], draft["content"]["overview"]["title"], version, title)


def burst_of_saves(cast, seconds: float, during=None, savers_out: list | None = None) -> tuple[int, dict]:
    savers = [Saves(cast.registrant) for _ in range(3)] + [Saves(cast.loner) for _ in range(3)]
    if savers_out is not None:
        savers_out.extend(savers)
    for s in savers:
        s.start()
    time.sleep(seconds / 2)
    if during:
        during()
    time.sleep(seconds / 2)
    for s in savers:
        s.check()
    refused = sum((s.refused for s in savers), collections.Counter())
    return sum(len(s.acknowledged) for s in savers), dict(refused)


def kill_one(service: str) -> dict:
    """SIGKILL the init process of one container of `service`, from the host, as a crash
    would: its restart policy (unless-stopped) must bring it back."""
    victim = of(service)[0]
    sh("kill", "-KILL", str(victim["pid"]))
    victim["killed_at"] = time.time()
    return victim


def wait_restarted(victim: dict, timeout: float = 180) -> float:
    """Seconds from the kill until the same container runs again, healthy."""
    def back():
        now = next(c for c in containers() if c["id"] == victim["id"])
        return now["restarts"] > victim["restarts"] and now["status"] == "running" and now["health"] == "healthy"
    jr.wait_until(back, timeout, f"{victim['name']} restarted by its restart policy and healthy", every=0.5)
    return time.time() - victim["killed_at"]


def image_sizes() -> dict[str, str]:
    out = sh("docker", "images", "--format", "{{.Repository}}:{{.Tag}} {{.Size}}")
    return dict(line.split(" ", 1) for line in out.splitlines() if not line.startswith("<none>"))


def single() -> None:
    system = ContainerSystem()
    started = time.time()
    say("compose up")
    compose("up", "-d")  # returns once what others wait for is healthy
    wait_healthy()
    FIGURES["time_to_healthy_s"] = round(time.time() - started, 1)
    say(f"every container healthy, migrations exited 0: {FIGURES['time_to_healthy_s']} s after `up` began")
    assert requests.get(system.url + "/readyz", timeout=10).status_code == 200

    say("the Kubernetes probes, run in the compose containers")
    FIGURES["probes"] = probes_match_the_manifests()
    print("\n".join(FIGURES["probes"]))

    usage = UsagePeaks()
    usage.start()
    recorder = jr.Recorder(system.amqp_uri)
    say("a whole journey: unit sign-up, admin activation, registrant, submit, unit review, office approval, certificate, verification")
    cast = jr.make_cast(system)
    first = jr.whole(cast, jr.start(cast, "applied", with_unit=True))
    certificate = jr.certificate(first)
    query = certificate["verify_url"].split("?", 1)[1]
    public = requests.get(f"{system.url}/api/v1/verify?{query}", timeout=10).json()
    assert public["status"] == "valid" and public["title"] == first.title, public
    mail = system.wait_mail(first.email, jr.REGISTERED)
    assert first.number in mail["body"]
    say(f"certificate {first.number} issued and verified; its mail read from the mail sink container")

    say("--scale registration=3 --scale review=2")
    FIGURES["scaled"] = scale(system)
    before = {s: rpc_instances(system, s) for s in ("registration", "review")}
    saves, refused = burst_of_saves(cast, 8)
    second = jr.whole(cast, jr.start(cast, "basic", with_unit=True))
    third = jr.whole(cast, jr.start(cast, "soft", with_unit=False))
    after = {s: rpc_instances(system, s) for s in ("registration", "review")}
    spread = {}
    for service in after:
        assert len(after[service]) == (3 if service == "registration" else 2), after[service]
        spread[service] = {host: {m: n - before[service].get(host, {}).get(m, 0) for m, n in handled.items()
                                  if m != "instance" and n - before[service].get(host, {}).get(m, 0)}
                           for host, handled in after[service].items()}
    FIGURES["saves_acknowledged"], FIGURES["saves_refused"] = saves, refused
    FIGURES["calls_per_instance"] = spread
    print(json.dumps(spread, ensure_ascii=False, indent=1))
    savers_per_host = {h: c.get("save_draft", 0) for h, c in spread["registration"].items()}
    say(f"{saves} saves acknowledged; save_draft calls answered per registration instance: {savers_per_host}")
    assert all(n > 0 for n in savers_per_host.values()), savers_per_host

    say("one registration container killed (SIGKILL) mid-journey, during a burst of saves")
    middle = [jr.start(cast, "applied", with_unit=True), jr.start(cast, "applied", with_unit=False)]
    for j in middle:
        jr.submit(j)
    victim = {}
    saves, refused = burst_of_saves(cast, 10, during=lambda: victim.update(kill_one("registration")))
    for j in middle:
        if j.with_unit:
            jr.forward(cast, j)
        jr.approve(cast, j)
        jr.certificate(j)
    FIGURES["restart_after_kill_s"] = round(wait_restarted(victim), 1)
    FIGURES["saves_during_kill"] = {"acknowledged": saves, "refused": refused}
    say(f"{victim['name']} restarted by its restart policy, healthy again {FIGURES['restart_after_kill_s']} s "
        f"after the kill; {saves} saves acknowledged around the kill, none lost; refused: {refused}")

    say("exactly once: drafts, submissions, cases, 登记号, certificates, events (outbox, consumers, wire), mails")
    jr.check_exactly_once(system, cast, [first, second, third, *middle], recorder, once_on_the_wire=False)
    recorder.close()
    FIGURES["memory_peak_mib"], FIGURES["cpu_peak_percent"] = usage.stop()
    FIGURES["resources_vs_manifests"] = resources_against_the_manifests(FIGURES["memory_peak_mib"],
                                                                        FIGURES["cpu_peak_percent"])
    print("\n".join(FIGURES["resources_vs_manifests"]))
    FIGURES["image_sizes"] = image_sizes()
    FIGURES["driver_s"] = round(time.time() - started, 1)
    print(json.dumps({k: FIGURES[k] for k in ("memory_peak_mib", "cpu_peak_percent", "image_sizes")},
                     ensure_ascii=False, indent=1))


# -- a broker of three nodes ------------------------------------------------------------------
class RpcWatch(threading.Thread):
    """The gateway's /readyz (an RPC to every service) every 0.25 s: when it answers, how fast."""

    def __init__(self, url: str):
        super().__init__(daemon=True)
        self.url, self.samples, self.done = url, [], threading.Event()
        self.failing = collections.Counter()  # which services /readyz found failing, how often

    def run(self):
        while not self.done.is_set():
            started = time.time()
            try:
                response = requests.get(self.url + "/readyz", timeout=30)
                ok = response.status_code == 200
                if not ok:
                    checks = response.json().get("checks", {})
                    self.failing.update(f"{s}: {v}" for s, v in checks.items() if v != "ok")
            except (requests.RequestException, ValueError) as exc:
                ok = False
                self.failing[type(exc).__name__] += 1
            self.samples.append((started, ok, time.time() - started))
            self.done.wait(0.25)

    def effect(self, since: float, until: float) -> dict:
        """What an event at `since` did to the RPCs asked before `until`: how long after it the
        last failing call ended (then RPC answered again), how many failed or took over 1 s,
        and the latency before and during."""
        before = sorted(s[2] for s in self.samples if s[0] < since and s[1])[-200:]
        window = [s for s in self.samples if since <= s[0] < until]
        failed = [s for s in window if not s[1]]
        back = max((s[0] + s[2] for s in failed), default=since) - since
        during = sorted(s[2] for s in window if s[1])
        return {"rpc_answering_again_after_s": round(back, 2),
                "failed_calls": len(failed), "slow_calls_over_1s": sum(1 for s in window if s[1] and s[2] > 1),
                "max_latency_s": round(max((s[2] for s in window), default=0), 2),
                "median_latency_before_ms": round(1000 * before[len(before) // 2], 1) if before else None,
                "median_latency_after_ms": round(1000 * during[len(during) // 2], 1) if during else None,
                "calls_watched": len(window)}


def through(cast, journey, timeout: float = 600) -> float:
    """A submitted journey's reviews and certificate; seconds from approval to certificate. A
    certificate whose first attempt fails while a node goes away stays pending and is tried
    again with backoff (30 s, doubling), so it may come minutes later, but once."""
    if journey.with_unit:
        jr.forward(cast, journey, timeout=120)
    jr.approve(cast, journey, timeout=120)
    approved = time.time()
    jr.certificate(journey, timeout=timeout)
    return round(time.time() - approved, 1)


def cluster_nodes(via: str = "rabbitmq-2") -> list[str]:
    out = compose("exec", "-T", via, "rabbitmqctl", "-q", "cluster_status", "--formatter", "json", check=False)
    try:
        return sorted(json.loads(out)["running_nodes"])
    except (ValueError, KeyError):
        return []


def mirrored_queues(via: str = "rabbitmq-2") -> tuple[int, int]:
    """(queues with the mirroring policy, queues in all) on the cluster."""
    out = compose("exec", "-T", via, "rabbitmqctl", "-q", "list_queues", "name", "policy", "--formatter", "json")
    queues = json.loads(out)
    return sum(1 for q in queues if q.get("policy") == "mirrored-all"), len(queues)


def ha() -> None:
    system = ContainerSystem(ha=True)
    started = time.time()
    say("compose up: three RabbitMQ nodes, mirrored queues")
    compose("up", "-d")
    wait_healthy()
    FIGURES["time_to_healthy_s"] = round(time.time() - started, 1)
    nodes = jr.wait_until(lambda: (lambda n: n if len(n) == 3 else None)(cluster_nodes()), 120, "three nodes")
    say(f"healthy {FIGURES['time_to_healthy_s']} s after `up` began; cluster of {nodes}")
    watch = RpcWatch(system.url)
    watch.start()
    recorder = jr.Recorder(system.amqp_uri)
    cast = jr.make_cast(system)
    FIGURES["mirrored_queues"] = jr.wait_until(lambda: (lambda m: m if m[0] == m[1] else None)(mirrored_queues()),
                                               60, "every queue mirrored")
    say(f"queues mirrored on every node: {FIGURES['mirrored_queues'][0]} of {FIGURES['mirrored_queues'][1]}")

    say("node rabbit@rabbitmq stopped in the middle of two journeys")
    middle = [jr.start(cast, "applied", with_unit=True), jr.start(cast, "soft", with_unit=False)]
    for j in middle:
        jr.submit(j)
    time.sleep(3)
    watch.failing.clear()
    stopped = time.time()
    compose("stop", "-t", "30", "rabbitmq")
    FIGURES["node_stop_took_s"] = round(time.time() - stopped, 1)
    FIGURES["certificate_after_approval_s"] = [through(cast, j) for j in middle]
    time.sleep(5)
    FIGURES["node_stopped"] = watch.effect(stopped, time.time())
    FIGURES["node_stopped"]["failing_checks"] = dict(watch.failing)
    say(f"journeys went on with a node down: {FIGURES['node_stopped']}")
    compose("start", "rabbitmq")
    wait_healthy()
    jr.wait_until(lambda: len(cluster_nodes()) == 3, 120, "the node back in the cluster")

    say("node rabbit@rabbitmq-2 killed (SIGKILL) during a burst of saves; restarted by its policy")
    victim = {}
    crashed = {}
    def crash():
        watch.failing.clear()
        crashed["at"] = time.time()
        victim.update(kill_one("rabbitmq-2"))
    saves, refused = burst_of_saves(cast, 12, during=crash)
    after = [jr.start(cast, "basic", with_unit=True)]
    jr.submit(after[0])
    FIGURES["certificate_after_approval_s"].append(through(cast, after[0]))
    FIGURES["node_killed"] = watch.effect(crashed["at"], time.time())
    FIGURES["node_killed"]["failing_checks"] = dict(watch.failing)
    FIGURES["node_killed"]["saves_acknowledged"], FIGURES["node_killed"]["saves_refused"] = saves, refused
    FIGURES["node_killed"]["node_back_healthy_s"] = round(wait_restarted(victim), 1)
    jr.wait_until(lambda: len(cluster_nodes("rabbitmq")) == 3, 120, "the killed node back in the cluster")
    say(f"{FIGURES['node_killed']}")

    say(f"certificates issued after approval (s): {FIGURES['certificate_after_approval_s']}")
    say("exactly once: every acknowledged save, every event, every mail")
    jr.check_exactly_once(system, cast, [*middle, *after], recorder, once_on_the_wire=False)
    recorder.close()
    watch.done.set()
    FIGURES["driver_s"] = round(time.time() - started, 1)


# -- a PostgreSQL standby promoted --------------------------------------------------------------
def longest_pause(savers, since: float) -> float:
    """The longest time without an acknowledged save, from `since` on (all savers together)."""
    times = sorted([since] + [a[2] for s in savers for a in s.acknowledged if a[2] >= since])
    return max((b - a for a, b in zip(times, times[1:])), default=0.0)


def pg() -> None:
    system = ContainerSystem(standby=True)
    started = time.time()
    say("compose up: PostgreSQL with a synchronous streaming-replication standby")
    compose("up", "-d")
    wait_healthy()
    FIGURES["time_to_healthy_s"] = round(time.time() - started, 1)
    replication = jr.wait_until(lambda: jr.rows(system, "accounts", "SELECT application_name, state, sync_state "
                                                "FROM pg_stat_replication"), 60, "the standby streaming")
    FIGURES["replication"] = [tuple(r) for r in replication]
    say(f"healthy {FIGURES['time_to_healthy_s']} s after `up` began; replication: {FIGURES['replication']}")
    assert [r.sync_state for r in replication] == ["sync"], replication
    watch = RpcWatch(system.url)
    watch.start()
    recorder = jr.Recorder(system.amqp_uri)
    cast = jr.make_cast(system)
    middle = [jr.start(cast, "applied", with_unit=True), jr.start(cast, "soft", with_unit=False)]
    for j in middle:
        jr.submit(j)

    say("the primary stopped in a burst of saves and in the middle of two journeys; the standby promoted")
    moments, savers = {}, []
    def failover():
        watch.failing.clear()
        moments["stopped"] = time.time()
        compose("stop", "-t", "30", "postgres")
        moments["promoting"] = time.time()
        compose("exec", "-T", "-u", "postgres", "postgres-standby", "pg_ctl", "promote", "-w",
                "-D", "/var/lib/postgresql/standby")
        moments["promoted"] = time.time()
    saves, refused = burst_of_saves(cast, 16, during=failover, savers_out=savers)
    FIGURES["certificate_after_approval_s"] = [through(cast, j) for j in middle]
    after = [jr.start(cast, "basic", with_unit=True)]
    jr.submit(after[0])
    FIGURES["certificate_after_approval_s"].append(through(cast, after[0]))
    FIGURES["failover"] = {
        **watch.effect(moments["stopped"], time.time()),
        "failing_checks": dict(watch.failing),
        "primary_stop_s": round(moments["promoting"] - moments["stopped"], 1),
        "promotion_s": round(moments["promoted"] - moments["promoting"], 1),
        "longest_pause_between_acknowledged_saves_s": round(longest_pause(savers, moments["stopped"] - 1), 1),
        "saves_acknowledged": saves, "saves_refused": refused}
    say(f"failover: {FIGURES['failover']}")
    say(f"certificates issued after approval (s): {FIGURES['certificate_after_approval_s']}")
    say("exactly once: every acknowledged save, every event, every mail, on the promoted standby")
    jr.check_exactly_once(system, cast, [*middle, *after], recorder, once_on_the_wire=False)
    recorder.close()
    watch.done.set()
    FIGURES["driver_s"] = round(time.time() - started, 1)


def main() -> None:
    mode = sys.argv[1] if len(sys.argv) > 1 else "single"
    try:
        {"single": single, "ha": ha, "pg": pg}[mode]()
    finally:
        report = os.environ.get("KJCG_REPORT")
        if report:
            with open(report, "w", encoding="utf-8") as handle:
                json.dump(FIGURES, handle, ensure_ascii=False, indent=1)
    say(f"{mode}: passed")


if __name__ == "__main__":
    main()
