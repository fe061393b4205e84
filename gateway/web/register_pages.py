"""The public register's pages that search engines index, rendered on the server: one page per
registered achievement (its 登记号 in the URL) with schema.org JSON-LD, the sitemap and
robots.txt. The register's search page is a page like the others (pages/register.html)."""
from __future__ import annotations

import html
import json
import os
from functools import lru_cache

from werkzeug.wrappers import Response

LAYOUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pages", "_layout.html")

CACHE = {"Cache-Control": "public, max-age=300"}


@lru_cache(maxsize=None)
def _layout() -> str:
    with open(LAYOUT, encoding="utf-8") as handle:
        return handle.read()


def layout_page(title: str, body: str, head: str = "") -> bytes:
    """A public page rendered here, in the public pages' layout (`body`, `head` escaped already)."""
    return (_layout().replace("{{title}}", html.escape(title)).replace("{{scripts}}", head)
            .replace("{{body}}", body)).encode()


def _e(value) -> str:
    return html.escape(str(value)) if value not in (None, "") else ""


def json_ld(item: dict, url: str) -> str:
    """schema.org CreativeWork for a registered achievement: what Gansu's rules make public."""
    data = {
        "@context": "https://schema.org", "@type": "CreativeWork", "url": url,
        "identifier": {"@type": "PropertyValue", "propertyID": "科技成果登记号",
                       "value": item["registration_number"]},
        "name": item["title"], "abstract": item.get("summary"), "inLanguage": "zh-CN",
        "genre": item.get("category_label"), "datePublished": item.get("registered_on"),
        "keywords": ", ".join(item.get("keywords") or []) or None,
        "author": [{"@type": "Person", "name": n} for n in item.get("completers") or []],
        "sourceOrganization": [{"@type": "Organization", "name": n} for n in item.get("units") or []],
        "about": (item.get("discipline") or {}).get("label"),
        "spatialCoverage": (item.get("region") or {}).get("label"),
        "publisher": {"@type": "GovernmentOrganization", "name": "甘肃省科学技术厅"},
    }
    text = json.dumps({k: v for k, v in data.items() if v not in (None, [], "")}, ensure_ascii=False)
    # inside <script>, "</" would end the element: escape it as JSON allows
    return text.replace("</", "<\\/")


def _row(label: str, value) -> str:
    return f"<tr><th scope=\"row\">{_e(label)}</th><td>{value}</td></tr>" if value else ""


def achievement_page(item: dict, public_url: str) -> Response:
    number = item["registration_number"]
    url = f"{public_url}/register/{number}"
    demand = item.get("demand") or {}
    demand_html = ""
    if demand:
        demand_html = ("<section><h2>成果转化需求</h2><table class=\"kv\">"
                       + _row("转化方式", _e("、".join(demand.get("methods") or [])))
                       + _row("参考价格（万元）", _e(demand.get("reference_price")))
                       + _row("需求说明", _e(demand.get("description"))) + "</table></section>")
    body = f"""<main id="content" class="register-item">
<p class="crumbs"><a href="/register">科技成果公开目录</a> / {_e(number)}</p>
<h1>{_e(item["title"])}</h1>
<table class="kv">
{_row("登记号", _e(number))}
{_row("成果类别", _e(item.get("category_label")))}
{_row("登记日期", _e(item.get("registered_on")))}
{_row("完成单位", _e("、".join(item.get("units") or [])))}
{_row("完成人", _e("、".join(item.get("completers") or [])))}
{_row("关键词", _e("、".join(item.get("keywords") or [])))}
{_row("学科分类", _e((item.get("discipline") or {}).get("label")))}
{_row("国民经济行业", _e((item.get("industry") or {}).get("label")))}
{_row("高新技术领域", _e((item.get("hightech_field") or {}).get("label")))}
{_row("所在地区", _e((item.get("region") or {}).get("label")))}
{_row("成果水平", _e(item.get("achievement_level")))}
{_row("评价方式", _e(item.get("evaluation_method")))}
</table>
<section><h2>成果简介</h2><p class="summary">{_e(item.get("summary"))}</p></section>
{demand_html}
<p class="note">本目录公开经登记的科技成果的简介、转化需求和完成人（经登记人同意）。科技成果登记证书不作为成果权属的直接依据。
证书真伪请到 <a href="/verify">证书查验</a>。</p>
</main>"""
    head = (f'<link rel="canonical" href="{_e(url)}">'
            f'<meta name="description" content="{_e((item.get("summary") or "")[:150])}">'
            f'<script type="application/ld+json">{json_ld(item, url)}</script>')
    return Response(layout_page(f"{item['title']}（{number}）", body, head),
                    content_type="text/html; charset=utf-8", headers=CACHE)


def absent_page(status: int, number: str) -> Response:
    message = ("该成果登记已注销，不再公开。" if status == 410 else "公开目录中没有该登记号。")
    body = (f'<main id="content"><h1>{_e(number)}</h1><p class="notice">{message}</p>'
            '<p><a href="/register">返回科技成果公开目录</a></p></main>')
    return Response(layout_page(number, body, '<meta name="robots" content="noindex">'),
                    status=status, content_type="text/html; charset=utf-8")


def sitemap_index(base_url: str, files: int) -> Response:
    entries = "".join(f"<sitemap><loc>{_e(base_url)}/sitemap-{n}.xml</loc></sitemap>"
                      for n in range(1, files + 1))
    return _xml('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"{entries}</sitemapindex>")


def sitemap(answer: dict) -> Response:
    base = answer["base_url"]
    urls = [f"<url><loc>{_e(base)}/register</loc><changefreq>daily</changefreq></url>"]
    urls += [f"<url><loc>{_e(base)}/register/{_e(u['number'])}</loc><lastmod>{_e(u['lastmod'])}</lastmod></url>"
             for u in answer["urls"]]
    return _xml(f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{"".join(urls)}</urlset>')


def _xml(text: str) -> Response:
    return Response('<?xml version="1.0" encoding="UTF-8"?>' + text,
                    content_type="application/xml; charset=utf-8", headers=CACHE)


def robots(base_url: str) -> Response:
    text = ("User-agent: *\nAllow: /register\nAllow: /verify\nDisallow: /api/\nDisallow: /office/\n"
            f"Sitemap: {base_url}/sitemap.xml\n")
    return Response(text, content_type="text/plain; charset=utf-8", headers=CACHE)
