"""The deploy files as the tests under tests/unit/deploy read them: where they are, the processes
and migrations of the system with the commands deploy/supervisord.conf runs them with, every
${NAME} key of every config.yaml, which keys hold secrets, and small readers for compose, the
Kubernetes manifests and the env files. Nothing there builds an image or starts a pod: no
container engine or cluster is needed, only the files."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
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
    "reports": "services/reports/config.yaml",
    "gateway": "gateway/config.yaml",
}
NAMEKO_SERVICES = ("accounts", "registration", "review", "certificates", "reports")

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
    "reports": ["nameko", "run", "--config", "services/reports/config.yaml",
                "services.reports.service:ReportsService"],
    "gateway": ["nameko", "run", "--config", "gateway/config.yaml", "gateway.service:Gateway"],
}
# The one-shot migrations, one per service with a database.
MIGRATIONS = {f"migrate-{s}": ["python", "-m", "services.common.migrations", f"services/{s}/config.yaml"]
              for s in NAMEKO_SERVICES}

# Keys whose value is (or carries) a secret: never written, only referenced.
SECRET_KEYS = {"AMQP_URI", "ACCOUNTS_DB_URL", "REGISTRATION_DB_URL", "REVIEW_DB_URL",
               "CERTIFICATES_DB_URL", "REPORTS_DB_URL", "FILE_STORE_URL", "SMTP_PASSWORD",
               "CHECK_CODE_SECRET"}
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
