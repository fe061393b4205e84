"""Service configuration: one YAML per service, `${VAR:default}` substituted from the
environment exactly as `nameko run --config` does, for the tools that run outside nameko."""
from __future__ import annotations

import yaml
from nameko.cli.main import setup_yaml_parser

_parser_ready = False


def load_config(path: str) -> dict:
    global _parser_ready
    if not _parser_ready:
        setup_yaml_parser()
        _parser_ready = True
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)
