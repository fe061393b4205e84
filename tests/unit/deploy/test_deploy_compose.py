"""deploy/compose.yaml (and compose.ha.yaml), read without a container engine: every process with
the local runner's command and every config key, secrets from the environment only, PostgreSQL,
healthchecks and migrations first, both compose generations. deploy/test-containers runs them."""
from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest
import yaml

from tests.support.deploy_files import (ALL_KEYS, DEPLOY, DOCKERFILE, ENV_REFERENCE, MIGRATIONS, NAMEKO_SERVICES,
                                       PROCESSES, ROOT, SECRET_KEYS, URL_CREDENTIALS, command_problems,
                                       load_compose)


def test_compose_has_every_process_the_broker_the_database_and_the_mail_sink():
    services = load_compose()["services"]
    assert {"rabbitmq", "postgres", "mailsink"} <= set(services)
    for name, argv in {**PROCESSES, **MIGRATIONS}.items():
        assert name in services, name
        assert services[name]["command"] == argv, name
    assert command_problems(services["mailsink"]["command"]) == []


def test_compose_builds_the_image_from_the_dockerfile():
    services = load_compose()["services"]
    for name in [*PROCESSES, *MIGRATIONS, "mailsink"]:
        build = services[name]["build"]
        context = (DEPLOY / build["context"]).resolve()
        assert context == ROOT, name
        assert (context / build["dockerfile"]).resolve() == DOCKERFILE, name
        assert services[name]["image"] == services["gateway"]["image"], name


def test_compose_gives_every_process_every_config_key():
    services = load_compose()["services"]
    for name in [*PROCESSES, *MIGRATIONS]:
        environment = services[name]["environment"]
        assert isinstance(environment, dict), name
        missing = ALL_KEYS - set(environment)
        assert not missing, f"{name} lacks {sorted(missing)}"


def _compose_secret_ok(key: str, value: str) -> bool:
    credentials = URL_CREDENTIALS.match(value)
    if credentials:
        return bool(ENV_REFERENCE.match(credentials.group("password")))
    if key in SECRET_KEYS and "://" not in value:
        return bool(ENV_REFERENCE.match(value))
    return True


def test_compose_takes_secrets_from_the_environment_only():
    services = load_compose()["services"]
    for name, service in services.items():
        environment = service.get("environment") or {}
        for key, value in environment.items():
            value = str(value)
            assert _compose_secret_ok(key, value), f"{name}: {key} holds a literal secret"
            if re.search(r"PASS|SECRET|TOKEN", key) and value:
                assert ENV_REFERENCE.match(value), f"{name}: {key}"
    for key in SECRET_KEYS - {"SMTP_PASSWORD", "CHECK_CODE_SECRET"}:
        assert URL_CREDENTIALS.match(services["gateway"]["environment"][key]), key


def test_compose_uses_postgresql_for_every_database_and_for_the_file_store():
    compose = load_compose()
    environment = compose["services"]["gateway"]["environment"]
    databases = set(compose["services"]["postgres"]["environment"]["KJCG_DATABASES"].split())
    for key in ("ACCOUNTS_DB_URL", "REGISTRATION_DB_URL", "REVIEW_DB_URL", "CERTIFICATES_DB_URL",
                "REPORTS_DB_URL", "FILE_STORE_URL"):
        url = environment[key]
        assert url.startswith("postgresql+psycopg2://") and "@postgres:5432/" in url, key
        assert url.rsplit("/", 1)[1] in databases, f"{key}: database not created by the init script"
    init = [v for v in compose["services"]["postgres"]["volumes"] if "docker-entrypoint-initdb.d" in v]
    assert init and (DEPLOY / init[0].split(":")[0]).resolve() == DEPLOY / "docker" / "postgres-init.sh"
    assert os.access(DEPLOY / "docker" / "postgres-init.sh", os.X_OK)


