"""The container and Kubernetes files, checked without a container engine or a cluster.

No engine was available where deploy/docker, deploy/compose.yaml and deploy/k8s were written,
so nothing here builds an image or starts a pod. What can be checked without one is: every
file parses; every process of the system is in compose and in Kubernetes with the command the
local runner (deploy/supervisord.conf) uses; every ${NAME} key of every config.yaml reaches
every process (compose environment, ConfigMap + Secret, both env files); no secret value is
written anywhere; probes, resources, autoscalers and budgets are where they should be and point
at things that exist; commands name config files, modules, classes and scripts that exist.
The scripts that run inside the image (probe.py, mailsink.py) and the env files are
also run here for real, on this machine.
"""
from __future__ import annotations

import importlib.util
import json
import os
import re
import shlex
import smtplib
import socket
import subprocess
import sys
import time
import urllib.request
from email.message import EmailMessage
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[3]
DEPLOY = ROOT / "deploy"
K8S = DEPLOY / "k8s"
COMPOSE = DEPLOY / "compose.yaml"
DOCKERFILE = DEPLOY / "docker" / "Dockerfile"
PROBE = DEPLOY / "docker" / "probe.py"
ENV_FILES = {name: DEPLOY / "env" / f"{name}.env" for name in ("single-machine", "many-machines")}

CONFIGS = {
    "accounts": "services/accounts/config.yaml",
    "registration": "services/registration/config.yaml",
    "review": "services/review/config.yaml",
    "certificates": "services/certificates/config.yaml",
    "gateway": "gateway/config.yaml",
}
NAMEKO_SERVICES = ("accounts", "registration", "review", "certificates")

# Every long-running process, with the command deploy/supervisord.conf runs it with.
PROCESSES = {
    "accounts": ["nameko", "run", "--config", "services/accounts/config.yaml",
                 "services.accounts.service:AccountsService"],
    "accounts-mailer": ["python", "-m", "services.accounts.mailer", "services/accounts/config.yaml"],
    "registration": ["nameko", "run", "--config", "services/registration/config.yaml",
                     "services.registration.service:RegistrationService"],
    "review": ["nameko", "run", "--config", "services/review/config.yaml",
               "services.review.service:ReviewService"],
    "certificates": ["nameko", "run", "--config", "services/certificates/config.yaml",
                     "services.certificates.service:CertificatesService"],
    "gateway": ["nameko", "run", "--config", "gateway/config.yaml", "gateway.service:Gateway"],
}
# The one-shot migrations, one per service with a database.
MIGRATIONS = {f"migrate-{s}": ["python", "-m", "services.common.migrations", f"services/{s}/config.yaml"]
              for s in NAMEKO_SERVICES}

# Keys whose value is (or carries) a secret: never written, only referenced.
SECRET_KEYS = {"AMQP_URI", "ACCOUNTS_DB_URL", "REGISTRATION_DB_URL", "REVIEW_DB_URL",
               "CERTIFICATES_DB_URL", "FILE_STORE_URL", "SMTP_PASSWORD", "CHECK_CODE_SECRET"}
PLACEHOLDER = "REPLACE_ME"
ENV_REFERENCE = re.compile(r"^\$\{[A-Z][A-Z0-9_]*(?::?[-?][^}]*)?\}$")
URL_CREDENTIALS = re.compile(
    r"^[a-z0-9+]+://(?P<user>\$\{[^}]*\}|[^:/@$]+):(?P<password>\$\{[^}]*\}|[^@]*)@[^@]+$")


# --- reading ----------------------------------------------------------------------------------

class _ConfigLoader(yaml.SafeLoader):
    """Reads a config.yaml keeping ${NAME:default} as written (nameko's tag included)."""


_ConfigLoader.add_constructor("!raw_env_var", lambda loader, node: loader.construct_scalar(node))
_ENV_KEY = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)")


