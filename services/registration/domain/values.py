"""Reading one submitted value into its clean, stored form, by field type.

`read(field, raw, siblings, today, tables)` returns the clean value, None for "not filled", or
raises Bad(code, message) for a malformed value. `limits(field, value)` lists what a kept value
breaks (too long, too many): save keeps such values and warns; the check refuses them.
Tables are read row by row in content.py.
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from services.common.idcodes import CodeError, normalize_credit_code, normalize_resident_id
from services.common.validation import EMAIL, MOBILE, PHONE, POSTCODE

RESIDENT_ID = "身份证"
STORE_MAX_CHARS = 50_000   # beyond this a value is not stored at all
STORE_MAX_ITEMS = 100      # keywords, table rows
MONEY_MAX = Decimal("9999999999.99")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$")
_MONEY = re.compile(r"^\d+(\.\d{1,2})?$")
_KEYWORD_SEPARATORS = re.compile(r"[;；,，、\s]+")
_OTHER_ID = re.compile(r"^[A-Z0-9()（）\-]{4,30}$")
_TRUE, _FALSE = {"true", "是", "1"}, {"false", "否", "0"}


class Bad(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


def is_empty(raw) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip()) or (
        isinstance(raw, (list, tuple, dict)) and not raw)


def _text(f, raw, **_):
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
        raise Bad("invalid_format", f"{f.label}应为文本")
    text = str(raw).replace("\r\n", "\n").strip()
    if len(text) > STORE_MAX_CHARS:
        raise Bad("too_long", f"{f.label}过长（超过{STORE_MAX_CHARS}个字符），未能保存")
    return text


def _line(f, raw, **_):
    """A single-line text field (a textarea may hold line breaks; services/common/text_rules.py)."""
    text = _text(f, raw)
    if any(c in text for c in "\t\n\r"):
        raise Bad("invalid_format", f"{f.label}不能换行或包含制表符")
    return text


def _date(f, raw, **_):
    if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
        return raw.isoformat()
    try:
        if isinstance(raw, str) and _DATE.match(raw.strip()):
            return dt.date.fromisoformat(raw.strip()).isoformat()
    except ValueError:
        pass
    raise Bad("invalid_format", f"{f.label}应为有效日期，格式为YYYY-MM-DD")


def _year_month(f, raw, **_):
    """YYYY-MM; a full date (what a date picker sends) is cut to its month."""
    if isinstance(raw, dt.date):
        return raw.strftime("%Y-%m")
    match = _MONTH.match(raw.strip()) if isinstance(raw, str) else None
    try:
        if match:
            year, month, day = int(match[1]), int(match[2]), int(match[3] or 1)
            return dt.date(year, month, day).strftime("%Y-%m")
    except ValueError:
        pass
    raise Bad("invalid_format", f"{f.label}应为有效年月，格式为YYYY-MM")


def _whole(raw):
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.strip().isdigit() and raw.strip().isascii():
        return int(raw.strip())
    return None


def _year(f, raw, **_):
    year = _whole(raw)
    if year is None or not 1900 <= year <= 2100:
        raise Bad("invalid_format", f"{f.label}应为四位年份")
    return year


def _integer(f, raw, **_):
    number = _whole(raw)
    if number is None or not 0 <= number <= 10**9:
        raise Bad("invalid_format", f"{f.label}应为不小于0的整数")
    return number


def _money(f, raw, **_):
    text = str(raw).strip() if isinstance(raw, (str, int, float, Decimal)) else ""
    if isinstance(raw, bool) or not _MONEY.match(text):
        raise Bad("invalid_format", f"{f.label}应为不小于0的金额（{f.unit}），最多两位小数")
    try:
        amount = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only plain decimals
        raise Bad("invalid_format", f"{f.label}应为金额") from None
    if amount > MONEY_MAX:
        raise Bad("invalid_format", f"{f.label}超出可填写的范围")
    return f"{amount:.2f}"


def _choice(f, raw, **_):
    if not isinstance(raw, str) or raw.strip() not in f.options:
        raise Bad("invalid_format", f"{f.label}应为：" + "、".join(f.options))
    return raw.strip()


def _multichoice(f, raw, **_):
    items = [raw] if isinstance(raw, str) else raw
    if not isinstance(items, (list, tuple)) or not all(
            isinstance(i, str) and i.strip() in f.options for i in items):
        raise Bad("invalid_format", f"{f.label}只能选择：" + "、".join(f.options))
    chosen = {i.strip() for i in items}
    return [o for o in f.options if o in chosen]


def _code(f, raw, *, tables, **_):
    code = str(raw).strip() if isinstance(raw, (str, int)) and not isinstance(raw, bool) else None
    if code is None or tables.lookup(f.table, code) is None:
        raise Bad("invalid_format", f"{f.label}不是有效的代码")
    return code


def _pattern(regex, message):
    def read(f, raw, **_):
        text = raw.strip() if isinstance(raw, str) else ""
        if len(text) > 254 or not regex.match(text):
            raise Bad("invalid_format", f"{f.label}{message}")
        return text
    return read


def _email(f, raw, **_):
    return _pattern(EMAIL, "格式不正确")(f, raw).lower()


def _credit_code(f, raw, **_):
    try:
        return normalize_credit_code(raw if isinstance(raw, str) else "")
    except CodeError as exc:
        raise Bad("credit_code", exc.message) from None


def _id_number(f, raw, *, siblings, today, **_):
    text = raw.strip().upper() if isinstance(raw, str) else ""
    id_type = siblings.get(f.id_type_field) if f.id_type_field else None
    if id_type is None or (isinstance(id_type, str) and id_type.strip() in ("", RESIDENT_ID)):
        try:
            return normalize_resident_id(text, today)
        except CodeError as exc:
            raise Bad("id_number", exc.message) from None
    if not _OTHER_ID.match(text):
        raise Bad("id_number", f"{f.label}应为4～30位字母或数字")
    return text


def _keywords(f, raw, **_):
    items = _KEYWORD_SEPARATORS.split(raw) if isinstance(raw, str) else raw
    if not isinstance(items, (list, tuple)) or not all(isinstance(i, str) for i in items):
        raise Bad("invalid_format", f"{f.label}应为文本列表")
    words = list(dict.fromkeys(i.strip() for i in items if i.strip()))
    if len(words) > STORE_MAX_ITEMS or any(len(w) > STORE_MAX_CHARS for w in words):
        raise Bad("too_many", f"{f.label}过多，未能保存")
    return words or None


def _boolean(f, raw, **_):
    if isinstance(raw, bool):
        return raw
    text = raw.strip().lower() if isinstance(raw, str) else None
    if text in _TRUE or text in _FALSE:
        return text in _TRUE
    raise Bad("invalid_format", f"{f.label}应为“是”或“否”")


READERS = {
    "text": _line, "textarea": _text, "date": _date, "year_month": _year_month, "year": _year,
    "integer": _integer, "money": _money, "choice": _choice, "multichoice": _multichoice,
    "code": _code, "email": _email, "mobile": _pattern(MOBILE, "应为11位手机号码"),
    "phone": _pattern(PHONE, "格式不正确"), "postcode": _pattern(POSTCODE, "应为6位数字"),
    "credit_code": _credit_code, "id_number": _id_number, "keywords": _keywords,
    "boolean": _boolean,
}


def read(field, raw, *, siblings=None, today=None, tables=None):
    """The clean value of one non-table field; None when not filled; raises Bad."""
    if is_empty(raw):
        return None
    value = READERS[field.type](field, raw, siblings=siblings or {}, today=today, tables=tables)
    return None if is_empty(value) else value


def limits(field, value) -> list[tuple[str, str]]:
    """(code, message) for each limit a kept value breaks."""
    found = []
    if field.type in ("text", "textarea") and field.max_length and len(value) > field.max_length:
        found.append(("too_long", f"{field.label}不能超过{field.max_length}个字符（现有{len(value)}个）"))
    if field.type == "keywords":
        if field.max_items and len(value) > field.max_items:
            found.append(("too_many", f"{field.label}最多填写{field.max_items}个（现有{len(value)}个）"))
        longest = max(value, key=len)
        if field.max_length and len(longest) > field.max_length:
            found.append(("too_long", f"每个{field.label}不能超过{field.max_length}个字符"))
    if field.type == "table" and field.max_rows is not None and len(value) > field.max_rows:
        found.append(("too_many", f"{field.label}最多填写{field.max_rows}行（现有{len(value)}行）"))
    return found
