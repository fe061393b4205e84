"""What the benchmarks read and print besides load: a process's memory, and the figures next to
their targets."""
from __future__ import annotations

import os


def rss_mb(pid: int) -> tuple[float, float]:
    """(resident now, peak resident) in MB, from /proc."""
    values = {}
    with open(f"/proc/{pid}/status") as handle:
        for line in handle:
            if line.startswith(("VmRSS:", "VmHWM:")):
                key, amount, _unit = line.split()
                values[key[:-1]] = int(amount) / 1024
    return values.get("VmRSS", 0.0), values.get("VmHWM", 0.0)


def children_of(pid: int) -> list[int]:
    """The processes `pid` started and that still run, from /proc (none when it is gone)."""
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as handle:
            return [int(c) for c in handle.read().split()]
    except OSError:
        return []


def process_tree_rss(pid: int, name: str) -> dict[str, tuple[float, float]]:
    """{label: (now, peak)} of a process and of every process it started (the certificates
    service's rendering process: "certificates › rendering"), read from /proc."""
    found = {name: rss_mb(pid)}
    for child in children_of(pid):
        try:
            with open(f"/proc/{child}/cmdline", "rb") as handle:
                argv = handle.read().split(b"\0")
            module = next((a.decode() for a in argv if a.startswith(b"services.")), str(child))
            label = module.split(".")[-2] if module.endswith(".process") else module
            found[f"{name} › {label}"] = rss_mb(child)
        except (OSError, StopIteration):
            continue
    return found


def print_targets(lines: list[tuple[str, str, str, str]]) -> None:
    """[(figure, value, target, met)] as a table."""
    if not lines:
        return
    width = max(len(line[0]) for line in lines)
    print(f"\n{'figure':<{width}}  {'value':>18}  {'target':>12}  met")
    for what, value, target, ok in lines:
        print(f"{what:<{width}}  {value:>18}  {target:>12}  {ok}")


# -- where the CPU goes ------------------------------------------------------------------------
_TICK = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float:
    """User + system CPU of one process so far (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _TICK


def _pids_named(command: str) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/comm") as handle:
                    if handle.read().strip() == command:
                        found.append(int(entry))
            except OSError:
                continue
    return found


def _machine_busy() -> float:
    """CPU seconds the whole machine has been busy (every core), from /proc/stat."""
    with open("/proc/stat") as handle:
        values = [int(v) for v in handle.readline().split()[1:]]
    idle = values[3] + values[4]   # idle, iowait
    return (sum(values[:8]) - idle) / _TICK


class CpuMeter:
    """CPU seconds spent by each labelled group of processes between `start()` and `stop()`:
    the system's processes (with the processes they start), RabbitMQ (beam.smp), PostgreSQL
    (every `postgres` process, the machine's server included), the load generator (this
    process and the children it waited for: wrk), and the rest of the machine."""

    def __init__(self, programs: dict[str, int]):
        self.programs = programs

    def _groups(self) -> dict[str, list[int]]:
        groups = {name: [pid, *children_of(pid)] for name, pid in self.programs.items()}
        groups["rabbitmq"] = _pids_named("beam.smp")
        groups["postgresql"] = _pids_named("postgres")
        return groups

    def _read(self) -> dict[str, dict[int, float]]:
        spent = {name: {p: _cpu_seconds(p) for p in pids} for name, pids in self._groups().items()}
        own = os.times()
        spent["load generator"] = {0: own.user + own.system + own.children_user + own.children_system}
        spent["machine"] = {0: _machine_busy()}
        return spent

    def start(self) -> None:
        self._before = self._read()

    def stop(self) -> dict[str, float]:
        """{label: CPU seconds} over the interval; "other" is the machine's rest (and what
        processes that ended meanwhile spent)."""
        after = self._read()
        spent = {name: sum(max(now - self._before.get(name, {}).get(pid, 0.0), 0.0)
                           for pid, now in pids.items())
                 for name, pids in after.items()}
        machine = spent.pop("machine")
        spent["other"] = max(machine - sum(spent.values()), 0.0)
        spent["machine"] = machine
        return spent
