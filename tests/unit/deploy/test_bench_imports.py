"""bench/ runs after `./deploy/up` alone, which installs requirements.txt and nothing of
requirements-dev.txt (docs/performance.md says so): bench imports helpers from tests/support
only, and none of them brings in a test-only package."""
from __future__ import annotations

import ast
import json
import subprocess
import sys

from tests.support.deploy_files import ROOT

BENCH = sorted((ROOT / "bench").glob("*.py"))
# Packages that only requirements-dev.txt installs (the ones requirements.txt's own packages do
# not bring along): a bench script that imports one fails after ./deploy/up.
TEST_ONLY = {"pytest", "_pytest", "hypothesis", "schemathesis", "playwright", "openapi_spec_validator",
             "zxingcpp", "jsonschema", "kubernetes_validate"}


def imported_modules(path) -> set[str]:
    """Every module the file imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
    return found


def test_bench_imports_from_tests_only_the_support_modules():
    for path in BENCH:
        for module in imported_modules(path):
            if module.split(".")[0] == "tests":
                assert module.startswith("tests.support."), f"{path.name} imports {module}"


def test_bench_and_what_it_imports_from_tests_load_without_any_test_only_package():
    helpers = sorted({m for path in BENCH for m in imported_modules(path) if m.startswith("tests.")})
    script = (
        "import importlib, json, sys\n"
        "sys.argv = ['bench']\n"
        f"sys.path.insert(0, {str(ROOT / 'bench')!r})\n"
        f"for name in {[f'bench.{p.stem}' for p in BENCH] + helpers!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert helpers  # the journey and the certificate rows drive the system with these
    assert set(json.loads(done.stdout.splitlines()[-1])) & TEST_ONLY == set()
