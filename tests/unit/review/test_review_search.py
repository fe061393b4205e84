"""成果查询 by any part of the title, on a real migrated SQLite database: three characters or
more go through the trigram index (migration 0002), shorter ones scan; both find exactly what
LIKE '%…%' finds, the index follows inserts, title changes and deletes, and nothing the office
types is a wildcard or FTS syntax."""
import datetime as dt

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.common import migrations
from services.common.engine import make_engine
from services.common.identity import OFFICE, Caller, Grant
from services.common.uow import UnitOfWork
from services.review.app import queries
from services.review.models import CaseRow, metadata
from services.review.service import MIGRATIONS

OFFICE_CALLER = Caller(user_id=1, grants=(Grant(OFFICE),))
TITLES = ["高寒旱区马铃薯全程机械化关键装备研制与应用", "马铃薯脱毒种薯繁育技术", "敦煌壁画数字化保护",
          "河西走廊节水灌溉", "5G智能电网100%覆盖_示范", 'He said "quoted" title', "小麦育种"]


@pytest.fixture
def session(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path}/review.db")
    migrations.upgrade(engine, MIGRATIONS, "review")
    now = dt.datetime(2026, 11, 25, tzinfo=dt.timezone.utc)
    with Session(engine) as s:
        for i, title in enumerate(TITLES, start=1):
            s.add(CaseRow(id=i, draft_id=i, snapshot_id=i, owner_id=9, unit_id=None, category="soft",
                          title=title, path=["office"], level="office", status="pending", version=1,
                          opened_at=now, updated_at=now + dt.timedelta(minutes=i)))
        s.commit()
        yield s


def found(session, q):
    answer = queries.search(UnitOfWork(session, metadata, "review"), OFFICE_CALLER, {"q": q, "page_size": 100})
    return [c["title"] for c in answer["items"]]


def like(session, q):
    rows = session.scalars(sa.select(CaseRow.title).where(CaseRow.title.contains(q, autoescape=True))
                           .order_by(CaseRow.updated_at.desc()))
    return list(rows)


@pytest.mark.parametrize("q", ["马铃薯", "马铃", "机械化关键装备", "敦煌壁画数字化保护", "壁画", "x",
                               "智能电网", "100%", "%", "_示范", "5g", '"quoted"', 'said "', "不存在的词语",
                               "OR", "马铃薯 OR 小麦"])
def test_the_search_finds_what_like_finds(session, q):
    assert found(session, q) == like(session, q)


def test_the_total_counts_every_match_and_pages_are_newest_first(session):
    page = queries.search(UnitOfWork(session, metadata, "review"), OFFICE_CALLER, {"q": "马铃薯", "page_size": 1})
    assert page["total"] == 2 and [c["title"] for c in page["items"]] == ["马铃薯脱毒种薯繁育技术"]


def test_the_index_follows_new_changed_and_deleted_titles(session):
    now = dt.datetime(2026, 11, 26, tzinfo=dt.timezone.utc)
    session.add(CaseRow(id=100, draft_id=100, snapshot_id=100, owner_id=9, unit_id=None,
                        category="soft", title="苹果病虫害绿色防控", path=["office"], level="office",
                        status="pending", version=1, opened_at=now, updated_at=now))
    session.commit()
    assert found(session, "绿色防控") == ["苹果病虫害绿色防控"]
    session.execute(sa.update(CaseRow).where(CaseRow.id == 100).values(title="苹果矮化密植"))
    session.commit()
    assert found(session, "绿色防控") == [] and found(session, "矮化密植") == ["苹果矮化密植"]
    session.execute(sa.delete(CaseRow).where(CaseRow.id == 100))
    session.commit()
    assert found(session, "矮化密植") == []
