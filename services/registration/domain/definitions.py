"""Form definitions: read the YAML files at start, validate them, and serve them from a registry.

    registry = FormRegistry.load()                 # services/registration/forms/*.yaml
    form = registry.latest("applied")              # 应用技术类科技成果登记表 (2021年)
    form.to_dict()                                 # what the API serves

A malformed file raises DefinitionError naming the file and the place in it (see parsing.py).
"""
from __future__ import annotations

from pathlib import Path

import yaml

from services.common.categories import CATEGORIES

from .codetables import CodeTables
from .formdef import FormDefinition
from .parsing import CORE_FIELDS, DefinitionError, parse_definition

__all__ = ["CORE_FIELDS", "DefinitionError", "FORMS_DIR", "FormRegistry", "UnknownForm",
           "parse_definition"]

FORMS_DIR = Path(__file__).resolve().parent.parent / "forms"


class UnknownForm(LookupError):
    """No form definition with that id or category."""


class FormRegistry:
    """Every form definition by id; the newest version of each category."""

    def __init__(self, definitions):
        self._forms = {}
        for form in definitions:
            if form.id in self._forms:
                raise DefinitionError(f"表单 {form.id} 重复定义")
            self._forms[form.id] = form

    @classmethod
    def load(cls, directory: Path | str = FORMS_DIR, tables: CodeTables | None = None):
        tables = tables if tables is not None else CodeTables.load()
        forms = []
        for path in sorted(Path(directory).glob("*.yaml")):
            with open(path, encoding="utf-8") as handle:
                try:
                    data = yaml.safe_load(handle)
                except yaml.YAMLError as exc:
                    raise DefinitionError(f"{path}: 不是有效的 YAML：{exc}") from None
            forms.append(parse_definition(data, str(path), tables))
        return cls(forms)

    def get(self, form_id: str) -> FormDefinition:
        try:
            return self._forms[form_id]
        except KeyError:
            raise UnknownForm(f"没有表单 {form_id}") from None

    def latest(self, category: str) -> FormDefinition:
        forms = [f for f in self._forms.values() if f.category == category]
        if not forms:
            raise UnknownForm(f"没有 {category} 类别的表单")
        return max(forms, key=lambda f: f.year)

    def all(self) -> tuple[FormDefinition, ...]:
        order = list(CATEGORIES)
        return tuple(sorted(self._forms.values(), key=lambda f: (order.index(f.category), f.year)))
