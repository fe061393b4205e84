"""The pages' scripts and styles through the real gateway: each with an ETag and a
Last-Modified, `Cache-Control: no-cache` (the browser keeps them and asks again each time), and
an empty 304 when the browser already has the current version."""
import re

import pytest
import requests

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("name, kind", [("shell.js", "text/javascript"), ("site.css", "text/css")])
def test_a_static_file_is_revalidated_and_not_sent_again_when_unchanged(system, name, kind):
    url = f"{system.url}/static/{name}"
    first = requests.get(url, timeout=10)
    assert first.status_code == 200 and first.content
    assert first.headers["Content-Type"].startswith(kind)
    assert first.headers["Cache-Control"] == "no-cache"
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert re.fullmatch(r'"[0-9a-f]{16,}"', etag)

    for headers in ({"If-None-Match": etag}, {"If-Modified-Since": modified},
                    {"If-None-Match": f'"stale", {etag}'}):
        again = requests.get(url, headers=headers, timeout=10)
        assert again.status_code == 304, headers
        assert again.content == b""
        assert again.headers["ETag"] == etag
        assert again.headers["Cache-Control"] == "no-cache"

    changed = requests.get(url, headers={"If-None-Match": '"an-older-version"'}, timeout=10)
    assert changed.status_code == 200 and changed.content == first.content
    assert changed.headers["ETag"] == etag


def test_every_script_a_page_names_is_served(system):
    """The pages load their script by URL and the scripts import each other by URL."""
    seen, todo = set(), []
    for page in ("/", "/signup", "/verify", "/achievements", "/review/1", "/office/search"):
        html = requests.get(system.url + page, timeout=10).text
        todo += re.findall(r'src="/static/([\w.-]+\.js)"', html)
    assert "shell.js" in todo and "login.js" in todo
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        script = requests.get(f"{system.url}/static/{name}", timeout=10)
        assert script.status_code == 200, name
        todo += re.findall(r'from "\./([\w.-]+\.js)"', script.text)
    assert {"api.js", "ui.js", "forms.js", "roles.js"} <= seen


def test_a_path_outside_static_is_not_served(system):
    for name in ("../pages.py", "..%2fpages.py", "nothing.js"):
        assert requests.get(f"{system.url}/static/{name}", timeout=10).status_code == 404
