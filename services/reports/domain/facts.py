"""What the office's statistics and the public register need of a submitted registration,
read from its frozen snapshot (the form's content, section by section).

Snapshots are the registration service's; they were validated when submitted, but the read
model must never fail on one written by an older form version, so every field is optional here
and a missing or odd value is None.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Demand:
    """成果转化需求 as the public may see it: no contact person, phone or email."""
    methods: tuple[str, ...]
    reference_price: str | None
    description: str | None


@dataclass(frozen=True)
class Facts:
    title: str | None
    keywords: tuple[str, ...]
    region: str | None            # 行政区划 code of the first completing unit
    discipline: str | None        # 学科分类 code
    industry: str | None          # 国民经济行业 code
    hightech_field: str | None    # 高新技术领域 code (applied form only)
    achievement_level: str | None
    achievement_stage: str | None  # applied form only
    evaluation_method: str | None
    project_number: str | None
    first_unit: str | None
    units: tuple[str, ...]
    completers: tuple[str, ...]   # names only: the rules make them public, nothing else of them
    summary: str | None
    demand: Demand | None         # only where the registrant consented to publish it
    publishable: bool = False     # 公开 and the registrant consented to the public register


def _section(content, key: str) -> dict:
    section = content.get(key) if isinstance(content, dict) else None
    return section if isinstance(section, dict) else {}


def _text(value) -> str | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    return value.strip() or None if isinstance(value, str) else None


def _rows(section: dict, key: str) -> list[dict]:
    rows = section.get(key)
    return [r for r in rows if isinstance(r, dict)] if isinstance(rows, list) else []


def _names(rows: list[dict]) -> tuple[str, ...]:
    return tuple(name for name in (_text(r.get("name")) for r in rows) if name)


def _demand(section: dict) -> Demand | None:
    if section.get("has_demand") is not True or section.get("publish_consent") is not True:
        return None
    methods = section.get("demand_methods")
    return Demand(methods=tuple(m for m in methods if isinstance(m, str)) if isinstance(methods, list) else (),
                  reference_price=_text(section.get("reference_price")),
                  description=_text(section.get("demand_description")))


def facts_of(content) -> Facts:
    overview, evaluation = _section(content, "overview"), _section(content, "evaluation")
    units = _rows(_section(content, "units"), "units")
    keywords = overview.get("keywords")
    return Facts(
        title=_text(overview.get("title")),
        keywords=tuple(k for k in keywords if isinstance(k, str)) if isinstance(keywords, list) else (),
        region=_text(units[0].get("region")) if units else None,
        discipline=_text(overview.get("discipline")),
        industry=_text(overview.get("industry")),
        hightech_field=_text(overview.get("hightech_field")),
        achievement_level=_text(overview.get("achievement_level")),
        achievement_stage=_text(overview.get("achievement_stage")),
        evaluation_method=_text(evaluation.get("evaluation_method")),
        project_number=_text(_section(content, "project").get("project_number")),
        first_unit=_names(units)[0] if _names(units) else None,
        units=_names(units),
        completers=_names(_rows(_section(content, "completers"), "completers")),
        summary=_text(_section(content, "summary").get("summary")),
        demand=_demand(_section(content, "demand")),
        publishable=(overview.get("secrecy") == "公开"
                     and _section(content, "summary").get("public_consent") is True))
