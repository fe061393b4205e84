"""Helpers shared between tests live in tests/support: no test module, and nothing in bench/,
imports from another test module or from another test folder (tests/e2e, tests/unit, …)."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module) of every import in the file, relative ones resolved."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[:len(package.split(".")) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module
            found.append((node.lineno, module))
            found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
    return found


def test_tests_and_bench_import_helpers_from_tests_support_only():
    wrong = []
    for path in sorted([*(ROOT / "tests").rglob("*.py"), *(ROOT / "bench").glob("*.py")]):
        where = path.relative_to(ROOT).parts
        for line, module in imports(path):
            parts = module.split(".")
            if parts[0] != "tests" or len(parts) == 1 or parts[1] == "support":
                continue
            a_test_module = any(p.startswith("test_") or p == "conftest" for p in parts[1:])
            another_folder = where[:2] != ("tests", parts[1])
            if a_test_module or another_folder:
                wrong.append(f"{'/'.join(where)}:{line} imports {module}")
    assert wrong == []
