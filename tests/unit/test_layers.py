"""The layering of docs/architecture.md, checked by reading imports: domain/ is plain Python,
service.py is an adapter that neither queries nor builds responses."""
from __future__ import annotations

import ast
import os

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SERVICES = ("accounts", "registration", "review", "certificates", "reports")
# What domain code may not import: frameworks, and the layers above it.
FRAMEWORKS = ("sqlalchemy", "nameko", "eventlet", "kombu", "amqp", "werkzeug")
COMMON_PLUMBING = tuple(f"services.common.{m}" for m in (
    "database", "uow", "engine", "outbox", "tables", "columns", "providers", "service_base",
    "rpc", "retrying_handler", "deadletters", "safe_ack", "metrics", "migrations", "upsert",
    "file_store"))


def imports_of(path: str, package: str) -> set[str]:
    with open(path, encoding="utf-8") as handle:
        tree = ast.parse(handle.read(), path)
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the module's package
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module
            found.add(name)
            found.update(f"{name}.{alias.name}" for alias in node.names)
    return found


def modules_under(service: str, folder: str):
    top = os.path.join(ROOT, "services", service, folder)
    for dirpath, _, files in os.walk(top):
        for name in sorted(files):
            if name.endswith(".py"):
                path = os.path.join(dirpath, name)
                package = os.path.relpath(dirpath, ROOT).replace(os.sep, ".")
                yield os.path.relpath(path, ROOT), imports_of(path, package)


def _forbidden(imported: set[str], prefixes) -> list[str]:
    return sorted(i for i in imported if any(i == p or i.startswith(p + ".") for p in prefixes))


@pytest.mark.parametrize("service", SERVICES + ("reports",))
def test_domain_is_plain_python(service):
    above = (f"services.{service}.app", f"services.{service}.models", f"services.{service}.service",
             f"services.{service}.settings")
    bad = {path: _forbidden(imported, FRAMEWORKS + COMMON_PLUMBING + above)
           for path, imported in modules_under(service, "domain")}
    assert not {p: b for p, b in bad.items() if b}


@pytest.mark.parametrize("service", SERVICES)
def test_service_module_is_only_an_adapter(service):
    path = os.path.join(ROOT, "services", service, "service.py")
    imported = imports_of(path, f"services.{service}")
    assert not _forbidden(imported, ("sqlalchemy", f"services.{service}.models")), \
        "service.py queries tables itself; that belongs in app/"
