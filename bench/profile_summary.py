"""Summarise a py-spy profile recorded in raw (collapsed-stack) form: the functions that take
the most samples by themselves, and including what they call.

    .venv/bin/py-spy record -r 200 -d 10 -f raw -o gateway.txt -p <pid of the gateway>
    .venv/bin/python bench/profile_summary.py gateway.txt [--top 25]

bench/run_all.py --py-spy DIR records every service during its 32-client rows this way.
"""
from __future__ import annotations

import argparse
import collections


def _name(frame: str) -> str:
    """`function (path/file.py:line)` -> `function (file.py)`."""
    if " (" not in frame:
        return frame
    function, where = frame.split(" (", 1)
    return f"{function} ({where.rsplit('/', 1)[-1].split(':')[0]})"


def summarise(path: str) -> tuple[int, collections.Counter, collections.Counter]:
    own, inclusive, total = collections.Counter(), collections.Counter(), 0
    with open(path, encoding="utf-8", errors="replace") as handle:
        for line in handle:
            stack, _, count = line.rstrip("\n").rpartition(" ")
            if not count.isdigit():
                continue
            samples, frames = int(count), [_name(f) for f in stack.split(";") if f]
            total += samples
            if frames:
                own[frames[-1]] += samples
            for name in set(frames):
                inclusive[name] += samples
    return total, own, inclusive


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("profile")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    total, own, inclusive = summarise(args.profile)
    print(f"{total} samples")
    for title, counter in (("by itself", own), ("including callees", inclusive)):
        print(f"-- {title}")
        for name, samples in counter.most_common(args.top):
            print(f"{samples / max(total, 1):6.1%}  {name}")


if __name__ == "__main__":
    main()
