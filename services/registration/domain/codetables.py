"""Code tables as data (学科分类, 国民经济行业, 高新技术领域, 行政区划), loaded from YAML files.

Each file holds `name`, `label`, `source` (the standard it follows) and `entries`, a list of
{code, label, parent?} with codes written as text. A malformed file raises CodeTableError.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import yaml

TABLES_DIR = Path(__file__).resolve().parent.parent / "codetables"


class CodeTableError(ValueError):
    """A code table file that cannot be used."""


@dataclass(frozen=True)
class Entry:
    code: str
    label: str
    parent: str | None = None


@dataclass(frozen=True)
class CodeTable:
    name: str
    label: str
    source: str
    entries: tuple[Entry, ...]

    def __post_init__(self):
        object.__setattr__(self, "_by_code", MappingProxyType({e.code: e for e in self.entries}))

    def __contains__(self, code) -> bool:
        return isinstance(code, str) and code in self._by_code

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, code: str) -> Entry | None:
        return self._by_code.get(code) if isinstance(code, str) else None

    def label_of(self, code: str) -> str | None:
        entry = self.get(code)
        return entry.label if entry else None

    def children(self, parent: str | None) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if e.parent == parent)

    def to_dict(self) -> dict:
        return {"name": self.name, "label": self.label, "source": self.source,
                "entries": [{k: v for k, v in vars(e).items() if v is not None}
                            for e in self.entries]}


def parse_table(data, source: str = "<memory>") -> CodeTable:
    def fail(message):
        raise CodeTableError(f"{source}: {message}")

    if not isinstance(data, dict):
        fail("应为一个映射（name, label, source, entries）")
    for key in ("name", "label", "source"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            fail(f"缺少 {key}")
    raw = data.get("entries")
    if not isinstance(raw, list) or not raw:
        fail("entries 应为非空列表")
    entries, seen = [], set()
    for i, item in enumerate(raw):
        if not isinstance(item, dict) or set(item) - {"code", "label", "parent"}:
            fail(f"entries[{i}] 只能有 code, label, parent")
        code, label, parent = item.get("code"), item.get("label"), item.get("parent")
        if not isinstance(code, str) or not code or not isinstance(label, str) or not label:
            fail(f"entries[{i}]: code 与 label 应为非空文本（代码请加引号）")
        if code in seen:
            fail(f"entries[{i}]: 代码 {code} 重复")
        if parent is not None and parent not in seen:
            fail(f"entries[{i}]: 上级代码 {parent!r} 应出现在本条之前")
        seen.add(code)
        entries.append(Entry(code, label, parent))
    return CodeTable(data["name"], data["label"], data["source"], tuple(entries))


class CodeTables:
    """The code tables by name."""

    def __init__(self, tables):
        self._tables = MappingProxyType({t.name: t for t in tables})

    @classmethod
    def load(cls, directory: Path | str = TABLES_DIR) -> "CodeTables":
        tables, names = [], set()
        for path in sorted(Path(directory).glob("*.yaml")):
            with open(path, encoding="utf-8") as handle:
                table = parse_table(yaml.safe_load(handle), str(path))
            if table.name in names:
                raise CodeTableError(f"{path}: 代码表 {table.name} 重复")
            names.add(table.name)
            tables.append(table)
        return cls(tables)

    def __contains__(self, name) -> bool:
        return name in self._tables

    def names(self) -> tuple[str, ...]:
        return tuple(self._tables)

    def get(self, name: str) -> CodeTable:
        return self._tables[name]

    def lookup(self, name: str, code: str) -> Entry | None:
        table = self._tables.get(name)
        return table.get(code) if table else None


@functools.cache
def default_tables() -> CodeTables:
    """The tables shipped in services/registration/codetables, loaded once."""
    return CodeTables.load()
