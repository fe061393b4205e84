"""The web pages: HTML shells in pages/, filled by scripts in static/ through the same
/api/v1 the HTTP clients use. No inline script (the CSP forbids it), no external CDN.

Public pages (login, registration, activation, verification) use `_layout.html`; the pages
behind the login use `_app.html`: the manual's header (欢迎您, 工作提醒, 退出), the system
menu and the breadcrumb "当前页面: 申报管理/科技成果登记/填写科技成果", all made from MENU.

static/<page>.js is each page's ES module; what pages share is imported, never global: api.js
(calls to /api/v1), ui.js ($, h, notice, dialogs, tables), forms.js (plain forms, captcha),
roles.js (role labels, home pages) and shell.js (starts the logged-in pages' header and menu,
and exports `me`). Static files carry an ETag and Last-Modified and are revalidated (304)."""
from __future__ import annotations

import hashlib
import html
import mimetypes
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache

from werkzeug.security import safe_join
from werkzeug.wrappers import Response

from services.common.errors import Gone, InvalidInput, NotFound

from ..http import Route
from . import register_pages

HERE = os.path.dirname(os.path.abspath(__file__))

# The system menu (manual §2.2.1 ①): top menu → group → pages. `role` None: everybody.
MENU = (
    ("申报管理", "registrant", (("科技成果登记", (("填写科技成果", "/achievements"),
                                               ("打印科技成果登记证书", "/certificates"))),)),
    ("单位管理", "unit_admin", (("单位管理", (("分配成果登记人", "/unit/registrants"),
                                           ("待审核成果", "/unit/review"),
                                           ("已审核成果", "/unit/history"),
                                           ("单位成果", "/unit/registrations"),
                                           ("单位信息", "/unit/profile"))),)),
    ("推荐单位", "recommender", (("推荐单位", (("待审核成果", "/recommender/review"),
                                           ("已审核成果", "/recommender/history"))),)),
    ("登记机构", "office", (("登记机构", (("单位审核", "/office/units"),
                                       ("待审核成果", "/office/review"),
                                       ("已审核成果", "/office/history"),
                                       ("成果查询", "/office/search"),
                                       ("公示异议", "/office/objections"),
                                       ("登记统计", "/office/statistics"),
                                       ("账号管理", "/office/accounts"),
                                       ("通知公告管理", "/office/notices"))),)),
    ("系统管理员", "sysadmin", (("系统管理员", (("账号管理", "/admin/accounts"),
                                             ("系统状态", "/admin/status"))),)),
    ("系统管理", None, (("系统管理", (("工作提醒", "/reminders"),
                                   ("个人账号管理", "/account"),
                                   ("个人信息维护", "/profile"))),)),
)


@dataclass(frozen=True)
class Page:
    name: str            # pages/<file>.html and static/<file>.js
    title: str
    app: bool = False    # behind the login, with the menu
    menu_path: str = ""  # the menu entry it belongs to (breadcrumb, highlighted item)
    file: str = ""       # the html and script, when several menu entries share them (else: name)

    @property
    def source(self) -> str:
        return self.file or self.name


PAGES = {page.name: page for page in (
    Page("login", "用户登录"),
    Page("activate", "个人信息激活"),
    Page("reset-password", "重置登录密码"),
    Page("forgot-password", "忘记密码"),
    Page("signup", "新用户注册"),
    Page("unit-signup", "单位注册"),
    Page("verify", "科技成果登记证书查验"),
    Page("register", "科技成果公开目录"),
    Page("publicity", "科技成果登记公示"),
    Page("notices", "通知公告"),
    Page("notice", "通知公告"),
    Page("faq", "常见问题与咨询服务"),
    Page("achievements", "填写科技成果", True, "/achievements"),
    Page("achievement", "填写科技成果", True, "/achievements"),
    Page("certificates", "打印科技成果登记证书", True, "/certificates"),
    Page("reminders", "工作提醒", True, "/reminders"),
    Page("account", "个人账号管理", True, "/account"),
    Page("profile", "个人信息维护", True, "/profile"),
    Page("unit-registrants", "分配成果登记人", True, "/unit/registrants"),
    Page("unit-review", "待审核成果", True, "/unit/review", file="review-queue"),
    Page("unit-registrations", "单位成果", True, "/unit/registrations"),
    Page("unit-profile", "单位信息", True, "/unit/profile"),
    Page("recommender-review", "待审核成果", True, "/recommender/review", file="review-queue"),
    Page("unit-history", "已审核成果", True, "/unit/history", file="review-history"),
    Page("recommender-history", "已审核成果", True, "/recommender/history", file="review-history"),
    Page("office-history", "已审核成果", True, "/office/history", file="review-history"),
    Page("office-units", "单位审核", True, "/office/units"),
    Page("office-review", "待审核成果", True, "/office/review", file="review-queue"),
    Page("office-search", "成果查询", True, "/office/search"),
    Page("office-statistics", "登记统计", True, "/office/statistics"),
    Page("office-objections", "公示异议", True, "/office/objections"),
    Page("office-accounts", "账号管理", True, "/office/accounts"),
    Page("office-notices", "通知公告管理", True, "/office/notices"),
    Page("admin-accounts", "账号管理", True, "/admin/accounts", file="office-accounts"),
    Page("admin-status", "系统状态", True, "/admin/status"),
    Page("review-case", "成果审核", True, ""),
)}


