"""What text the system accepts, decided once at the edge (the gateway checks every JSON
string, key, query parameter and path value): Unicode without NUL, without unpaired
surrogates and without control characters other than tab, line feed and carriage return.
Whether a field may hold a line break is the field's own rule (its domain reader)."""
from __future__ import annotations

import re

_REFUSED = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
MESSAGES = {
    "nul": "不能包含空字符（NUL）",
    "surrogate": "含有无效的 Unicode 字符（未配对的代理项）",
    "control": "不能包含控制字符",
}


def text_problem(text: str) -> str | None:
    """None if the text is acceptable, else the Chinese reason."""
    found = _REFUSED.search(text)
    if found is None:
        return None
    char = found.group()
    if char == "\x00":
        return MESSAGES["nul"]
    if "\ud800" <= char <= "\udfff":
        return MESSAGES["surrogate"]
    return MESSAGES["control"]


def problems_in(value, path: str = "", limit: int = 20) -> dict[str, str]:
    """Every unacceptable string in a JSON value (keys too), by its dotted path."""
    found: dict[str, str] = {}
    stack = [(path, value)]
    while stack and len(found) < limit:
        where, item = stack.pop()
        if isinstance(item, str):
            problem = text_problem(item)
            if problem:
                found[where or "body"] = problem
        elif isinstance(item, dict):
            for key, child in item.items():
                here = f"{where}.{key}" if where else str(key)
                problem = text_problem(key)
                if problem:
                    found[where or "body"] = f"字段名{problem}"
                else:
                    stack.append((here, child))
        elif isinstance(item, list):
            stack.extend((f"{where}[{i}]", child) for i, child in enumerate(item))
    return found
