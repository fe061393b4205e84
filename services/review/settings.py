"""Settings of the review service, read once from the REVIEW section of its config
(services/review/config.yaml)."""
from __future__ import annotations

from dataclasses import dataclass, field

from services.common.flags import flag

from .domain.levels import ReviewChain
from .domain.numbers import NumberFormat
from .domain.publicity import PublicityRule


@dataclass(frozen=True)
class ReviewSettings:
    chain: ReviewChain = field(default_factory=ReviewChain)        # 单位 → [推荐单位] → 登记机构
    numbers: NumberFormat = field(default_factory=NumberFormat)    # how a 登记号 is written
    publicity: PublicityRule = field(default_factory=PublicityRule)  # 公示 and 异议 (off)
    # 登记进度 of the registrant: who reviewed by name too (True), or the level only (False)
    reviewer_names: bool = False

    @classmethod
    def from_config(cls, config: dict) -> "ReviewSettings":
        section = dict(config.get("REVIEW") or {})
        return cls(chain=ReviewChain.from_config({"recommender": section.get("recommender")}),
                   numbers=NumberFormat.from_config(section.get("registration_number")),
                   publicity=PublicityRule.from_config(section.get("publicity")),
                   reviewer_names=flag((section.get("timeline") or {}).get("reviewer_names"), False))
