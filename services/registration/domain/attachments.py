"""The rules of the 附件清单: which kinds a form takes, and how many bytes an achievement may hold.
(The gateway checks the files themselves: docs/architecture.md, "Attachments".)"""
from __future__ import annotations

from services.common.errors import InvalidInput, invalid


def remaining_bytes(total_limit: int, used: int) -> int:
    return max(total_limit - used, 0)


def require_kind(meta: dict, kind_labels: dict) -> None:
    if meta.get("kind") not in kind_labels:
        raise invalid({"kind": "附件类别应为：" + "、".join(kind_labels.values())})


def require_room(size: int, remaining: int, total_limit: int) -> None:
    if size > remaining:
        raise InvalidInput("total_too_large", "附件总大小超过限制",
                           {"file": f"每项成果的附件总大小不能超过{total_limit // 2**20}MB"})
