"""What running a draft save as a command (services/common/commands.py) costs: the same
saves, in this process, on one SQLite file (or a PostgreSQL database), as a plain unit of work
(`run`) and as a command (claim + work + recorded answer), median and mean per save.

    .venv/bin/python bench/command_cost.py [--saves 2000] [--section-kb 2] [--url postgresql+psycopg2://…]

One draft, saved again and again at its current 版本号, one section of about --section-kb KB.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from nameko.testing.services import worker_factory  # noqa: E402

from services.registration.app.store import metadata  # noqa: E402
from services.registration.domain.definitions import FormRegistry  # noqa: E402
from services.registration.service import MIGRATIONS, RegistrationService  # noqa: E402
from services.registration.settings import RegistrationSettings  # noqa: E402
from tests.support.commands import invoke  # noqa: E402
from tests.support.local_database import LocalDatabase  # noqa: E402

OWNER = {"user_id": 9, "name": "王伟任", "grants": [{"role": "registrant", "unit_id": 5}]}


def measure(service, draft_id: int, saves: int, kb: int, as_command: bool) -> list[float]:
    version = service.get_draft(OWNER, draft_id)["version"]
    times = []
    for i in range(saves):
        sections = {"summary": {"summary": f"{i}" + "科" * (kb * 1024 // 3)}}
        started = time.perf_counter()
        if as_command:
            answer = invoke(service, "save_draft", OWNER, draft_id, version, sections,
                            request_id=uuid.uuid4().hex)
        else:
            answer = service.save_draft(OWNER, draft_id, version, sections)
        times.append(time.perf_counter() - started)
        version = answer["version"]
    return times


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--saves", type=int, default=2000)
    parser.add_argument("--section-kb", type=int, default=2)
    parser.add_argument("--url")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = LocalDatabase(None, "registration", MIGRATIONS, metadata,
                           url=args.url or f"sqlite:///{tmp}/registration.db")
        service = worker_factory(RegistrationService, db=db, forms=FormRegistry.load(),
                                 settings=RegistrationSettings(window_months=0))
        draft = service.create_draft(OWNER, {"category": "applied"})
        measure(service, draft["id"], 100, args.section_kb, True)  # warm up
        rounds = {"run": [], "command": []}
        for _ in range(3):  # interleaved, so that a busy machine weighs on both alike
            for name in rounds:
                rounds[name] += measure(service, draft["id"], args.saves // 3, args.section_kb,
                                        name == "command")
        for name, times in rounds.items():
            print(f"{name:8} median {statistics.median(times) * 1000:.3f} ms  "
                  f"mean {statistics.fmean(times) * 1000:.3f} ms  ({len(times)} saves)")
        extra = statistics.median(rounds["command"]) - statistics.median(rounds["run"])
        print(f"a save as a command costs {extra * 1000:+.3f} ms (median)")


if __name__ == "__main__":
    main()
