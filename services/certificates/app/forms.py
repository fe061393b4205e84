"""The 科技成果登记表 of a draft as PDF, rendered on demand and never stored."""
from __future__ import annotations

from ..rendering import process
from .views import form_pdf_view


def render_form(form: dict, document, attachments, version, draft) -> dict:
    """Every section, tables, attachments, 版本号, and a 草稿 mark while not submitted (rendered
    in the rendering process, rendering/process.py)."""
    return form_pdf_view(process.shared().call("form", form, document or {},
                                               attachments=attachments or [], version=version,
                                               draft=bool(draft)))
