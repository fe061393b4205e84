"""Immutable objects of a form definition: FormDefinition → SectionDef → FieldDef (→ columns).

Built by definitions.parse_definition from a YAML file; `to_dict()` gives the shape served over
the API (the same shape the YAML file has, with defaults filled in).
"""
from __future__ import annotations

from dataclasses import dataclass, field as attr, fields as attrs
from types import MappingProxyType

@dataclass(frozen=True)
class Condition:
    """`required_when`: the field is required when a sibling field's value is one of `values`."""
    field: str
    values: tuple

    def holds(self, siblings: dict) -> bool:
        value = siblings.get(self.field)
        if isinstance(value, (list, tuple)):
            return any(v in self.values for v in value)
        return value is not None and any(value == v and type(value) is type(v) for v in self.values)

    def to_dict(self) -> dict:
        return {"field": self.field, "in": list(self.values)}


@dataclass(frozen=True)
class FieldDef:
    key: str
    label: str
    type: str
    required: bool = False
    help: str = ""
    max_length: int | None = None       # text, textarea; each keyword
    options: tuple[str, ...] = ()       # choice, multichoice
    table: str | None = None            # code: the code table's name
    unit: str | None = None             # money: 万元 unless told
    max_items: int | None = None        # keywords
    columns: tuple["FieldDef", ...] = ()  # table
    min_rows: int = 0
    max_rows: int | None = None
    ordered: bool = False
    unique: bool = False                # a column whose values may not repeat between rows
    required_when: Condition | None = None
    id_type_field: str | None = None    # id_number: the sibling holding the 证件类型
    gender_field: str | None = None     # id_number: cross-check 性别 with the ID
    birth_field: str | None = None      # id_number: cross-check 出生年月 with the ID

    def column(self, key: str) -> "FieldDef":
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(key)

    def to_dict(self) -> dict:
        out = {"key": self.key, "label": self.label, "type": self.type, "required": self.required}
        for spec in attrs(self)[4:]:
            value = getattr(self, spec.name)
            if value == spec.default:
                continue
            if spec.name == "columns":
                value = [c.to_dict() for c in value]
            elif spec.name == "required_when":
                value = value.to_dict()
            elif isinstance(value, tuple):
                value = list(value)
            out[spec.name] = value
        return out


@dataclass(frozen=True)
class AttachmentKind:
    code: str
    label: str
    help: str = ""

    def to_dict(self) -> dict:
        return {"code": self.code, "label": self.label, **({"help": self.help} if self.help else {})}


@dataclass(frozen=True)
class SectionDef:
    key: str
    label: str
    fields: tuple[FieldDef, ...] = ()
    text: str | None = None       # instructions shown in the section (填报说明)
    warning: str | None = None    # a notice shown beside the title (成果概况)
    attachment_kinds: tuple[AttachmentKind, ...] = ()
    required_materials: tuple[tuple[str, ...], ...] = ()  # any one group, all of its kinds

    def field(self, key: str) -> FieldDef:
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(key)

    def kind_label(self, code: str) -> str:
        return next((k.label for k in self.attachment_kinds if k.code == code), code)

    def to_dict(self) -> dict:
        out = {"key": self.key, "label": self.label}
        if self.text:
            out["text"] = self.text
        if self.warning:
            out["warning"] = self.warning
        out["fields"] = [f.to_dict() for f in self.fields]
        if self.attachment_kinds:
            out["attachment_kinds"] = [k.to_dict() for k in self.attachment_kinds]
        if self.required_materials:
            out["required_materials"] = {"any_of": [list(g) for g in self.required_materials]}
        return out


@dataclass(frozen=True)
class FormDefinition:
    id: str
    category: str
    category_label: str
    title: str
    year: int
    sections: tuple[SectionDef, ...]
    _where: MappingProxyType = attr(init=False, repr=False, compare=False)

    def __post_init__(self):
        where = {f.key: s.key for s in self.sections for f in s.fields}
        object.__setattr__(self, "_where", MappingProxyType(where))

    def section(self, key: str) -> SectionDef:
        for s in self.sections:
            if s.key == key:
                return s
        raise KeyError(key)

    def section_of(self, field_key: str) -> str | None:
        """The section holding a top-level field; field keys are unique within a form."""
        return self._where.get(field_key)

    def field(self, field_key: str) -> FieldDef:
        return self.section(self._where[field_key]).field(field_key)

    def has_field(self, field_key: str) -> bool:
        return field_key in self._where

    @property
    def attachments(self) -> SectionDef | None:
        return next((s for s in self.sections if s.attachment_kinds), None)

    @property
    def section_titles(self) -> dict:
        """The sections a reviewer can comment on (those with fields or attachments, not the
        填报说明): key → title, in the form's order."""
        return {s.key: s.label for s in self.sections if s.fields or s.attachment_kinds}

    @property
    def kind_labels(self) -> dict:
        """The attachment kinds the form takes: code → label (empty when it takes none)."""
        section = self.attachments
        return {k.code: k.label for k in section.attachment_kinds} if section else {}

    def to_dict(self) -> dict:
        return {"id": self.id, "category": self.category, "category_label": self.category_label,
                "title": self.title, "year": self.year,
                "sections": [s.to_dict() for s in self.sections]}
