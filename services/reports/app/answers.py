"""Answers kept per read-model version: the public register's searches and the office's
statistics are asked again and again (the register's first page, a popular word, this year's
table) while the read model changes a few times a day.

Every change to a registration moves the read model's version on, in the change's own
transaction (store.moved_on). An answer is kept under the version read before it was computed,
so an instance never gives an answer older than the version it has just read; any instance's
change is seen by every instance at its next question. Bounded: the least recently asked go
first."""
from __future__ import annotations

import dataclasses
from typing import Callable

from cachetools import LRUCache

from . import store

KEPT_ANSWERS = 256


class Answers:
    def __init__(self, size: int = KEPT_ANSWERS):
        self._kept: LRUCache = LRUCache(maxsize=size)

    def get(self, session, question: tuple, compute: Callable[[], dict]) -> dict:
        # the bind is an Engine, or on SQLite the Connection of the group commit
        key = (str(session.get_bind().engine.url), store.version(session), question)
        answer = self._kept.get(key)
        if answer is None:
            answer = compute()
            self._kept[key] = answer
        return answer


def question(kind: str, query) -> tuple:
    """A hashable form of a query (a dataclass of strings, numbers, tuples and dicts)."""
    return (kind, *(_frozen(getattr(query, f.name)) for f in dataclasses.fields(query)))


def _frozen(value):
    if isinstance(value, dict):
        return tuple(sorted((k, _frozen(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(_frozen(v) for v in value)
    return value
