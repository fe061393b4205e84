"""The pages' JavaScript as ES modules: no global helpers, every name a module imports is
exported by the module it names, and every page's script and the layouts' scripts exist."""
import os
import re

import pytest

from gateway.web.pages import HERE, PAGES

STATIC = os.path.join(HERE, "static")
SCRIPTS = sorted(name for name in os.listdir(STATIC) if name.endswith(".js"))
IMPORT = re.compile(r'^import\s*\{([^}]*)\}\s*from\s*"\./([\w.-]+\.js)";', re.M)
EXPORT = re.compile(r"^export\s+(?:async\s+)?(?:function|const|let|class)\s+([\w$]+)", re.M)


def source(name):
    with open(os.path.join(STATIC, name), encoding="utf-8") as handle:
        return handle.read()


def exports(name):
    return set(EXPORT.findall(source(name)))


@pytest.mark.parametrize("name", SCRIPTS)
def test_each_module_imports_only_what_its_modules_export(name):
    text = source(name)
    for names, module in IMPORT.findall(text):
        assert module in SCRIPTS, (name, module)
        for imported in (n.split(" as ")[0].strip() for n in names.split(",") if n.strip()):
            assert imported in exports(module), f"{name} imports {imported} from {module}"


@pytest.mark.parametrize("name", SCRIPTS)
def test_no_module_relies_on_a_global_or_defines_its_own_helpers(name):
    text = source(name)
    assert not re.search(r"\bkj\.", text), f"{name} uses the old global kj"
    assert "use strict" not in text, f"{name}: modules are strict already"
    if name != "ui.js":
        assert not re.search(r"const \$\s*=", text), f"{name} defines its own $ (import it from ui.js)"
    if name != "api.js":
        assert "fetch(" not in text, f"{name} calls fetch itself (use api.js)"


def test_every_page_has_its_script_and_the_layouts_load_only_modules():
    for name, page in PAGES.items():
        assert f"{page.source}.js" in SCRIPTS, name
        assert os.path.exists(os.path.join(HERE, "pages", f"{page.source}.html")), name
    for layout in ("_app.html", "_layout.html"):
        with open(os.path.join(HERE, "pages", layout), encoding="utf-8") as handle:
            tags = re.findall(r"<script[^>]*>", handle.read())
        assert all('type="module"' in tag for tag in tags), (layout, tags)
