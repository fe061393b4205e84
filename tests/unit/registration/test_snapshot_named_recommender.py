"""The 推荐单位 a snapshot's form names (review's `opened` said so) reads it, as the 推荐单位 of
its unit's 推荐范围 do; another 推荐单位 does not."""
import datetime as dt

from services.common.identity import RECOMMENDER, Caller, Grant
from services.registration.domain.access import may_read_snapshot
from services.registration.domain.draft import Snapshot

NAMED = Caller(31, "天水市科学技术局", grants=(Grant(RECOMMENDER, None),))
OTHER = Caller(32, "兰州市科学技术局", grants=(Grant(RECOMMENDER, None), Grant(RECOMMENDER, 11)))


def snapshot(unit_id=None, recommender_id=None) -> Snapshot:
    return Snapshot(1, 2, "r", 7, unit_id, "applied-2021", "applied", 1, {}, [],
                    dt.datetime(2026, 12, 3, tzinfo=dt.timezone.utc), recommender_id)


def test_the_named_recommender_reads_the_snapshot_and_another_does_not():
    assert may_read_snapshot(NAMED, snapshot(recommender_id=31))
    assert not may_read_snapshot(NAMED, snapshot())
    assert not may_read_snapshot(OTHER, snapshot(recommender_id=31))
    assert may_read_snapshot(OTHER, snapshot(unit_id=11))                  # 推荐范围, as before
    not_a_recommender = Caller(31, "已无推荐单位角色", grants=())
    assert not may_read_snapshot(not_a_recommender, snapshot(recommender_id=31))