def _menu_html(current: str) -> tuple[str, str, str]:
    """(the menu, the current group's sub-menu, the breadcrumb) for a page."""
    e = html.escape
    items, subnav, crumbs = [], "", ""
    for index, (top, role, groups) in enumerate(MENU):
        links = []
        for group, pages in groups:
            links.append(f'<li class="group" role="presentation">{e(group)}</li>')
            for label, href in pages:
                here = ' aria-current="page"' if href == current else ""
                links.append(f'<li><a href="{href}"{here}>{e(label)}</a></li>')
                if href == current:
                    crumbs = f"{top}/{group}/{label}" if top != group else f"{top}/{label}"
                    subnav = (f'<span class="group">{e(group)}</span>' + "".join(
                        f'<a href="{h}"' + (' aria-current="page"' if h == current else "")
                        + f">{e(l)}</a>" for l, h in pages))
        hidden = f' data-role="{role}" hidden' if role else ""
        items.append(f'<li{hidden}><button type="button" aria-expanded="false" '
                     f'aria-controls="menu-{index}">{e(top)}</button>'
                     f'<ul id="menu-{index}" hidden>{"".join(links)}</ul></li>')
    return "".join(items), subnav, crumbs


@lru_cache(maxsize=None)
def render(name: str) -> bytes:
    page = PAGES[name]
    layout_file = "_app.html" if page.app else "_layout.html"
    with open(os.path.join(HERE, "pages", layout_file), encoding="utf-8") as handle:
        layout = handle.read()
    with open(os.path.join(HERE, "pages", f"{page.source}.html"), encoding="utf-8") as handle:
        body = handle.read()
    script = f'<script type="module" src="/static/{page.source}.js"></script>'
    menu, subnav, crumbs = _menu_html(page.menu_path)
    return (layout.replace("{{title}}", html.escape(page.title)).replace("{{scripts}}", script)
            .replace("{{menu}}", menu).replace("{{subnav}}", subnav)
            .replace("{{breadcrumb}}", html.escape(crumbs or page.title))
            .replace("{{body}}", body)).encode()


def page_response(name: str) -> Response:
    return Response(render(name), content_type="text/html; charset=utf-8",
                    headers={"Cache-Control": "no-store"})


@dataclass(frozen=True)
class StaticFile:
    data: bytes
    content_type: str
    etag: str               # of the content: the same in every gateway process
    modified: datetime


