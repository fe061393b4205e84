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


def print_targets(lines: list[tuple[str, str, str, str]]) -> None:
    """[(figure, value, target, met)] as a table."""
    if not lines:
        return
    width = max(len(line[0]) for line in lines)
    print(f"\n{'figure':<{width}}  {'value':>18}  {'target':>12}  met")
    for what, value, target, ok in lines:
        print(f"{what:<{width}}  {value:>18}  {target:>12}  {ok}")
