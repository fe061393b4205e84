"""Operators' commands of the reports service.

    python -m services.reports.cli rebuild [--reset]   replay every service's event history
    python -m services.reports.cli recount             restamp the years after a change of
                                                       statistics_year_start
    python -m services.reports.cli package --year 2026 [--out FILE]
                                                       write the national reporting package
    python -m services.reports.cli verify-package FILE check a package: hashes, counts, schema

`rebuild` fills an empty reports database from the events the other services have recorded
(their outboxes keep every event; `event_history` RPC), through the same code the live
handlers run, so it ends with the same tables. It needs the broker and the producing services
running. Into a live database, stop the reports service first or rebuild into another
REPORTS_DB_URL and switch.
"""
from __future__ import annotations

import argparse
import os
import sys
import time

import sqlalchemy as sa
from nameko.standalone.rpc import ClusterRpcProxy
from sqlalchemy.orm import sessionmaker

from services.common import migrations
from services.common.config_file import load_config
from services.common.engine import make_engine
from services.common.uow import unit_of_work

from .app import ingest, store
from .domain.registration_row import counting_day
from .domain.calendar import statistics_year
from .domain.progress import fold
from .models import EventRow, FactRow, RegistrationRow, SnapshotRow, WordsRow, metadata
from .settings import ReportsSettings

DEFAULT_CONFIG = "services/reports/config.yaml"
PRODUCERS = ("registration", "review", "certificates")
PAGE = 500


class Db:
    """What the use cases take as `db`, outside a nameko worker."""

    def __init__(self, engine):
        self.engine = engine
        self._factory = sessionmaker(bind=engine, expire_on_commit=False)

    def begin(self):
        return unit_of_work(self._factory, metadata, "reports")


def _db(config) -> Db:
    engine = make_engine(config["DB_URL"], pool_size=2)
    migrations.upgrade(engine, os.path.join(os.path.dirname(__file__), "migrations"), "reports")
    return Db(engine)


def _empty(db: Db) -> bool:
    with db.begin() as uow:
        return uow.session.scalar(sa.select(sa.func.count()).select_from(EventRow)) == 0


def reset(db: Db) -> None:
    with db.begin() as uow:
        session = uow.session
        for table in (FactRow, WordsRow, RegistrationRow, SnapshotRow, EventRow):
            session.execute(sa.delete(table))
        processed = metadata.tables["processed_events"]
        session.execute(sa.delete(processed).where(processed.c.consumer == ingest.CONSUMER))
        store.moved_on(session)


def rebuild(config, db: Db, out=sys.stdout) -> dict:
    settings = ReportsSettings.from_config(config)
    counted, skipped = {}, []
    started = time.monotonic()
    with ClusterRpcProxy(config, timeout=60) as cluster:
        for producer in PRODUCERS:
            counted[producer], after = 0, 0
            while after is not None:
                page = getattr(cluster, producer).event_history(after, PAGE)
                history = [e for e in page["events"] if ingest.counted(producer, e)]
                if history:
                    done, missed = ingest.on_history(db, cluster.registration, producer, history)
                    counted[producer] += done
                    skipped += [(producer, e.get("type"), e.get("event_id"), why) for e, why in missed]
                after = page["next"]
            print(f"{producer}: {counted[producer]} 个事件", file=out)
    folded = ingest.refold_all(db, settings)
    print(f"{folded} 项成果已按其全部事件重新汇总", file=out)
    for producer, kind, event_id, why in skipped[:20]:
        print(f"未计入 {producer}.{kind} {event_id}：{why}", file=sys.stderr)
    if skipped:
        print(f"共 {len(skipped)} 个事件无法计入（其提交内容无法读取）；在线服务中它们同样进入死信队列", file=sys.stderr)
    print(f"重建完成，用时 {time.monotonic() - started:.1f} 秒", file=out)
    return counted


def recount(config, db: Db, out=sys.stdout) -> int:
    """Restamp every registration's years (after statistics_year_start changed)."""
    start = ReportsSettings.from_config(config).statistics_year_start
    changed = 0
    with db.begin() as uow:
        session = uow.session
        for draft_id in store.draft_ids(session):
            day = counting_day(fold(draft_id, store.events_of(session, draft_id)))
            if day is not None:
                store.restamp_years(session, draft_id, day.year, statistics_year(day, start))
                changed += 1
    print(f"已重新计算 {changed} 项成果的登记年度和统计年度", file=out)
    return changed


def write_package(config, db: Db, year: int, out: str) -> int:
    from services.common.file_store import make_store

    from .app import package_builder
    from .app.labels import CodeTables
    settings = ReportsSettings.from_config(config)
    with ClusterRpcProxy(config, timeout=120) as cluster:
        tables = CodeTables().using(cluster.registration.get_code_table)
        sources = package_builder.Sources(cluster.registration, cluster.certificates,
                                          make_store(config.get("FILE_STORE_URL")))
        head = package_builder.build(db, sources, lambda t, c: tables.labels(t).get(c, c), year,
                                     settings.statistics_year_start, settings.office_name, out,
                                     lambda n: print(f"已写入 {n} 项", file=sys.stderr))
    print(f"{out}：{year}统计年度 {head['counts']['achievements']} 项成果，{head['counts']['files']} 个文件")
    return verify_package(out)


def verify_package(path: str) -> int:
    from .app.package_builder import verify_zip
    problems = verify_zip(path)
    for problem in problems:
        print(f"{problem.path}：{problem.message}", file=sys.stderr)
    print("校验通过" if not problems else f"校验未通过：{len(problems)} 个问题")
    return 0 if not problems else 1


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m services.reports.cli",
                                     description="科技成果登记统计（reports）运维命令")
    parser.add_argument("--config", default=DEFAULT_CONFIG)
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("rebuild", help="从各服务的事件记录重建统计库")
    build.add_argument("--reset", action="store_true", help="先清空统计库中的事件和成果记录")
    commands.add_parser("recount", help="统计年度起始日改变后重新计算年度")
    pack = commands.add_parser("package", help="生成某统计年度的上报数据包（zip）")
    pack.add_argument("--year", type=int, required=True, help="统计年度，如 2026")
    pack.add_argument("--out", help="输出文件，默认 科技成果登记上报数据包-<年度>.zip")
    check = commands.add_parser("verify-package", help="校验上报数据包（sha256、数量、JSON 格式）")
    check.add_argument("file")
    args = parser.parse_args(argv)
    if args.command == "verify-package":
        return verify_package(args.file)
    config = load_config(args.config)
    db = _db(config)
    if args.command == "recount":
        recount(config, db)
        return 0
    if args.command == "package":
        return write_package(config, db, args.year, args.out or f"科技成果登记上报数据包-{args.year}.zip")
    if args.reset:
        reset(db)
    elif not _empty(db):
        print("统计库不是空的：加 --reset 先清空，或将 REPORTS_DB_URL 指向一个新库后重建", file=sys.stderr)
        return 2
    rebuild(config, db)
    return 0


if __name__ == "__main__":
    sys.exit(main())