def test_compose_has_healthchecks_and_runs_migrations_first():
    services = load_compose()["services"]
    for name, service in services.items():
        if name.startswith("migrate-"):
            assert service["restart"] == "no", name
            assert "healthcheck" not in service, name
            continue
        test = service.get("healthcheck", {}).get("test")
        assert test and test[0] in ("CMD", "CMD-SHELL"), f"{name} has no healthcheck"
        if "python" in test:
            assert command_problems(test[1:]) == [], name
    for name in NAMEKO_SERVICES:
        assert services[name]["healthcheck"]["test"] == ["CMD", "python", "deploy/docker/probe.py", name]
        assert services[name]["depends_on"][f"migrate-{name}"]["condition"] == "service_completed_successfully"
    assert services["accounts-mailer"]["depends_on"]["migrate-accounts"]["condition"] == \
        "service_completed_successfully"
    assert services["gateway"]["environment"]["DB_MIGRATE_ON_START"].endswith("false}")


def test_compose_publishes_the_gateway_on_8000_and_shares_the_signing_keys():
    services = load_compose()["services"]
    assert any(str(p).endswith(":8000") for p in services["gateway"]["ports"])
    assert services["gateway"]["environment"]["GATEWAY_ADDRESS"] == "0.0.0.0:8000"
    keys_dir = services["certificates"]["environment"]["CERTIFICATES_KEYS_DIR"]
    assert any(v.split(":")[1] == f"/app/{keys_dir}" for v in services["certificates"]["volumes"])
    assert services["accounts-mailer"]["environment"]["SMTP_HOST"].endswith("mailsink}")


def test_compose_files_fit_both_compose_generations_and_every_published_port_is_configurable():
    """docker-compose 1.x refuses a top-level `name:` (the project name is given with -p), and an
    operator (or deploy/test-containers, beside other systems on one machine) chooses every host
    port: each published port is a ${NAME:-default} reference."""
    for path in sorted(DEPLOY.glob("compose*.yaml")) + sorted((DEPLOY / "containers").glob("compose*.yaml")):
        compose = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert "name" not in compose and "version" not in compose, path.name
        for name, service in compose["services"].items():
            for port in service.get("ports", []):
                published = str(port).rsplit(":", 1)[0]
                assert re.fullmatch(r"((\$\{[A-Z][A-Z0-9_]*:?[-?][^}]*\}|127\.0\.0\.1):)?\$\{[A-Z][A-Z0-9_]*:?[-?][^}]*\}", published), \
                    f"{path.name} {name}: {port}"


@pytest.mark.parametrize("files", [["compose.yaml"], ["compose.yaml", "compose.ha.yaml"],
                                   ["compose.yaml", "compose.ha.yaml", "containers/compose.test.yaml",
                                    "containers/compose.ha.test.yaml"],
                                   ["compose.yaml", "compose.pg-standby.yaml", "containers/compose.test.yaml",
                                    "containers/compose.pg-standby.test.yaml"],
                                   ["compose.yaml", "compose.ha.yaml", "compose.pg-standby.yaml"]],
                         ids=["single", "ha", "ha-as-tested", "pg-as-tested", "ha-and-pg"])
def test_docker_compose_1_accepts_the_compose_files(files, tmp_path):
    """Debian's docker-compose 1.29 (the generation without `name:`) parses and validates the
    files as deploy/test-containers combines them; compose v2 runs them in CI where installed."""
    compose = shutil.which("docker-compose")
    if not compose:
        pytest.skip("docker-compose (1.x) is not installed: deploy/test-containers installs it")
    env = {**os.environ, "POSTGRES_PASSWORD": "p", "RABBITMQ_PASSWORD": "r", "RABBITMQ_ERLANG_COOKIE": "c",
           "POSTGRES_REPLICATION_PASSWORD": "x", "TEST_AMQP_PORT": "1", "TEST_AMQP_PORT_2": "2",
           "TEST_PG_PORT": "3", "TEST_PG_PORT_2": "4", "TEST_CAPTCHA_DIR": str(tmp_path)}
    argv = [compose, "-p", "kjcgcheck", *[a for f in files for a in ("-f", str(DEPLOY / f))], "config", "-q"]
    done = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
