"""疑似重复登记: registrations (under review as well as registered) that look like the one the office
is reviewing: the same or a very similar title, the same project number, an IP number in common.
Hints for a person to judge, not a rule (the check's hard rule is rules.duplicate).

A title is compared by its key: NFKC (full-width letters and digits as half-width), lower case,
letters and digits only, so "基于……的研究（2025）" and "基于……的研究(2025)" are the same title.
"""
from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass, field

SIMILAR = 0.8          # SequenceMatcher ratio from which two titles are "very similar"
PROBE_LENGTH = 4       # the length of the pieces of a title a candidate must share one of
PROBES = 4


def title_key(title: str | None) -> str | None:
    if not isinstance(title, str):
        return None
    key = "".join(c for c in unicodedata.normalize("NFKC", title).lower() if c.isalnum())
    return key[:300] or None


def number_key(number: str | None) -> str | None:
    """A project or IP number compared without case, spaces or punctuation."""
    return title_key(number)


def probes(key: str | None) -> list[str]:
    """Evenly spaced pieces of a title key: a title very similar to it shares at least one."""
    if not key:
        return []
    if len(key) <= PROBE_LENGTH:
        return [key]
    last = len(key) - PROBE_LENGTH
    starts = sorted({round(i * last / (PROBES - 1)) for i in range(PROBES)})
    return [key[s:s + PROBE_LENGTH] for s in starts]


@dataclass(frozen=True)
class Registration:
    """What is compared of a registration."""
    draft_id: int
    title: str | None
    project_number: str | None
    ip_numbers: frozenset[str] = frozenset()
    status_label: str = ""
    registration_number: str | None = None


@dataclass(frozen=True)
class Hint:
    other: Registration
    reasons: tuple[str, ...]
    similarity: float
    shared_ip_numbers: tuple[str, ...] = field(default_factory=tuple)


def hints(this: Registration, candidates: list[Registration]) -> list[Hint]:
    """The candidates that look like `this`, most alike first."""
    key, project = title_key(this.title), number_key(this.project_number)
    ips = {number_key(n): n for n in this.ip_numbers if number_key(n)}
    found = []
    for other in candidates:
        if other.draft_id == this.draft_id:
            continue
        reasons, other_key = [], title_key(other.title)
        ratio = difflib.SequenceMatcher(None, key, other_key).ratio() if key and other_key else 0.0
        if key and other_key == key:
            reasons.append("成果名称相同")
        elif ratio >= SIMILAR:
            reasons.append(f"成果名称相近（相似度 {ratio:.0%}）")
        if project and number_key(other.project_number) == project:
            reasons.append("项目编号相同")
        shared = tuple(sorted(ips[k] for k in {number_key(n) for n in other.ip_numbers} & set(ips)))
        if shared:
            reasons.append("知识产权编号相同：" + "、".join(shared))
        if reasons:
            found.append(Hint(other, tuple(reasons), round(ratio, 3), shared))
    return sorted(found, key=lambda h: (-len(h.reasons), -h.similarity, -h.other.draft_id))
