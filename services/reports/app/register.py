"""The public register (no login): registered achievements whose registrant consented, as
Gansu's rules publish them (成果简介, 转化需求, 完成人), and nothing personal beyond names.

A revoked registration leaves the register at once: it is no longer listed, and its page
answers 410 saying 已注销 (so a link to it says what happened instead of "not found")."""
from __future__ import annotations

import datetime as dt

from services.common.categories import CATEGORY_LABELS
from services.common.errors import Gone, NotFound, invalid

from ..domain.register_query import read_register_query
from . import store
from .answers import question

SITEMAP_PAGE = 50_000     # the sitemap protocol's limit of URLs per file
NUMBER_LENGTH = 12


def search(uow, answers, tables, params) -> dict:
    query = read_register_query(params)
    return answers.get(uow.session, question("register", query), lambda: _found(uow, tables, query))


def _found(uow, tables, query) -> dict:
    rows, total = store.public_page(uow.session, query.filters, query.year, query.words,
                                    query.page, query.page_size)
    return {"items": [_listed(row, tables) for row in rows], "total": total, "page": query.page,
            "page_size": query.page_size}


def achievement(uow, tables, number) -> dict:
    if not isinstance(number, str) or not number.isalnum() or len(number) > NUMBER_LENGTH:
        raise invalid({"number": "登记号不正确"})
    row = store.by_number(uow.session, number.upper())
    if row is None or not row.publish_consent or row.status not in ("registered", "revoked"):
        raise NotFound("not_in_register", "公开目录中没有该登记号")
    if row.status == "revoked":
        raise Gone("revoked", "该成果登记已注销", details={"registration_number": row.registration_number})
    return {**_listed(row, tables), "keywords": row.keywords or [], "summary": row.summary,
            "demand": row.demand, "completers": row.completers or [],
            "achievement_level": row.achievement_level, "achievement_stage": row.achievement_stage,
            "evaluation_method": row.evaluation_method,
            "industry": _coded(tables, "industries", row.industry),
            "hightech_field": _coded(tables, "hightech_fields", row.hightech_field)}


def sitemap(uow, settings, page) -> dict:
    """The register's public pages for a sitemap file: page 1, 2, … of SITEMAP_PAGE each."""
    page = page if isinstance(page, int) and not isinstance(page, bool) and page >= 1 else 1
    rows, total = store.public_numbers(uow.session, page, SITEMAP_PAGE)
    return {"base_url": settings.public_url, "total": total, "page_size": SITEMAP_PAGE,
            "urls": [{"number": r.registration_number,
                      "lastmod": (r.updated_at or dt.datetime.now(dt.timezone.utc)).date().isoformat()}
                     for r in rows]}


def _coded(tables, table: str, code) -> dict | None:
    return {"code": code, "label": tables.labels(table).get(code, code)} if code else None


def _listed(row, tables) -> dict:
    return {"registration_number": row.registration_number, "title": row.title,
            "category": row.category, "category_label": CATEGORY_LABELS.get(row.category),
            "units": row.units or [], "completers": row.completers or [],
            "registered_on": row.registered_on.isoformat() if row.registered_on else None,
            "registration_year": row.registration_year,
            "discipline": _coded(tables, "disciplines", row.discipline),
            "region": _coded(tables, "regions", row.region),
            "summary_excerpt": (row.summary or "")[:120], "has_demand": bool(row.demand)}


def in_publicity(uow, tables, params) -> dict:
    """公示中: registrations the office approved in principle, open to objections until the
    last day. The notice names the achievement, its units and completers; its summary only
    where the registrant consented to publication."""
    params = params if isinstance(params, dict) else {}
    query = read_register_query({k: v for k, v in params.items() if k in ("page", "page_size", "q")})
    rows, total = store.publicity_page(uow.session, query.words, query.page, query.page_size)
    return {"items": [{"case_id": r.case_id, "title": r.title, "category": r.category,
                       "category_label": CATEGORY_LABELS.get(r.category), "units": r.units or [],
                       "completers": r.completers or [],
                       "publicity_ends_on": r.publicity_ends_on.isoformat() if r.publicity_ends_on else None,
                       "summary": r.summary if r.publish_consent else None,
                       "region": _coded(tables, "regions", r.region)} for r in rows],
            "total": total, "page": query.page, "page_size": query.page_size}