def _strings(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value


def config_keys(path: str) -> set[str]:
    with open(ROOT / path, encoding="utf-8") as handle:
        document = yaml.load(handle, Loader=_ConfigLoader)  # noqa: S506 - SafeLoader subclass
    return {key for text in _strings(document) for key in _ENV_KEY.findall(text)}


ALL_KEYS = set().union(*(config_keys(path) for path in CONFIGS.values()))


def load_compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


def k8s_documents() -> list[tuple[str, dict]]:
    documents = []
    for path in sorted(K8S.glob("*.yaml")):
        for document in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            if document:
                documents.append((path.name, document))
    return documents


def k8s(kind: str) -> dict[str, dict]:
    return {d["metadata"]["name"]: d for _, d in k8s_documents() if d.get("kind") == kind}


def container(deployment_or_job: dict) -> dict:
    containers = deployment_or_job["spec"]["template"]["spec"]["containers"]
    assert len(containers) == 1
    return containers[0]


def parse_env_file(path: Path) -> tuple[dict[str, str], list[str]]:
    """KEY="value" assignments (as written, quotes removed) and the file's lines."""
    lines = path.read_text(encoding="utf-8").splitlines()
    values = {}
    for line in lines:
        match = re.match(r'^([A-Z][A-Z0-9_]*)=(.*)$', line)
        if match:
            raw = match.group(2)
            values[match.group(1)] = raw[1:-1] if raw[:1] == raw[-1:] == '"' and len(raw) >= 2 else raw
    return values, lines


def command_problems(argv: list[str]) -> list[str]:
    """What in a command names a file, module or class that does not exist."""
    problems = []
    for i, arg in enumerate(argv):
        if arg == "--config":
            if not (ROOT / argv[i + 1]).is_file():
                problems.append(f"no config file {argv[i + 1]}")
        elif arg.endswith(".py"):
            if not (ROOT / arg).is_file():
                problems.append(f"no script {arg}")
        elif arg == "-m":
            module = argv[i + 1]
            if not (ROOT / (module.replace(".", "/") + ".py")).is_file():
                problems.append(f"no module {module}")
        elif re.fullmatch(r"[a-z_][a-z0-9_.]*:[A-Za-z_][A-Za-z0-9_]*", arg):
            module, cls = arg.split(":")
            source = ROOT / (module.replace(".", "/") + ".py")
            if not source.is_file():
                problems.append(f"no module {module}")
            elif not re.search(rf"^class {cls}\b", source.read_text(encoding="utf-8"), re.M):
                problems.append(f"no class {cls} in {module}")
    return problems


# --- the config keys themselves ----------------------------------------------------------------

def test_the_config_files_have_the_keys_this_test_relies_on():
    assert {"AMQP_URI", "ACCOUNTS_DB_URL", "FILE_STORE_URL", "REGISTRATION_AREA_CODE",
            "GATEWAY_ADDRESS", "CHECK_CODE_SECRET"} <= ALL_KEYS
    # the comment "${NAME:default}" at the top of every file is not a key
    assert "NAME" not in ALL_KEYS


def test_the_processes_are_the_ones_the_local_runner_runs():
    conf = (DEPLOY / "supervisord.conf").read_text(encoding="utf-8")
    for name, argv in PROCESSES.items():
        line = re.search(rf"^\[program:{re.escape(name)}\]\ncommand=(.*)$", conf, re.M)
        assert line, f"{name} is not a program of deploy/supervisord.conf"
        assert line.group(1).split("/.venv/bin/")[1].split() == argv, name


@pytest.mark.parametrize("argv", [*PROCESSES.values(), *MIGRATIONS.values()], ids=[*PROCESSES, *MIGRATIONS])
def test_every_command_names_files_modules_and_classes_that_exist(argv):
    assert command_problems(argv) == []


# --- Dockerfile -------------------------------------------------------------------------------

def dockerfile_instructions() -> list[tuple[str, str]]:
    text = DOCKERFILE.read_text(encoding="utf-8").replace("\\\n", " ")
    instructions = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            instructions.append((word.upper(), rest.strip()))
    return instructions


def test_dockerfile_builds_one_image_for_every_process():
    instructions = dockerfile_instructions()
    assert instructions[0] == ("FROM", "python:3.11-slim-bookworm")
    assert ("WORKDIR", "/app") in instructions
    copies = [rest for word, rest in instructions if word == "COPY"]
    runs = [rest for word, rest in instructions if word == "RUN"]
    copy_requirements = next(i for i, (w, r) in enumerate(instructions)
                             if w == "COPY" and r.split()[0] == "requirements.txt")
    install = next(i for i, (w, r) in enumerate(instructions)
                   if w == "RUN" and re.search(r"pip install (.* )?-r \S*requirements\.txt", r))
    assert copy_requirements < install
    # everything copied exists, and nothing local or secret is (var/, .env, keys)
    for rest in copies:
        sources = [s for s in rest.split()[:-1] if not s.startswith("--")]
        for source in sources:
            assert (ROOT / source).exists(), source
            assert not source.startswith(("var", ".venv", ".git")) and ".env" not in source, source
            assert source != "." and not source.endswith((".pem", ".key")), source
    assert any("deploy/docker/probe.py" in c for c in copies)
    assert any("useradd" in r for r in runs)
    env = " ".join(rest for word, rest in instructions if word == "ENV")
    assert "PYTHONWARNINGS=ignore::DeprecationWarning" in env


def test_dockerfile_runs_as_a_non_root_user_with_no_secret_baked_in():
    instructions = dockerfile_instructions()
    users = [rest for word, rest in instructions if word == "USER"]
    assert users and users[-1].split(":")[0] not in ("root", "0")
    for word, rest in instructions:
        if word in ("ENV", "ARG"):
            assert not re.search(r"PASSWORD|SECRET|TOKEN|_DB_URL|AMQP_URI", rest), rest


def test_dockerfile_default_command_is_a_documented_process():
    cmd = [rest for word, rest in dockerfile_instructions() if word == "CMD"]
    assert len(cmd) == 1
    argv = json.loads(cmd[0])  # exec form
    assert argv in PROCESSES.values()
    text = DOCKERFILE.read_text(encoding="utf-8")
    for name, process in {**PROCESSES, **MIGRATIONS}.items():
        documented = re.sub(r"services/\w+/config.yaml", "services/<service>/config.yaml", " ".join(process)) \
            if name.startswith("migrate-") else " ".join(process)
        assert documented in text, f"the Dockerfile's header does not document {name}"


# --- compose ----------------------------------------------------------------------------------

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
                "FILE_STORE_URL"):
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


