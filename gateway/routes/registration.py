"""HTTP routes of 科技成果登记 (manual §2.2.1): forms, drafts, check, attachments, PDF, submit."""
from __future__ import annotations

import base64
from urllib.parse import quote

from werkzeug.wrappers import Response

from services.registration.domain.status import STATUS

from .. import schemas
from ..files import receive
from ..http import api, idempotency_key

# A whole form saved at once, every text at its longest and written as \uXXXX escapes, is
# about 300 KB (the largest form, applied-2021, holds ~50,000 characters).
SAVE_MAX_BYTES = 1024 * 1024
TAG = "科技成果登记"


def _download(body, filename: str, content_type: str, size: int | None = None) -> Response:
    headers = {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}",
               "Cache-Control": "private, no-store"}
    if size is not None:
        headers["Content-Length"] = str(size)
    return Response(body, content_type=content_type, headers=headers, direct_passthrough=True)


def form_pdf(certificates, source: dict, fallback_title) -> Response:
    """The 登记表 PDF the certificates service renders from `source` (a draft's or a submitted
    snapshot's form_pdf_input), as a download."""
    rendered = certificates.render_form(source["form"], source["document"], source["attachments"],
                                        source["version"], source["draft"])
    pdf = base64.b64decode(rendered["pdf"])
    name = f"科技成果登记表-{source['title'] or fallback_title}-版本{source['version']}.pdf"
    return _download(pdf, name, "application/pdf", len(pdf))


class RegistrationRoutes:
    @api("GET", "/api/v1/forms", "登记表列表（类别、年度版本）", tag=TAG)
    def list_forms(self, call):
        return {"items": self.registration.list_forms()}

    @api("GET", "/api/v1/forms/<form_id>", "登记表定义（栏目、字段、选项、必填）", tag=TAG)
    def get_form(self, call, form_id):
        return self.registration.get_form(form_id)

    @api("GET", "/api/v1/codetables/<name>", "代码表（学科分类、国民经济行业、高新技术领域、行政区划；公开的国家标准）",
         tag=TAG, auth="public")
    def code_table(self, call, name):
        return self.registration.get_code_table(name)

    @api("GET", "/api/v1/achievements", "我的科技成果（填写科技成果列表，含进度；按名称、状态查找，分页）", tag=TAG,
         params={"q": {"type": "string", "description": "成果名称的任一部分"},
                 "status": {"type": "string", "enum": list(STATUS)},
                 "page": {"type": "integer", "minimum": 1}, "page_size": {"type": "integer", "maximum": 100}})
    def list_achievements(self, call):
        return self.registration.list_drafts(call.caller, call.query("q"), call.query("status"),
                                             call.query("page", 1), call.query("page_size", 20))

    @api("POST", "/api/v1/achievements", "新增科技成果", tag=TAG, body=schemas.NEW_ACHIEVEMENT,
         status=201, command=True)
    def new_achievement(self, call):
        return self.registration.create_draft(call.caller, call.body)

    @api("GET", "/api/v1/achievements/<int:draft_id>", "科技成果登记表（内容、版本号、附件、审核意见）", tag=TAG)
    def get_achievement(self, call, draft_id):
        return self.registration.get_draft(call.caller, draft_id)

    @api("PUT", "/api/v1/achievements/<int:draft_id>", "保存（一个或多个栏目；版本号过期返回 409）",
         tag=TAG, body=schemas.SAVE, max_body=SAVE_MAX_BYTES, command=True)
    def save_achievement(self, call, draft_id):
        return self.registration.save_draft(call.caller, draft_id, call.body.get("version"),
                                            call.body.get("sections"))

    @api("DELETE", "/api/v1/achievements/<int:draft_id>", "删除未提交过的科技成果", tag=TAG, command=True)
    def delete_achievement(self, call, draft_id):
        keys = self.registration.delete_draft(call.caller, draft_id)["storage_keys"]
        for key in keys:
            self.files.delete(key)
        return {"deleted": True}

    @api("POST", "/api/v1/achievements/<int:draft_id>/copy", "复制为新的科技成果", tag=TAG, status=201, command=True)
    def copy_achievement(self, call, draft_id):
        return self.registration.copy_draft(call.caller, draft_id)

    @api("POST", "/api/v1/achievements/<int:draft_id>/check", "填写检查", tag=TAG)
    def check_achievement(self, call, draft_id):
        return self.registration.check_draft(call.caller, draft_id)

    @api("POST", "/api/v1/achievements/<int:draft_id>/submit", "提交到单位管理员（无依托单位的提交到登记机构）",
         tag=TAG, body=schemas.SUBMIT, command=True)
    def submit_achievement(self, call, draft_id):
        request_id = idempotency_key(call.request, call.body.get("request_id"))
        if request_id:
            self.request_context.set_idempotency_key(request_id)
        return self.registration.submit_draft(call.caller, draft_id, request_id)

    @api("GET", "/api/v1/achievements/<int:draft_id>/pdf", "下载PDF（科技成果登记表）", tag=TAG,
         binary="application/pdf")
    def achievement_pdf(self, call, draft_id):
        return form_pdf(self.certificates, self.registration.form_pdf_input(call.caller, draft_id),
                        draft_id)

    @api("POST", "/api/v1/achievements/<int:draft_id>/attachments",
         "上传附件（multipart/form-data：kind + file；按内容识别类型）", tag=TAG, status=201,
         upload=schemas.UPLOAD, command=True)
    def upload_attachment(self, call, draft_id):
        allowance = self.registration.attachment_allowance(call.caller, draft_id)
        meta, _ = receive(call.request, self.files, allowance["max_file_bytes"])
        try:
            added = self.registration.add_attachment(call.caller, draft_id, meta)
        except Exception:
            self.files.delete(meta["key"])  # nothing half-written
            raise
        if added.pop("repeated", False):  # the same upload again (Idempotency-Key): the first one
            self.files.delete(meta["key"])
        return added

    @api("GET", "/api/v1/achievements/<int:draft_id>/attachments/<int:attachment_id>", "下载附件",
         tag=TAG, binary="application/octet-stream")
    def download_attachment(self, call, draft_id, attachment_id):
        found = self.registration.locate_attachment(call.caller, draft_id, attachment_id)
        return _download(self.files.open(found["storage_key"]), found["filename"],
                         found["content_type"], found["size"])

    @api("DELETE", "/api/v1/achievements/<int:draft_id>/attachments/<int:attachment_id>", "删除附件",
         tag=TAG, command=True)
    def delete_attachment(self, call, draft_id, attachment_id):
        removed = self.registration.delete_attachment(call.caller, draft_id, attachment_id)
        if removed["orphaned"]:
            self.files.delete(removed["storage_key"])
        return {"deleted": True}
