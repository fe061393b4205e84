"""Every file or folder the docs name exists: the map in docs/architecture.md is kept true."""
from __future__ import annotations

import os
import re

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
SERVICES = ("accounts", "registration", "review", "certificates", "reports")
DOCS = ["README.md", "docs/architecture.md", "docs/deploy.md", "docs/performance.md"]
TOP = ("services", "gateway", "tests", "deploy", "docs", "bench", "examples")
# A path in running text: starts at a top folder, ends at a file or folder name.
INLINE = re.compile(r"(?<![\w./-])((?:%s)/[\w./<>-]*[\w>/])" % "|".join(TOP))
FILE = re.compile(r"^[\w<>-]+(?:/[\w<>-]+)*\.(?:py|yaml|md|js|html|css|sh|conf)$")
ENTRY = re.compile(r"^(\s*)([\w.<>-]+(?:/[\w.<>-]+)*/?)(?:\s|$)")


def _expand(path: str) -> list[str]:
    return [path.replace("<name>", s).replace("<service>", s) for s in SERVICES] \
        if "<name>" in path or "<service>" in path else [path]


def _tree_paths(block: str) -> list[str]:
    """Paths in a layout block: a line at column 0 ending in / opens a folder; indented
    names below it (one word, a file or folder name) are inside it."""
    found, folder = [], None
    for line in block.splitlines():
        match = ENTRY.match(line)
        if not match:
            continue
        indent, name = match.groups()
        if not indent and name.endswith("/"):
            folder = name
            found.append(name)
        elif indent and folder and (FILE.match(name) or name.endswith("/")):
            found.append(folder + name)
    return found


def named_paths(doc: str) -> list[str]:
    with open(os.path.join(ROOT, doc), encoding="utf-8") as handle:
        text = handle.read()
    paths = set(INLINE.findall(text))
    for block in re.findall(r"```\n(.*?)```", text, flags=re.S):
        if not block.lstrip().startswith(("services/", "gateway/")):
            continue
        paths.update(_tree_paths(block))
    return sorted({p.rstrip(".") for path in paths for p in _expand(path)})


@pytest.mark.parametrize("doc", DOCS)
def test_every_path_a_doc_names_exists(doc):
    missing = [p for p in named_paths(doc) if not os.path.exists(os.path.join(ROOT, p))
               and not p.startswith(("var/",))]
    assert not missing, f"{doc} names paths that do not exist: {missing}"


def test_the_architecture_map_names_every_module_of_common():
    documented = {os.path.basename(p) for p in named_paths("docs/architecture.md")
                  if p.startswith("services/common/")}
    actual = {f for f in os.listdir(os.path.join(ROOT, "services/common"))
              if f.endswith(".py") and f != "__init__.py"}
    assert actual - documented == set(), "docs/architecture.md's map leaves out these modules"