# --- Kubernetes -------------------------------------------------------------------------------

def test_every_manifest_parses_and_lives_in_the_namespace():
    documents = k8s_documents()
    assert documents
    namespaces = k8s("Namespace")
    assert list(namespaces) == ["kjcg"]
    for filename, document in documents:
        if document.get("kind") in ("Kustomization", "Namespace"):
            continue
        assert document.get("apiVersion") and document.get("kind"), filename
        assert document["metadata"].get("namespace") == "kjcg", f"{filename}: {document['metadata']['name']}"


def test_kustomization_lists_every_manifest_but_the_templates():
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text(encoding="utf-8"))
    listed = set(kustomization["resources"])
    files = {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"}
    assert listed == {f for f in files if ".example." not in f}
    assert "secret.example.yaml" in files and "ingress.example.yaml" in files


def test_a_deployment_per_process_and_a_job_per_migration_with_their_commands():
    deployments, jobs = k8s("Deployment"), k8s("Job")
    assert set(deployments) == set(PROCESSES)
    assert set(jobs) == set(MIGRATIONS)
    images = set()
    for name, argv in {**PROCESSES, **MIGRATIONS}.items():
        workload = deployments.get(name) or jobs[name]
        c = container(workload)
        assert c["command"] == argv, name
        assert c.get("workingDir") == "/app", name
        assert command_problems(c["command"]) == [], name
        images.add(c["image"].rsplit(":", 1)[0])
    assert images == {"kjcg"}
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text(encoding="utf-8"))
    assert [i["name"] for i in kustomization["images"]] == ["kjcg"]


