"""Settings of the review service (services/review/config.yaml)."""
from __future__ import annotations

from dataclasses import dataclass

from .domain.levels import ReviewChain
from .domain.numbers import NumberFormat


@dataclass(frozen=True)
class ReviewSettings:
    chain: ReviewChain
    numbers: NumberFormat

    @classmethod
    def from_config(cls, config: dict) -> "ReviewSettings":
        section = dict(config.get("REVIEW") or {})
        return cls(chain=ReviewChain.from_config({"recommender": section.get("recommender", False)}),
                   numbers=NumberFormat.from_config(section.get("registration_number")))
