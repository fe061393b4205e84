"""Group commit on SQLite (services/common/group_commit.py), on a real SQLite file: the units of
work of several green threads share one transaction and one COMMIT, each returns only once that
COMMIT is done, a unit that fails leaves the group's others, and a COMMIT that fails fails every
unit of its group and keeps none of their changes."""
from __future__ import annotations

import eventlet
import pytest
import sqlalchemy as sa

from services.common.engine import make_engine
from services.common.group_commit import GroupCommit
from services.common.uow import grouped_unit_of_work

metadata = sa.MetaData()
parent = sa.Table("parent", metadata, sa.Column("id", sa.Integer, primary_key=True))
child = sa.Table("child", metadata, sa.Column("id", sa.Integer, primary_key=True),
                 sa.Column("parent_id", sa.Integer,
                           sa.ForeignKey("parent.id", deferrable=True, initially="DEFERRED")))


@pytest.fixture
def engines(tmp_path):
    url = f"sqlite:///{tmp_path / 'group.db'}"
    engine, reader = make_engine(url), make_engine(url)   # reader: what another process sees
    metadata.create_all(engine)
    yield engine, reader
    engine.dispose()
    reader.dispose()


def committed(reader, table) -> set[int]:
    with reader.connect() as conn:
        return {row.id for row in conn.execute(sa.select(table.c.id))}


def test_units_of_many_workers_commit_in_few_groups_and_each_returns_once_committed(engines):
    engine, reader = engines
    group = GroupCommit(engine)
    seen_after_return = {}

    def unit(i):
        with grouped_unit_of_work(group, metadata, "test") as uow:
            uow.session.execute(parent.insert().values(id=i))
            eventlet.sleep(0)   # the others queue behind this one meanwhile
        seen_after_return[i] = i in committed(reader, parent)

    pool = eventlet.GreenPool(20)
    for i in range(40):
        pool.spawn(unit, i)
    pool.waitall()
    assert committed(reader, parent) == set(range(40))
    assert seen_after_return == {i: True for i in range(40)}
    assert group.units == 40 and group.groups < 40


def test_a_failing_unit_rolls_back_alone(engines):
    engine, reader = engines
    group = GroupCommit(engine)
    outcomes = {}

    def unit(i):
        try:
            with grouped_unit_of_work(group, metadata, "test") as uow:
                uow.session.execute(parent.insert().values(id=i))
                eventlet.sleep(0)
                if i == 3:
                    raise ValueError("refused")
            outcomes[i] = "ok"
        except ValueError:
            outcomes[i] = "refused"

    pool = eventlet.GreenPool(10)
    for i in range(10):
        pool.spawn(unit, i)
    pool.waitall()
    assert outcomes[3] == "refused" and all(outcomes[i] == "ok" for i in range(10) if i != 3)
    assert committed(reader, parent) == set(range(10)) - {3}


def test_a_commit_that_fails_fails_every_unit_of_its_group_and_keeps_nothing(engines):
    engine, reader = engines
    group = GroupCommit(engine)
    outcomes = {}

    def unit(i):
        try:
            with grouped_unit_of_work(group, metadata, "test") as uow:
                # a child of a parent nobody writes: SQLite refuses it at COMMIT (deferred key)
                uow.session.execute(child.insert().values(id=i, parent_id=999 if i == 0 else None))
                eventlet.sleep(0)
            outcomes[i] = "ok"
        except Exception as exc:  # noqa: BLE001
            outcomes[i] = type(exc).__name__

    pool = eventlet.GreenPool(5)
    for i in range(5):
        pool.spawn(unit, i)
    pool.waitall()
    failed = {i for i, outcome in outcomes.items() if outcome != "ok"}
    assert 0 in failed
    assert committed(reader, child) == set(range(5)) - failed   # an acknowledged unit is there
    assert len(failed) > 1   # 0 shared its group with others, and they failed with it

    def after(i):   # the connection is usable again
        with grouped_unit_of_work(group, metadata, "test") as uow:
            uow.session.execute(parent.insert().values(id=100 + i))
    after(0)
    assert committed(reader, parent) == {100}


def test_a_unit_of_work_opened_inside_another_is_refused_rather_than_waiting_for_itself(engines):
    engine, reader = engines
    group = GroupCommit(engine)
    with pytest.raises(RuntimeError, match="inside another"):
        with grouped_unit_of_work(group, metadata, "test") as uow:
            uow.session.execute(parent.insert().values(id=1))
            with grouped_unit_of_work(group, metadata, "test"):
                pass
    assert committed(reader, parent) == set()
    with grouped_unit_of_work(group, metadata, "test") as uow:   # and the connection is usable
        uow.session.execute(parent.insert().values(id=2))
    assert committed(reader, parent) == {2}