def test_every_workload_gets_the_config_and_the_secrets_and_runs_unprivileged():
    for name, workload in {**k8s("Deployment"), **k8s("Job")}.items():
        c = container(workload)
        refs = {(k, v["name"]) for ref in c["envFrom"] for k, v in ref.items()}
        assert refs == {("configMapRef", "kjcg-config"), ("secretRef", "kjcg-secrets")}, name
        pod = workload["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True, name
        assert pod["securityContext"]["runAsUser"] != 0, name
        assert c["securityContext"]["allowPrivilegeEscalation"] is False, name
        assert c["securityContext"]["readOnlyRootFilesystem"] is True, name
        mounts = {m["mountPath"] for m in c["volumeMounts"]}
        assert {"/tmp", "/app/var"} <= mounts, name
        volumes = {v["name"] for v in pod["volumes"]}
        assert {m["name"] for m in c["volumeMounts"]} <= volumes, name


def test_every_deployment_has_resources_and_probes():
    for name, deployment in k8s("Deployment").items():
        c = container(deployment)
        for bound in ("requests", "limits"):
            assert {"cpu", "memory"} <= set(c["resources"][bound]), f"{name}: {bound}"
        assert c.get("readinessProbe"), f"{name}: readiness"
        assert c.get("livenessProbe"), f"{name}: liveness"
        for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
            if probe in c:
                assert c[probe]["timeoutSeconds"] >= 1 and c[probe]["periodSeconds"] >= 1
                if "exec" in c[probe]:
                    assert command_problems(c[probe]["exec"]["command"]) == [], f"{name}: {probe}"
                    # the probe's own alarm (timeout + 3 s) fires before Kubernetes gives up
                    assert c[probe]["timeoutSeconds"] >= 5 + 3, f"{name}: {probe}"


def test_nameko_services_are_probed_through_their_health_rpc():
    deployments = k8s("Deployment")
    for name in NAMEKO_SERVICES:
        c = container(deployments[name])
        assert c["readinessProbe"]["exec"]["command"] == ["python", "deploy/docker/probe.py", name]
        assert c["livenessProbe"]["exec"]["command"][:3] == ["python", "deploy/docker/probe.py", name]
    mailer = container(deployments["accounts-mailer"])
    assert mailer["readinessProbe"]["exec"]["command"] == ["python", "deploy/docker/probe.py", "mailer"]


def test_the_gateway_is_probed_over_http_and_reached_through_its_service():
    gateway = k8s("Deployment")["gateway"]
    c = container(gateway)
    ports = {p["name"]: p["containerPort"] for p in c["ports"]}
    assert ports == {"http": 8000}
    assert c["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert c["livenessProbe"]["httpGet"]["path"] == "/healthz"
    for probe in ("readinessProbe", "livenessProbe"):
        assert c[probe]["httpGet"]["port"] in ("http", 8000)
    service = k8s("Service")["gateway"]
    labels = gateway["spec"]["template"]["metadata"]["labels"]
    assert service["spec"]["selector"].items() <= labels.items()
    assert service["spec"]["ports"][0]["targetPort"] in ("http", 8000)
    ingress = k8s("Ingress")["gateway"]
    backend = ingress["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    assert backend["name"] == "gateway" and backend["port"]["name"] == service["spec"]["ports"][0]["name"]


def test_selectors_match_their_pods():
    for name, deployment in k8s("Deployment").items():
        selector = deployment["spec"]["selector"]["matchLabels"]
        assert selector.items() <= deployment["spec"]["template"]["metadata"]["labels"].items(), name


def test_autoscalers_for_gateway_registration_and_review_on_cpu():
    deployments = k8s("Deployment")
    autoscalers = k8s("HorizontalPodAutoscaler")
    assert set(autoscalers) == {"gateway", "registration", "review"}
    for name, hpa in autoscalers.items():
        assert hpa["apiVersion"] == "autoscaling/v2"
        target = hpa["spec"]["scaleTargetRef"]
        assert (target["kind"], target["name"]) == ("Deployment", name)
        assert [m["resource"]["name"] for m in hpa["spec"]["metrics"]] == ["cpu"]
        assert 1 <= hpa["spec"]["minReplicas"] <= hpa["spec"]["maxReplicas"]
        assert "cpu" in container(deployments[name])["resources"]["requests"]  # needed by the HPA
        assert "replicas" not in deployments[name]["spec"], f"{name}: the HPA owns the count"


def test_disruption_budgets_select_deployments_and_never_block_a_drain():
    deployments = k8s("Deployment")
    budgets = k8s("PodDisruptionBudget")
    assert {"gateway", "registration", "review"} <= set(budgets)
    hpa_min = {n: h["spec"]["minReplicas"] for n, h in k8s("HorizontalPodAutoscaler").items()}
    for name, budget in budgets.items():
        assert name in deployments
        selector = budget["spec"]["selector"]["matchLabels"]
        assert selector.items() <= deployments[name]["spec"]["template"]["metadata"]["labels"].items()
        replicas = deployments[name]["spec"].get("replicas", hpa_min.get(name, 1))
        if "minAvailable" in budget["spec"]:
            assert budget["spec"]["minAvailable"] < replicas, name


def test_the_mailer_runs_one_or_two_replicas():
    assert 1 <= k8s("Deployment")["accounts-mailer"]["spec"]["replicas"] <= 2
    assert "accounts-mailer" not in k8s("HorizontalPodAutoscaler")


def test_configmap_and_secret_hold_every_config_key_and_secrets_only_in_the_secret():
    config = k8s("ConfigMap")["kjcg-config"]["data"]
    secrets = k8s("Secret")["kjcg-secrets"]["stringData"]
    missing = ALL_KEYS - set(config) - set(secrets)
    assert not missing, sorted(missing)
    assert set(secrets) == SECRET_KEYS
    assert not set(config) & SECRET_KEYS
    for key, value in config.items():
        assert isinstance(value, str), f"{key}: ConfigMap values are strings"
        assert not re.search(r"PASSWORD|SECRET|TOKEN", key), key
        assert not URL_CREDENTIALS.match(value), f"{key} carries credentials"


def test_no_secret_manifest_holds_a_real_looking_value():
    secrets = [(f, d) for f, d in k8s_documents() if d.get("kind") == "Secret"]
    assert {d["metadata"]["name"] for _, d in secrets} == {"kjcg-secrets", "kjcg-signing"}
    for filename, secret in secrets:
        assert filename.endswith(".example.yaml"), f"{filename}: a Secret outside the template"
        assert "data" not in secret, "base64 data hides what is in it: stringData placeholders only"
        for key, value in secret["stringData"].items():
            assert PLACEHOLDER in value, f"{secret['metadata']['name']}.{key} is not a placeholder"
            assert "-----BEGIN" not in value, f"{key}: a PEM block"
            credentials = URL_CREDENTIALS.match(value)
            if credentials:
                assert credentials.group("password") == PLACEHOLDER, key


def test_the_signing_identity_is_mounted_where_the_config_says():
    config = k8s("ConfigMap")["kjcg-config"]["data"]
    certificates = k8s("Deployment")["certificates"]
    pod = certificates["spec"]["template"]["spec"]
    signing = next(v for v in pod["volumes"] if "secret" in v)
    secret = k8s("Secret")[signing["secret"]["secretName"]]
    mount = next(m for m in container(certificates)["volumeMounts"] if m["name"] == signing["name"])
    assert mount["readOnly"] is True
    for key in ("SIGNING_KEY_PATH", "SIGNING_CERT_PATH"):
        folder, _, filename = config[key].rpartition("/")
        assert folder == mount["mountPath"] and filename in secret["stringData"], key


_K8S_MODELS = {
    ("v1", "Namespace"): "V1Namespace", ("v1", "ConfigMap"): "V1ConfigMap",
    ("v1", "Secret"): "V1Secret", ("v1", "Service"): "V1Service",
    ("apps/v1", "Deployment"): "V1Deployment", ("batch/v1", "Job"): "V1Job",
    ("autoscaling/v2", "HorizontalPodAutoscaler"): "V2HorizontalPodAutoscaler",
    ("policy/v1", "PodDisruptionBudget"): "V1PodDisruptionBudget",
    ("networking.k8s.io/v1", "Ingress"): "V1Ingress",
}


def _schema_problems(models, value, typ: str, path: str) -> list[str]:
    """Unknown fields, wrong scalar types and missing required fields, by the client's models."""
    list_of = re.fullmatch(r"(?:List|list)\[(.*)\]", typ)
    map_of = re.fullmatch(r"(?:Dict\[str, (.*)\]|dict\(str, (.*)\))", typ)
    if list_of:
        if not isinstance(value, list):
            return [f"{path}: not a list"]
        return [p for i, v in enumerate(value) for p in _schema_problems(models, v, list_of.group(1), f"{path}[{i}]")]
    if map_of:
        if not isinstance(value, dict):
            return [f"{path}: not a map"]
        inner = map_of.group(1) or map_of.group(2)
        return [p for k, v in value.items() for p in _schema_problems(models, v, inner, f"{path}.{k}")]
    scalars = {"str": str, "int": int, "bool": bool}
    if typ in scalars:
        ok = isinstance(value, scalars[typ]) and not (typ == "int" and isinstance(value, bool))
        return [] if ok else [f"{path}: {value!r} is not {typ}"]
    if typ in ("object", "float", "datetime"):
        return []  # int-or-string, quantities, free-form
    cls = getattr(models, typ)
    if not isinstance(value, dict):
        return [f"{path}: not a {typ}"]
    by_json_name = {json_name: attr for attr, json_name in cls.attribute_map.items()}
    problems = []
    for key, item in value.items():
        if key not in by_json_name:
            problems.append(f"{path}.{key}: unknown field of {typ}")
        else:
            problems += _schema_problems(models, item, cls.openapi_types[by_json_name[key]], f"{path}.{key}")
    for attr, field in getattr(cls, "model_fields", {}).items():
        if field.is_required() and cls.attribute_map[attr] not in value:
            problems.append(f"{path}: {typ} needs {cls.attribute_map[attr]}")
    return problems


def test_manifests_match_the_kubernetes_api_models():
    """Every field is one the API knows, with the right type (skipped without the `kubernetes`
    client, which is not a project requirement: pip install kubernetes to run it)."""
    models = pytest.importorskip("kubernetes.client.models", reason="pip install kubernetes to check fields")
    problems = []
    for filename, document in k8s_documents():
        if document.get("kind") == "Kustomization":
            continue
        model = _K8S_MODELS[(document["apiVersion"], document["kind"])]
        problems += _schema_problems(models, document, model, f"{filename}:{document['metadata']['name']}")
    assert problems == []


# --- env files --------------------------------------------------------------------------------

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
    for key in ("ACCOUNTS_DB_URL", "REGISTRATION_DB_URL", "REVIEW_DB_URL", "CERTIFICATES_DB_URL"):
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
        "CERTIFICATES_DB_PASSWORD", "FILES_DB_PASSWORD", "SMTP_PASSWORD", "CHECK_CODE_SECRET")}
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


# --- the scripts the image runs ------------------------------------------------------------------

def _probe_module():
    spec = importlib.util.spec_from_file_location("kjcg_probe", PROBE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class _FakeCluster:
    """Stands for nameko's ClusterRpcProxy: records how it was made and answers as told."""

    def __init__(self, replies):
        self.replies = replies
        self.made_with = None

    def __call__(self, config, timeout=None):
        self.made_with = (config, timeout)
        return self

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def __getattr__(self, service):
        replies = self.replies

        class _Service:
            def __getattr__(self, method):
                def call():
                    reply = replies[(service, method)]
                    if isinstance(reply, Exception):
                        raise reply
                    return reply
                return call
        return _Service()


def test_probe_knows_every_nameko_service_and_its_config():
    probe = _probe_module()
    assert set(probe.SERVICES) == set(NAMEKO_SERVICES)
    for service in probe.SERVICES:
        assert probe.config_path(service) == ROOT / CONFIGS[service]


@pytest.mark.parametrize("argv, replies, code", [
    (["registration"], {("registration", "health"): {"service": "registration", "ok": True}}, 0),
    (["registration"], {("registration", "health"): {"ok": False}}, 1),
    (["registration"], {("registration", "health"): TimeoutError("no reply")}, 1),
    (["review", "--ping"], {("review", "ping"): "pong"}, 0),
    (["review", "--ping"], {("review", "ping"): "pang"}, 1),
])
def test_probe_exits_0_only_when_the_service_answers_healthy(monkeypatch, argv, replies, code):
    monkeypatch.chdir(ROOT)  # the probe chdirs to the repository; restored afterwards
    monkeypatch.setenv("AMQP_URI", "pyamqp://probe:probe@broker.invalid:5672/")
    probe = _probe_module()
    cluster = _FakeCluster(replies)
    assert probe.main([*argv, "--timeout", "2"], proxy_factory=cluster) == code
    assert cluster.made_with == ({"AMQP_URI": "pyamqp://probe:probe@broker.invalid:5672/"}, 2.0)


def test_probe_checks_the_mailer_database_and_http(monkeypatch, tmp_path):
    monkeypatch.chdir(ROOT)
    probe = _probe_module()
    monkeypatch.setenv("ACCOUNTS_DB_URL", f"sqlite:///{tmp_path}/accounts.db")
    assert probe.main(["mailer"]) == 0
    port = _free_port()  # nothing listens there
    monkeypatch.setenv("ACCOUNTS_DB_URL", f"postgresql+psycopg2://probe:probe@127.0.0.1:{port}/accounts")
    assert probe.main(["mailer", "--timeout", "2"]) == 1
    assert probe.main(["--http", f"http://127.0.0.1:{port}/readyz", "--timeout", "1"]) == 1


def test_probe_ends_itself_when_the_broker_never_answers():
    with socket.socket() as silent:  # accepts the connection and never speaks AMQP
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        env = {**os.environ, "AMQP_URI": f"pyamqp://guest:guest@127.0.0.1:{port}/"}
        started = time.monotonic()
        done = subprocess.run([sys.executable, str(PROBE), "accounts", "--timeout", "1"],
                              env=env, capture_output=True, text=True, timeout=30)
        elapsed = time.monotonic() - started
    assert done.returncode == 1
    assert elapsed < 15, elapsed


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_container_mail_sink_receives_and_shows_mail(tmp_path):
    smtp_port, http_port = _free_port(), _free_port()
    sink = subprocess.Popen([sys.executable, str(DEPLOY / "mailsink.py"),
                             "--dir", str(tmp_path), "--host", "127.0.0.1",
                             "--smtp-port", str(smtp_port), "--http-port", str(http_port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", smtp_port), 0.5).close()
                break
            except OSError:
                assert time.monotonic() < deadline and sink.poll() is None, sink.stdout.read()
                time.sleep(0.1)
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = "a@example.cn", "b@example.cn", "激活账号"
        message.set_content("请打开 http://127.0.0.1:8000/activate?token=abc")
        with smtplib.SMTP("127.0.0.1", smtp_port, timeout=10) as client:
            client.send_message(message)
        page = urllib.request.urlopen(f"http://127.0.0.1:{http_port}/", timeout=10).read().decode()
        assert "激活账号" in page and 'href="http://127.0.0.1:8000/activate?token=abc"' in page
    finally:
        sink.terminate()
        sink.wait(10)
