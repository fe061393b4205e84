"""What the benchmarks read and print besides load: a process's memory, and the figures next to
their targets."""
from __future__ import annotations


def rss_mb(pid: int) -> tuple[float, float]:
    """(resident now, peak resident) in MB, from /proc."""
    values = {}
    with open(f"/proc/{pid}/status") as handle:
        for line in handle:
            if line.startswith(("VmRSS:", "VmHWM:")):
                key, amount, _unit = line.split()
                values[key[:-1]] = int(amount) / 1024
    return values.get("VmRSS", 0.0), values.get("VmHWM", 0.0)


def process_tree_rss(pid: int, name: str) -> dict[str, tuple[float, float]]:
    """{label: (now, peak)} of a process and of every process it started (the certificates
    service's rendering process: "certificates › rendering"), read from /proc."""
    found = {name: rss_mb(pid)}
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as handle:
            children = [int(c) for c in handle.read().split()]
    except OSError:
        children = []
    for child in children:
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
