"""HTTP routes of the 科技成果登记证书: metadata, 打印 (the signed PDF), 预览 (PNG), the registrant's
certificates, and the public verification (登记号 + 核验码)."""
from __future__ import annotations

from urllib.parse import quote

from werkzeug.wrappers import Response

from ..http import api

TAG = "科技成果登记证书"
VERIFY_PARAMS = {"number": {"type": "string", "description": "登记号，如 6202026Y0001"},
                 "code": {"type": "string", "description": "证书上的核验码"}}


def _stream(body, content_type: str, disposition: str, filename: str, size) -> Response:
    headers = {"Content-Disposition": f"{disposition}; filename*=UTF-8''{quote(filename)}",
               "Cache-Control": "private, no-store"}
    if size is not None:
        headers["Content-Length"] = str(size)
    return Response(body, content_type=content_type, headers=headers, direct_passthrough=True)


class CertificateRoutes:
    @api("GET", "/api/v1/achievements/<int:draft_id>/certificate",
         "登记证书信息（登记号、核验码、状态；仅成果登记人）", tag=TAG)
    def certificate(self, call, draft_id):
        found = self.certificates.certificate_of_draft(call.caller, draft_id)
        return {k: v for k, v in found.items() if k != "storage"}

    @api("GET", "/api/v1/achievements/<int:draft_id>/certificate.pdf",
         "打印科技成果登记证书（签章 PDF；已注销的证书为每页标明“已注销”的副本）",
         tag=TAG, binary="application/pdf")
    def certificate_pdf(self, call, draft_id):
        found = self.certificates.certificate_of_draft(call.caller, draft_id, printing=True)
        suffix = "" if found["printable"] else "-已注销"
        return _stream(self.files.open(found["storage"]["pdf"]), "application/pdf", "attachment",
                       f"科技成果登记证书-{found['registration_number']}{suffix}.pdf",
                       found["storage"]["pdf_size"])

    @api("GET", "/api/v1/achievements/<int:draft_id>/certificate.png", "预览科技成果登记证书（PNG）",
         tag=TAG, binary="image/png")
    def certificate_png(self, call, draft_id):
        found = self.certificates.certificate_of_draft(call.caller, draft_id)
        return _stream(self.files.open(found["storage"]["png"]), "image/png", "inline",
                       f"科技成果登记证书-{found['registration_number']}.png",
                       found["storage"]["png_size"])

    @api("GET", "/api/v1/certificates", "我的登记证书（打印科技成果登记证书）", tag=TAG)
    def my_certificates(self, call):
        return {"items": self.certificates.list_mine(call.caller)}

    @api("GET", "/api/v1/verify", "登记证书核验（公开：登记号 + 核验码）", tag=TAG, auth="public",
         params=VERIFY_PARAMS)
    def verify_certificate(self, call):
        return self.certificates.verify(call.query("number"), call.query("code"))
