"""The office's statistics: counts by one or two dimensions, the registrations behind a count,
and the time the office takes to decide."""
from __future__ import annotations

from services.common.clock import utcnow

from ..domain.access import require_office
from ..domain.calendar import working_days_between
from ..domain.count_tables import count_list, cross_table
from ..domain.decision_times import DECISION_LIMIT_WORKING_DAYS, overdue, summarize
from ..domain.list_query import read_list_query
from ..domain.registration_row import local_day
from ..domain.statistics_query import DIMENSIONS, read_query
from . import store, views
from .answers import question
from .labels import labeller


def counts(uow, answers, tables, caller, params) -> dict:
    require_office(caller)
    query = read_query(params)
    return answers.get(uow.session, question("statistics", query), lambda: counted(uow, tables, query))


def counted(uow, tables, query) -> dict:
    if query.columns is None:
        table = count_list(store.counts(uow.session, [query.rows], query.filters),
                           labeller(tables, query.rows))
    else:
        table = cross_table(store.counts(uow.session, [query.rows, query.columns], query.filters),
                            labeller(tables, query.rows), labeller(tables, query.columns))
    return {"by": [d for d in (query.rows, query.columns) if d],
            "dimensions": {d: DIMENSIONS[d][0] for d in (query.rows, query.columns) if d},
            "filters": {k: list(v) for k, v in query.filters.items()}, **table}


def dimensions() -> dict:
    """What the statistics can be grouped and filtered by (for the page's menus)."""
    return {"dimensions": [{"key": k, "label": label, "code_table": table}
                           for k, (label, table) in DIMENSIONS.items()]}


def registrations(uow, caller, params) -> dict:
    require_office(caller)
    query = read_list_query(params)
    rows, total = store.matching(uow.session, query.filters, query.words, query.page,
                                 query.page_size)
    return views.page(rows, total, query.page, query.page_size)


def decision_times(uow, caller, params) -> dict:
    """Working days from arrival at the office to its decision, against the 5-day rule, and the
    cases over it: waiting now, or decided late."""
    require_office(caller)
    filters = read_list_query(params).filters
    limit = DECISION_LIMIT_WORKING_DAYS
    today = local_day(utcnow())
    waiting = [(row, days) for row in store.at_office(uow.session, filters)
               if row.office_arrived_at is not None
               and overdue(days := working_days_between(local_day(row.office_arrived_at), today), limit)]
    return views.decision_times(summarize(store.decision_days(uow.session, filters), limit), limit,
                                waiting, store.decided_over(uow.session, filters, limit))
