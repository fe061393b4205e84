"""The people and the moments of the review stories (tests/unit/review): callers with their
grants, a fixed NOW, a fake 登记号 counter and a case just opened for a submission."""
import datetime as dt
from dataclasses import replace

from services.common.identity import OFFICE, RECOMMENDER, REGISTRANT, UNIT_ADMIN, Caller, Grant
from services.review.domain.levels import ReviewChain
from services.review.domain.workflow import open_case

LANZHOU_UNIVERSITY, DUNHUANG_INSTITUTE, CITY_BUREAU = 11, 12, 90
NOW = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.timezone.utc)

zhang = Caller(7, "张研究", grants=(Grant(REGISTRANT, LANZHOU_UNIVERSITY),))        # registrant of a unit
li = Caller(8, "李自由", grants=(Grant(REGISTRANT),))                              # without a unit
wang = Caller(21, "王科研处", grants=(Grant(UNIT_ADMIN, LANZHOU_UNIVERSITY),))      # unit admin
zhao = Caller(22, "赵科研处", grants=(Grant(UNIT_ADMIN, DUNHUANG_INSTITUTE),))      # another unit's admin
# a recommending department (兰州市科技局) that recommends for 兰州大学
chen = Caller(31, "陈推荐", grants=(Grant(RECOMMENDER, None), Grant(RECOMMENDER, LANZHOU_UNIVERSITY)))
liu = Caller(41, "刘登记", grants=(Grant(OFFICE),))                                # registration office
stranger = Caller()


def later(minutes: int) -> dt.datetime:
    return NOW + dt.timedelta(minutes=minutes)


class Counter:
    """The adapter's 登记号 counter, as a fake: serials per (category, year), from 1."""

    def __init__(self):
        self.serials, self.calls = {}, []

    def __call__(self, category, year):
        self.calls.append((category, year))
        key = (category, year)
        self.serials[key] = self.serials.get(key, 0) + 1
        letter = {"applied": "Y", "basic": "J", "soft": "R"}[category]
        return f"620{year}{letter}{self.serials[key]:04d}"


def submitted(owner=zhang, unit_id=LANZHOU_UNIVERSITY, category="applied", chain=None, draft_id=101,
              snapshot_id=501, case_id=1, **extra):
    """A case just opened for a submission, as the adapter stores it (with its id)."""
    outcome = open_case(chain or ReviewChain(), draft_id=draft_id, snapshot_id=snapshot_id,
                        owner_id=owner.user_id, unit_id=unit_id, category=category,
                        title="旱区玉米全膜双垄沟播技术", at=NOW, **extra)
    return replace(outcome.case, case_id=case_id)