@lru_cache(maxsize=256)
def _static_file(path: str, mtime_ns: int, size: int) -> StaticFile:
    """A file of static/, read once per version of it (its mtime and size are in the key)."""
    with open(path, "rb") as handle:
        data = handle.read()
    kind = mimetypes.guess_type(path)[0] or "application/octet-stream"
    if kind.startswith("text/") or kind.endswith("javascript"):
        kind += "; charset=utf-8"
    return StaticFile(data, kind, hashlib.sha256(data).hexdigest()[:32],
                      datetime.fromtimestamp(mtime_ns // 1_000_000_000, timezone.utc))


def static_response(request, name: str) -> Response:
    """A file of static/ with its ETag and Last-Modified; 304 when the browser has it already.
    `no-cache`: browsers keep the files but ask each time (the scripts import each other by
    plain URLs, so a stale one must never be used without asking; the 304 is cheap)."""
    path = safe_join(os.path.join(HERE, "static"), name)
    if path is None or not os.path.isfile(path):
        return Response("not found", status=404)
    info = os.stat(path)
    found = _static_file(path, info.st_mtime_ns, info.st_size)
    response = Response(found.data, content_type=found.content_type,
                        headers={"Cache-Control": "no-cache"})
    response.set_etag(found.etag)
    response.last_modified = found.modified
    return response.make_conditional(request)


class PageRoutes:
    # -- public -------------------------------------------------------------------------
    @Route.decorator("GET", "/")
    def page_home(self, request):
        return page_response("login")

    @Route.decorator("GET", "/activate")
    def page_activate(self, request):
        return page_response("activate")

    @Route.decorator("GET", "/reset-password")
    def page_reset(self, request):
        return page_response("reset-password")

    @Route.decorator("GET", "/forgot-password")
    def page_forgot(self, request):
        return page_response("forgot-password")

    @Route.decorator("GET", "/signup")
    def page_signup(self, request):
        return page_response("signup")

    @Route.decorator("GET", "/unit-signup")
    def page_unit_signup(self, request):
        return page_response("unit-signup")

    @Route.decorator("GET", "/verify")
    def page_verify(self, request):
        return page_response("verify")

    # -- 申报管理 ---------------------------------------------------------------------------
    @Route.decorator("GET", "/achievements")
    def page_achievements(self, request):
        return page_response("achievements")

    @Route.decorator("GET", "/achievements/<int:draft_id>")
    def page_achievement(self, request, draft_id):
        return page_response("achievement")

    @Route.decorator("GET", "/certificates")
    def page_certificates(self, request):
        return page_response("certificates")

    # -- 系统管理 ---------------------------------------------------------------------------
    @Route.decorator("GET", "/reminders")
    def page_reminders(self, request):
        return page_response("reminders")

    @Route.decorator("GET", "/account")
    def page_account(self, request):
        return page_response("account")

    @Route.decorator("GET", "/profile")
    def page_profile(self, request):
        return page_response("profile")

    # -- 单位管理 / 登记机构 ------------------------------------------------------------------
    @Route.decorator("GET", "/unit/registrants")
    def page_unit_registrants(self, request):
        return page_response("unit-registrants")

    @Route.decorator("GET", "/unit/review")
    def page_unit_review(self, request):
        return page_response("unit-review")

    @Route.decorator("GET", "/unit/profile")
    def page_unit_profile(self, request):
        return page_response("unit-profile")

    @Route.decorator("GET", "/recommender/review")
    def page_recommender_review(self, request):
        return page_response("recommender-review")

    @Route.decorator("GET", "/unit/history")
    def page_unit_history(self, request):
        return page_response("unit-history")

    @Route.decorator("GET", "/recommender/history")
    def page_recommender_history(self, request):
        return page_response("recommender-history")

    @Route.decorator("GET", "/office/history")
    def page_office_history(self, request):
        return page_response("office-history")

    @Route.decorator("GET", "/unit/registrations")
    def page_unit_registrations(self, request):
        return page_response("unit-registrations")

    @Route.decorator("GET", "/office/units")
    def page_office_units(self, request):
        return page_response("office-units")

    @Route.decorator("GET", "/office/review")
    def page_office_review(self, request):
        return page_response("office-review")

    @Route.decorator("GET", "/office/search")
    def page_office_search(self, request):
        return page_response("office-search")

    @Route.decorator("GET", "/office/statistics")
    def page_office_statistics(self, request):
        return page_response("office-statistics")

    @Route.decorator("GET", "/office/notices")
    def page_office_notices(self, request):
        return page_response("office-notices")

    @Route.decorator("GET", "/notices")
    def page_notices(self, request):
        return page_response("notices")

    @Route.decorator("GET", "/notices/<int:text_id>")
    def page_notice(self, request, text_id):
        return page_response("notice")

    @Route.decorator("GET", "/faq")
    def page_faq(self, request):
        return page_response("faq")

    @Route.decorator("GET", "/office/accounts")
    def page_office_accounts(self, request):
        return page_response("office-accounts")

    @Route.decorator("GET", "/admin/accounts")
    def page_admin_accounts(self, request):
        return page_response("admin-accounts")

    @Route.decorator("GET", "/admin/status")
    def page_admin_status(self, request):
        return page_response("admin-status")

    @Route.decorator("GET", "/office/objections")
    def page_office_objections(self, request):
        return page_response("office-objections")

    # -- 科技成果公开目录 (no login) -------------------------------------------------------------
    @Route.decorator("GET", "/publicity")
    def page_publicity(self, request):
        return page_response("publicity")

    @Route.decorator("GET", "/register")
    def page_register(self, request):
        return page_response("register")

    @Route.decorator("GET", "/register/<number>")
    def page_register_item(self, request, number):
        try:
            item = self.reports.public_achievement(number)
        except Gone:
            return register_pages.absent_page(410, number[:20])
        except (NotFound, InvalidInput):
            return register_pages.absent_page(404, number[:20])
        return register_pages.achievement_page(item, self.public_url())

    @Route.decorator("GET", "/sitemap.xml")
    def page_sitemap_index(self, request):
        first = self.reports.public_sitemap(1)
        files = max(1, -(-first["total"] // first["page_size"]))
        return register_pages.sitemap_index(self.public_url(), files)

    @Route.decorator("GET", "/sitemap-<int:number>.xml")
    def page_sitemap(self, request, number):
        return register_pages.sitemap(self.reports.public_sitemap(min(number, 10_000)))

    @Route.decorator("GET", "/robots.txt")
    def page_robots(self, request):
        return register_pages.robots(self.public_url())

    @Route.decorator("GET", "/review/<int:case_id>")
    def page_review_case(self, request, case_id):
        return page_response("review-case")

    @Route.decorator("GET", "/static/<path:name>")
    def static_file(self, request, name):
        return static_response(request, name)
