"""A form field's value as the text printed on the 登记表. Anything missing or odd prints, never raises."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from .dates import as_date, chinese_date

SHORT_TYPES = frozenset({"date", "year_month", "year", "integer", "money", "choice", "boolean",
                         "email", "mobile", "phone", "postcode", "credit_code", "id_number", "code"})


def format_value(field: dict, value, code_label=None) -> str:
    """Print ``value`` the way a person reads it on paper, by the field's ``type``;
    ``code_label(table, code)`` names a code field's code."""
    if value is None or value == "" or value == []:
        return ""
    kind = field.get("type", "text")
    formatter = _FORMATTERS.get(kind)
    try:
        if kind == "code":
            return _code(value, field, code_label)
        return formatter(value, field) if formatter else _plain(value)
    except (TypeError, ValueError, LookupError, InvalidOperation, AttributeError):
        return _plain(value)


def is_short(field: dict, text: str) -> bool:
    """Whether the field may share a row with another (half a line is enough for it)."""
    kind = field.get("type", "text")
    return len(text) <= 18 and (kind in SHORT_TYPES or kind == "text")


def _plain(value) -> str:
    if isinstance(value, (list, tuple)):
        return "、".join(_plain(v) for v in value if v not in (None, ""))
    if isinstance(value, dict):
        return str(value.get("label") or value.get("value") or "")
    return str(value)


def _year_month(value, _field) -> str:
    text = str(value)
    year, _, month = text.partition("-")
    return f"{int(year)}年{int(month[:2])}月" if month else text


def _year(value, _field) -> str:
    return f"{int(value)}年"


def _date(value, _field) -> str:
    return chinese_date(value) if as_date(value) else str(value)


def _money(value, field) -> str:
    amount = Decimal(str(value))
    return f"{amount:,.2f} {field.get('unit') or '万元'}"  # the forms' unit unless told


def _code(value, field, code_label) -> str:
    code = _plain(value)
    label = code_label(field.get("table"), code) if code_label else None
    return f"{code} {label}" if label else code


def _integer(value, field) -> str:
    return f"{int(value)}{field.get('unit') or ''}"


def _boolean(value, _field) -> str:
    if isinstance(value, str):
        return {"true": "是", "false": "否", "yes": "是", "no": "否"}.get(value.lower(), value)
    return "是" if value else "否"


def _multichoice(value, _field) -> str:
    return "、".join(_plain(v) for v in value) if isinstance(value, (list, tuple)) else _plain(value)


def _keywords(value, _field) -> str:
    return "；".join(_plain(v) for v in value) if isinstance(value, (list, tuple)) else _plain(value)


_FORMATTERS = {
    "date": _date, "year_month": _year_month, "year": _year, "money": _money,
    "integer": _integer, "boolean": _boolean, "multichoice": _multichoice, "keywords": _keywords,
}
