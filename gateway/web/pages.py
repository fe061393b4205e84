"""The web pages: HTML shells in pages/, filled by scripts in static/ through the same
/api/v1 the HTTP clients use. No inline script (the CSP forbids it), no external CDN."""
from __future__ import annotations

import mimetypes
import os
from functools import lru_cache

from werkzeug.security import safe_join
from werkzeug.wrappers import Response

from ..http import Route

HERE = os.path.dirname(os.path.abspath(__file__))
PAGES = {  # path: (file, title)
    "/": ("login", "用户登录"),
    "/activate": ("activate", "个人信息激活"),
    "/reset-password": ("reset-password", "重置登录密码"),
    "/forgot-password": ("forgot-password", "忘记密码"),
}


@lru_cache(maxsize=None)
def render(name: str, title: str) -> bytes:
    with open(os.path.join(HERE, "pages", "_layout.html"), encoding="utf-8") as handle:
        layout = handle.read()
    with open(os.path.join(HERE, "pages", f"{name}.html"), encoding="utf-8") as handle:
        body = handle.read()
    script = f'<script src="/static/{name}.js" defer></script>'
    return (layout.replace("{{title}}", title).replace("{{scripts}}", script)
            .replace("{{body}}", body)).encode()


def page_response(path: str) -> Response:
    name, title = PAGES[path]
    return Response(render(name, title), content_type="text/html; charset=utf-8",
                    headers={"Cache-Control": "no-store"})


class PageRoutes:
    @Route.decorator("GET", "/")
    def page_home(self, request):
        return page_response("/")

    @Route.decorator("GET", "/activate")
    def page_activate(self, request):
        return page_response("/activate")

    @Route.decorator("GET", "/reset-password")
    def page_reset(self, request):
        return page_response("/reset-password")

    @Route.decorator("GET", "/forgot-password")
    def page_forgot(self, request):
        return page_response("/forgot-password")

    @Route.decorator("GET", "/static/<path:name>")
    def static_file(self, request, name):
        path = safe_join(os.path.join(HERE, "static"), name)
        if path is None or not os.path.isfile(path):
            return Response("not found", status=404)
        with open(path, "rb") as handle:
            data = handle.read()
        kind = mimetypes.guess_type(path)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind.endswith("javascript"):
            kind += "; charset=utf-8"
        return Response(data, content_type=kind, headers={"Cache-Control": "public, max-age=300"})
