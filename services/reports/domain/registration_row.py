"""One registration as the office counts it: where it stands (progress.py), the facts of its
current snapshot (facts.py), the years it counts in and how long the office took to decide.

Dates are China Standard Time: a registration decided at 17:00 UTC on 31 October belongs to
1 November in Lanzhou, so to the next statistics year."""
from __future__ import annotations

import dataclasses
import datetime as dt

from services.common.clock import CHINA

from .calendar import statistics_year, working_days_between
from .facts import Facts
from .progress import Progress

MAX_SEARCH_TEXT = 4000
SEPARATOR = "\ue000"   # a private-use character: a token no typed word contains


def local_day(moment: dt.datetime | None) -> dt.date | None:
    return moment.astimezone(CHINA).date() if moment is not None else None


def counting_day(progress: Progress) -> dt.date | None:
    """The day a registration counts on: its registration date, else its first submission."""
    return progress.registered_on or local_day(progress.first_submitted_at)


def decision_working_days(progress: Progress) -> int | None:
    """Working days from arrival at the office to its decision (None while undecided)."""
    arrived, decided = local_day(progress.office_arrived_at), local_day(progress.decided_at)
    if arrived is None or decided is None:
        return None
    return working_days_between(arrived, decided)


def search_text(facts: Facts | None, number: str | None = None) -> str | None:
    """The words the register and the office's list search in, lower-cased, one string: the
    登记号, title, keywords, units, completers and project number."""
    if facts is None:
        return None
    words = [number or "", facts.title or "", *facts.keywords, *facts.units, *facts.completers,
             facts.project_number or ""]
    return " ".join(w for w in words if w).lower()[:MAX_SEARCH_TEXT] or None


def search_chars(text: str | None) -> str | None:
    """The words one character to a token, for an index that finds words of one or two
    characters (SQLite's FTS5 has no trigram of them): a letter or digit is its own token, any
    other character (a space, punctuation) the SEPARATOR token, so a phrase of the characters of
    a word matches where, and only where, the word is a substring of the text."""
    if not text:
        return None
    return " ".join(c if c.isalnum() else SEPARATOR for c in text)


def columns(progress: Progress, facts: Facts | None, year_start: tuple[int, int]) -> dict:
    """The values of a registration's row in the read model."""
    day = counting_day(progress)
    values = dataclasses.asdict(progress)
    values.update(registration_year=day.year if day else None,
                  statistics_year=statistics_year(day, year_start) if day else None,
                  decision_working_days=decision_working_days(progress))
    if facts is not None:
        values.update(
            title=facts.title or progress.title, keywords=list(facts.keywords),
            region=facts.region, discipline=facts.discipline, industry=facts.industry,
            hightech_field=facts.hightech_field, achievement_level=facts.achievement_level,
            achievement_stage=facts.achievement_stage, evaluation_method=facts.evaluation_method,
            project_number=facts.project_number, first_unit=facts.first_unit,
            units=list(facts.units), completers=list(facts.completers), summary=facts.summary,
            demand=dataclasses.asdict(facts.demand) if facts.demand else None,
            publish_consent=facts.publishable,
            search_text=search_text(facts, progress.registration_number))
    values["public"] = in_public_register(values)
    return values


def in_public_register(values: dict) -> bool:
    """Registered (not revoked, not only approved), numbered, and its registrant consented."""
    return (values.get("status") == "registered" and bool(values.get("publish_consent"))
            and bool(values.get("registration_number")))
