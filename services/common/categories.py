"""The three 成果类别 of the registration forms (domain.md), in form order."""
from __future__ import annotations

from types import MappingProxyType

APPLIED, BASIC, SOFT = "applied", "basic", "soft"
CATEGORY_LABELS = MappingProxyType({APPLIED: "应用技术类", BASIC: "基础理论类", SOFT: "软科学类"})
CATEGORIES = tuple(CATEGORY_LABELS)
