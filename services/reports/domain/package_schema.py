"""The JSON schema every achievement record of a package must pass (package_record.schema.json),
as a function that lists a record's problems in Chinese."""
from __future__ import annotations

import json
import os
from functools import lru_cache

import jsonschema

SCHEMA = os.path.join(os.path.dirname(__file__), "package_record.schema.json")


@lru_cache(maxsize=1)
def _validator() -> jsonschema.Draft202012Validator:
    with open(SCHEMA, encoding="utf-8") as handle:
        schema = json.load(handle)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def record_problems(record) -> list[str]:
    return [f"不符合数据包格式：{'/'.join(str(p) for p in error.absolute_path) or '（根）'}：{error.message}"
            for error in sorted(_validator().iter_errors(record), key=lambda e: list(e.absolute_path))][:20]
