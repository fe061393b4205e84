"""deploy/env/*.env: every config key set with a comment, secrets referenced from the environment,
and, sourced for real, the configs they give (single-machine: exactly the defaults)."""
from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.deploy_files import (ALL_KEYS, CONFIGS, ENV_FILES, ENV_REFERENCE, ROOT, SECRET_KEYS,
                                       URL_CREDENTIALS, parse_env_file)


@pytest.mark.parametrize("name", ENV_FILES)
def test_env_files_set_every_config_key_each_with_a_comment(name):
    values, lines = parse_env_file(ENV_FILES[name])
    missing = ALL_KEYS - set(values)
    assert not missing, sorted(missing)
    for i, line in enumerate(lines):
        if re.match(r"^[A-Z][A-Z0-9_]*=", line):
            assert lines[i - 1].startswith("#"), f"{name}: {line.split('=')[0]} has no comment above it"


@pytest.mark.parametrize("name", ENV_FILES)
def test_env_files_reference_secrets_from_the_environment(name):
    values, _ = parse_env_file(ENV_FILES[name])
    for key, value in values.items():
        credentials = URL_CREDENTIALS.match(value)
        if credentials:
            assert ENV_REFERENCE.match(credentials.group("password")), f"{key}: literal password"
        elif key in SECRET_KEYS and "://" not in value and value != "var/files":
            assert ENV_REFERENCE.match(value), f"{key} must be a reference to the environment"


def test_single_machine_is_sqlite_and_a_folder_many_machines_postgresql_and_a_shared_store():
    single, _ = parse_env_file(ENV_FILES["single-machine"])
    many, _ = parse_env_file(ENV_FILES["many-machines"])
    for key in ("ACCOUNTS_DB_URL", "REGISTRATION_DB_URL", "REVIEW_DB_URL", "CERTIFICATES_DB_URL",
                "REPORTS_DB_URL"):
        assert single[key].startswith("sqlite:///"), key
        assert many[key].startswith("postgresql+psycopg2://"), key
    assert "://" not in single["FILE_STORE_URL"]
    assert many["FILE_STORE_URL"].startswith("postgresql+psycopg2://")
    assert many["SIGNING_KEY_PATH"] and many["SIGNING_CERT_PATH"]  # one identity on every machine


def _configs_after_sourcing(env_file: Path, extra_env: dict[str, str]) -> subprocess.CompletedProcess:
    script = (
        "import json, sys\n"
        "from services.common.config_file import load_config\n"
        f"paths = {list(CONFIGS.values())!r}\n"
        "out = {}\n"
        "for p in paths:\n"
        "    c = load_config(p); c.pop('LOGGING', None); out[p] = c\n"
        "print(json.dumps(out, default=str))\n")
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONWARNINGS": "ignore",
           "PYTHONPATH": str(ROOT), **extra_env}
    source = f"set -a; . {shlex.quote(str(env_file))}; set +a; " if env_file else ""
    return subprocess.run(["bash", "-c", f"{source}exec {shlex.quote(sys.executable)} -c {shlex.quote(script)}"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


def test_single_machine_env_is_exactly_the_defaults_of_the_config_files():
    defaults = _configs_after_sourcing(None, {})
    sourced = _configs_after_sourcing(ENV_FILES["single-machine"], {})
    assert defaults.returncode == 0 and sourced.returncode == 0, sourced.stderr
    assert json.loads(sourced.stdout) == json.loads(defaults.stdout)


def test_many_machines_env_loads_with_its_secrets_and_refuses_to_without():
    secrets = {name: f"pw-{name.lower()}" for name in (
        "RABBITMQ_PASSWORD", "ACCOUNTS_DB_PASSWORD", "REGISTRATION_DB_PASSWORD", "REVIEW_DB_PASSWORD",
        "CERTIFICATES_DB_PASSWORD", "REPORTS_DB_PASSWORD", "FILES_DB_PASSWORD", "SMTP_PASSWORD",
        "CHECK_CODE_SECRET")}
    loaded = _configs_after_sourcing(ENV_FILES["many-machines"], secrets)
    assert loaded.returncode == 0, loaded.stderr
    configs = json.loads(loaded.stdout)
    accounts = configs["services/accounts/config.yaml"]
    assert accounts["DB_URL"].startswith("postgresql+psycopg2://accounts:pw-accounts_db_password@")
    assert accounts["SMTP_PASSWORD"] == "pw-smtp_password"
    assert configs["gateway/config.yaml"]["FILE_STORE_URL"] == \
        configs["services/certificates/config.yaml"]["FILE_STORE_URL"]
    assert configs["gateway/config.yaml"]["COOKIE_SECURE"] is True
    assert configs["services/review/config.yaml"]["REVIEW"]["registration_number"]["area"] == "620"
    refused = _configs_after_sourcing(ENV_FILES["many-machines"],
                                      {k: v for k, v in secrets.items() if k != "CHECK_CODE_SECRET"})
    assert refused.returncode != 0 and "CHECK_CODE_SECRET" in refused.stderr
