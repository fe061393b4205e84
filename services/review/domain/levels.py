"""The chain of review levels: 单位管理员 → [推荐单位, off by default] → 登记机构.

A case follows the path it was opened with (stored on the case), so turning the recommender level
on or off changes new submissions only, never cases already under review.
"""
from __future__ import annotations

from dataclasses import dataclass

from services.common.flags import flag
from services.common.identity import OFFICE, RECOMMENDER, ROLE_LABELS, UNIT_ADMIN

UNIT_LEVEL = "unit"
RECOMMENDER_LEVEL = "recommender"
OFFICE_LEVEL = "office"


@dataclass(frozen=True)
class Level:
    key: str
    role: str            # the role that acts at this level (services.common.identity)
    pending_label: str   # what the registrant sees while the case waits here

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]


LEVELS = {
    UNIT_LEVEL: Level(UNIT_LEVEL, UNIT_ADMIN, "待单位审核"),
    RECOMMENDER_LEVEL: Level(RECOMMENDER_LEVEL, RECOMMENDER, "待推荐单位审核"),
    OFFICE_LEVEL: Level(OFFICE_LEVEL, OFFICE, "待登记机构审核"),
}
ORDER = (UNIT_LEVEL, RECOMMENDER_LEVEL, OFFICE_LEVEL)
_SWITCHES = {RECOMMENDER_LEVEL: False}   # optional levels and their defaults


def level(key: str) -> Level:
    return LEVELS[key]


@dataclass(frozen=True)
class ReviewChain:
    levels: tuple[str, ...] = (UNIT_LEVEL, OFFICE_LEVEL)

    @classmethod
    def from_config(cls, config: dict | None) -> "ReviewChain":
        """`{"recommender": true}` turns the 推荐单位 level on; unit and office are always on."""
        config = dict(config or {})
        unknown = set(config) - set(_SWITCHES)
        if unknown:
            raise ValueError(f"unknown review levels in config: {sorted(unknown)} "
                             f"(only {sorted(_SWITCHES)} can be switched)")
        on = {key: flag(config.get(key), default) for key, default in _SWITCHES.items()}
        return cls(tuple(k for k in ORDER if on.get(k, True)))

    def path(self, has_unit: bool, named_recommender: bool = False) -> tuple[str, ...]:
        """The levels a new case passes through. Without a unit, only the office reviews,
        unless the form names a 推荐单位 of the system and the recommender level is on: then
        that 推荐单位 first (docs/architecture.md, "推荐单位")."""
        if has_unit:
            return self.levels
        if named_recommender and RECOMMENDER_LEVEL in self.levels:
            return (RECOMMENDER_LEVEL, OFFICE_LEVEL)
        return (OFFICE_LEVEL,)

    def first_level(self, has_unit: bool, named_recommender: bool = False) -> str:
        return self.path(has_unit, named_recommender)[0]

    @property
    def has_recommender(self) -> bool:
        return RECOMMENDER_LEVEL in self.levels

    def next_level(self, current: str) -> str | None:
        return next_in(self.levels, current)


def next_in(path: tuple[str, ...], current: str) -> str | None:
    """The level after `current` on `path`, or None after the last (the office)."""
    index = path.index(current)
    return path[index + 1] if index + 1 < len(path) else None

