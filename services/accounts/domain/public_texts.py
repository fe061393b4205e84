"""通知公告 (notices) and 常见问题 (questions and answers) the office writes: what a text must be."""
from __future__ import annotations

from services.common.validation import Form

NOTICE, FAQ = "notice", "faq"
KIND_LABELS = {NOTICE: "通知公告", FAQ: "常见问题"}
BODY_MAX = 20_000


def read_text(data) -> dict:
    """A new or changed text: kind, title, body (plain text; paragraphs by blank lines), pinned,
    and whether it is published now."""
    form = Form(data)
    clean = {"kind": form.choice("kind", "类别", tuple(KIND_LABELS)),
             "title": form.text("title", "标题", max_length=100),
             "body": form.text("body", "正文", max_length=BODY_MAX, multiline=True),
             "pinned": form.data.get("pinned") is True,
             "published": form.data.get("published") is True}
    for flag in ("pinned", "published"):
        if form.data.get(flag) not in (None, True, False):
            form.fail(flag, "应为 true 或 false")
    form.done()
    return clean
