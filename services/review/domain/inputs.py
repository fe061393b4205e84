"""What callers send the review service: the decision asked for, comments, per-section comments,
reasons, the version the client saw, and the filters of the case lists. Read leniently (trimmed),
refused with InvalidInput naming each field and a Chinese message."""
from __future__ import annotations

from dataclasses import dataclass

from services.common.errors import invalid
from services.common.paging import read_page

from .case import PENDING, STATUS_LABELS

MAX_COMMENT = 2000
MAX_QUERY = 100      # characters of a title search that count

ACTIONS = ("approve", "return", "refuse", "revoke")   # what `decide` does

REFUSAL_REASONS = {
    "duplicate": "重复登记",
    "classified": "涉密",
    "out_of_window": "超出登记时限",
    "dispute": "存在争议",
    "other": "其他",
}


def optional_text(value, name: str, label: str) -> tuple[str, dict]:
    """(trimmed text, problems)."""
    if value is None:
        return "", {}
    if not isinstance(value, str):
        return "", {name: f"{label}格式不正确"}
    text = value.strip()
    if len(text) > MAX_COMMENT:
        return text, {name: f"{label}不能超过{MAX_COMMENT}个字"}
    return text, {}


def required_text(value, name: str, label: str) -> tuple[str, dict]:
    text, problems = optional_text(value, name, label)
    if not problems and not text:
        problems = {name: f"请填写{label}"}
    return text, problems


def section_comments(value, known_sections=None) -> tuple[dict, dict]:
    """({section_key: comment}, problems). Blank comments are dropped; when the adapter passes
    the snapshot's section keys, a comment on an unknown section is refused."""
    if value is None:
        return {}, {}
    if not isinstance(value, dict):
        return {}, {"section_comments": "分部分意见格式不正确"}
    comments, problems = {}, {}
    for key, comment in value.items():
        name = f"section_comments.{key}"
        if not isinstance(key, str) or not key.strip():
            problems["section_comments"] = "分部分意见须指明表单部分"
            continue
        if known_sections is not None and key not in known_sections:
            problems[name] = "表单中没有这一部分"
            continue
        text, bad = optional_text(comment, name, "该部分的意见")
        problems.update(bad)
        if text and not bad:
            comments[key] = text
    return comments, problems


def section_titles(value) -> dict | None:
    """The form's section titles from a `submitted` event ({key: title}), or None where the
    event has none (published before they were added) or they are not of that shape."""
    if not isinstance(value, dict) or not value:
        return None
    if not all(isinstance(k, str) and isinstance(v, str) and 0 < len(k) <= 40 and len(v) <= 100
               for k, v in value.items()):
        return None
    return dict(value)


def form_recommender(value) -> str | None:
    """The form's 推荐单位 as the registrant wrote it (shown on the case page), or None."""
    return value.strip()[:100] or None if isinstance(value, str) else None


def refusal_reason(value) -> tuple[str, dict]:
    if not isinstance(value, str) or value not in REFUSAL_REASONS:  # a list or an object: 500 before
        return "", {"reason": "请选择不予登记的理由（重复登记、涉密、超出登记时限、存在争议或其他）"}
    return value, {}


def raise_if(problems: dict) -> None:
    if problems:
        raise invalid(problems)


def decision_action(value) -> str:
    if value not in ACTIONS:
        raise invalid({"action": "操作应为 approve、return、refuse 或 revoke"})
    return value


def body(value) -> dict:
    """The fields of a decision or withdrawal; anything but an object counts as empty."""
    return value if isinstance(value, dict) else {}


def expected_version(data: dict) -> int | None:
    """The case version the client saw, when it sent one."""
    version = data.get("version")
    return version if isinstance(version, int) else None


@dataclass(frozen=True)
class CaseFilters:
    page: int
    page_size: int
    q: str = ""                 # any part of the title
    category: str = ""
    number: str | None = None   # 登记号 (a blank one finds nothing)
    status: str = ""
    owner_id: int | None = None  # one registrant's (单位成果: who registered what)


def queue_filters(value) -> CaseFilters:
    """待审核: by category and title."""
    value = value if isinstance(value, dict) else {}
    return CaseFilters(*_page(value), q=_query(value), category=str(value.get("category") or ""))


def search_filters(value) -> CaseFilters:
    """成果查询: by title, 登记号 and status."""
    value = value if isinstance(value, dict) else {}
    status = value.get("status")
    if status and status not in (PENDING, *STATUS_LABELS):
        raise invalid({"status": "状态不正确"})
    number = str(value["number"]).strip().upper() if value.get("number") else None
    owner = value.get("owner")
    if owner not in (None, ""):
        try:
            owner = int(owner)
        except (TypeError, ValueError):
            owner = 0
        if not 0 < owner < 2 ** 31:
            raise invalid({"owner": "成果登记人编号应为正整数"})
    return CaseFilters(*_page(value), q=_query(value), number=number, status=status or "",
                       owner_id=owner if owner not in (None, "") else None)


def _page(value: dict) -> tuple[int, int]:
    return read_page(value.get("page", 1), value.get("page_size", 20))


def _query(value: dict) -> str:
    return str(value.get("q") or "")[:MAX_QUERY]
