"""certificates: renders the PDFs — the 科技成果登记表 of a draft now, the 登记证书 with the
review issue.

Rendering runs in the worker itself: reportlab's font state is not thread-safe, so never in
threads; a render holds this process's other workers for its duration (~60 ms for a form).
"""
from __future__ import annotations

import base64

from nameko.rpc import rpc

from services.common.errors import EXPECTED
from services.common.logs import RequestId

from .rendering import register_cjk_font, render_form_pdf


class CertificatesService:
    name = "certificates"

    request_id = RequestId()

    @rpc(expected_exceptions=EXPECTED)
    def render_form(self, form, document, attachments, version, draft):
        """The registration form as PDF (base64): every section, tables, attachments, 版本号,
        and a 草稿 mark while not submitted."""
        pdf = render_form_pdf(form, document or {}, attachments=attachments or [],
                              version=version, draft=bool(draft))
        return {"pdf": base64.b64encode(pdf).decode()}

    @rpc
    def ping(self):
        return "pong"

    @rpc
    def health(self):
        register_cjk_font()
        return {"service": self.name, "ok": True}
