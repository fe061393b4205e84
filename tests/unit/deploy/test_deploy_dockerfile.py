"""deploy/docker/Dockerfile, read without a container engine: one image for every process,
unprivileged, nothing secret baked in, its default command a documented process."""
from __future__ import annotations

import json
import re

from tests.support.deploy_files import DOCKERFILE, MIGRATIONS, PROCESSES, ROOT


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


def test_the_build_needs_no_registry_frontend_and_its_context_filter_is_read_by_every_builder():
    """No `# syntax=` line (BuildKit would pull that frontend from a registry), and the context
    filter sits at the context's root, where the classic builder reads it too (it ignores
    <Dockerfile>.dockerignore): .git, var/ and .venv are never sent."""
    assert not re.search(r"^#\s*syntax\s*=", DOCKERFILE.read_text(encoding="utf-8"), re.M | re.I)
    assert not DOCKERFILE.with_name("Dockerfile.dockerignore").exists()
    patterns = [line.strip() for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.startswith("#")]
    assert patterns[0] == "**"
    assert not [p for p in patterns if p.startswith("!") and p.lstrip("!").startswith((".git", "var", ".venv"))]
