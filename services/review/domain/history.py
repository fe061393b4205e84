"""已审核成果: what a reviewer's level decided, as the reviewer searches it.

A decision is the one a level makes on a case waiting there: 通过 (forwarded to the next level,
registered, or put in 公示), 退回 (returned) or 不予登记 (refused). Whose decisions a reviewer
sees is their reach at each level (access.reviewing_scope): a unit admin, the unit level's
decisions on their units' cases (by any admin of the unit); a 推荐单位, the recommender level's on
the cases it reviews; the office, every office-level decision. Later steps of a case (公示's
异议, 注销) are not a level's decision; the case's current status shows where it went since.
"""
from __future__ import annotations

from dataclasses import dataclass

from services.common.errors import invalid
from services.common.paging import read_page

from .case import APPROVE, FORWARD, PUBLICIZE, REFUSE, RETURN
from .levels import LEVELS

APPROVED, RETURNED, REFUSED = "approve", "return", "refuse"
DECISIONS = {APPROVED: (FORWARD, APPROVE, PUBLICIZE), RETURNED: (RETURN,), REFUSED: (REFUSE,)}
DECISION_LABELS = {APPROVED: "通过", RETURNED: "退回", REFUSED: "不予登记"}
MAX_QUERY = 100


def decision_of(action: str) -> str:
    """The decision (approve / return / refuse) a transition's action is."""
    return next(key for key, actions in DECISIONS.items() if action in actions)


@dataclass(frozen=True)
class HistoryFilters:
    page: int
    page_size: int
    q: str = ""          # any part of the title
    decision: str = ""   # approve / return / refuse; "" for every decision
    level: str = ""      # unit / recommender / office; "" for every level of the caller's

    @property
    def actions(self) -> tuple[str, ...]:
        if self.decision:
            return DECISIONS[self.decision]
        return tuple(a for actions in DECISIONS.values() for a in actions)


def history_filters(value) -> HistoryFilters:
    """The query of 已审核成果, as untrusted input: a wrong value is refused naming its field."""
    value = value if isinstance(value, dict) else {}
    page, page_size = read_page(value.get("page", 1), value.get("page_size", 20))
    problems = {}
    decision = value.get("decision") or ""
    if decision not in ("", *DECISIONS):
        problems["decision"] = "审核结论应为通过（approve）、退回（return）或不予登记（refuse）"
    level = value.get("level") or ""
    if level not in ("", *LEVELS):
        problems["level"] = "审核环节应为单位（unit）、推荐单位（recommender）或登记机构（office）"
    if problems:
        raise invalid(problems)
    return HistoryFilters(page, page_size, str(value.get("q") or "").strip()[:MAX_QUERY], decision, level)
