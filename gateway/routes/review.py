"""HTTP routes of the review (manual §2.2.1 ④–⑤): task queues, the frozen snapshot with its
attachments, decisions, withdrawal, the timeline and the office's search (工作提醒: reminders.py)."""
from __future__ import annotations

from .. import schemas
from ..http import api
from .registration import _download, form_pdf

TAG = "成果审核"
LIST = {"page": {"type": "integer"}, "page_size": {"type": "integer"},
        "category": {"type": "string", "enum": ["applied", "basic", "soft"]}, "q": {"type": "string"}}


def _filters(call, *names) -> dict:
    return {n: call.query(n) for n in names if call.query(n) not in (None, "")}


class ReviewRoutes:
    @api("GET", "/api/v1/review/tasks", "待审核（本人待处理的成果）", tag=TAG, params=LIST)
    def review_tasks(self, call):
        return self.review.queue(call.caller, _filters(call, "page", "page_size", "category", "q"))

    @api("GET", "/api/v1/review/history",
         "已审核成果（单位管理员、推荐单位、登记机构：本级审核过的成果、结论与当前状态）", tag=TAG,
         params={"page": {"type": "integer"}, "page_size": {"type": "integer"}, "q": {"type": "string"},
                 "decision": {"type": "string", "enum": ["approve", "return", "refuse"]},
                 "level": {"type": "string", "enum": ["unit", "recommender", "office"]}})
    def review_history(self, call):
        return self.review.history(call.caller, _filters(call, "page", "page_size", "q", "decision", "level"))

    @api("GET", "/api/v1/review/cases/<int:case_id>", "审核案卷：状态、审核记录与提交的成果内容", tag=TAG)
    def review_case(self, call, case_id):
        case = self.review.get_case(call.caller, case_id)
        case["snapshot"] = self.registration.get_snapshot(call.caller, case["snapshot_id"])
        route = case.get("recommender_route")
        if route and route["basis"] == "scope" and case.get("unit_id") is not None:
            # by 推荐范围: name the 推荐单位 that recommend for the unit (accounts knows them)
            route["names"] = self.accounts.recommenders_of_unit(call.caller, case["unit_id"])["names"]
        return case

    @api("GET", "/api/v1/review/cases/<int:case_id>/attachments/<int:attachment_id>",
         "下载提交材料中的附件", tag=TAG, binary="application/octet-stream")
    def review_attachment(self, call, case_id, attachment_id):
        case = self.review.get_case(call.caller, case_id)
        found = self.registration.locate_snapshot_attachment(call.caller, case["snapshot_id"],
                                                             attachment_id)
        return _download(self.files.open(found["storage_key"]), found["filename"],
                         found["content_type"], found["size"])

    @api("GET", "/api/v1/review/cases/<int:case_id>/pdf", "下载所审核成果的科技成果登记表（PDF，提交时的内容）",
         tag=TAG, binary="application/pdf")
    def review_case_pdf(self, call, case_id):
        case = self.review.get_case(call.caller, case_id)
        return form_pdf(self.certificates,
                        self.registration.snapshot_pdf_input(call.caller, case["snapshot_id"]), case["title"])

    @api("GET", "/api/v1/review/cases/<int:case_id>/duplicates",
         "疑似重复登记（登记机构）：成果名称相同或相近、项目编号相同、知识产权编号相同的其他登记", tag=TAG)
    def review_case_duplicates(self, call, case_id):
        case = self.review.get_case(call.caller, case_id)
        found = self.registration.duplicate_hints(call.caller, case["snapshot_id"])["items"]
        cases = self.review.latest_cases(call.caller, [h["draft_id"] for h in found]) if found else {}
        return {"items": [{**h, "case_id": cases.get(str(h["draft_id"])),
                           "link": f"/review/{cases[str(h['draft_id'])]}" if str(h["draft_id"]) in cases else None}
                          for h in found]}

    @api("GET", "/api/v1/review/cases/<int:case_id>/certificate.pdf",
         "下载该成果的登记证书（登记机构；已注销的为标明“已注销”的副本）", tag=TAG, binary="application/pdf")
    def review_case_certificate(self, call, case_id):
        case = self.review.get_case(call.caller, case_id)
        found = self.certificates.certificate_for_office(call.caller, case.get("registration_number"))
        suffix = "" if found["printable"] else "-已注销"
        return _download(self.files.open(found["storage"]["pdf"]),
                         f"科技成果登记证书-{found['registration_number']}{suffix}.pdf",
                         "application/pdf", found["storage"]["pdf_size"])

    @api("POST", "/api/v1/review/cases/<int:case_id>/approve",
         "审核通过（报送上级；登记机构审核通过即予以登记、分配登记号）", tag=TAG, body=schemas.DECISION, command=True)
    def review_approve(self, call, case_id):
        return self.review.decide(call.caller, case_id, "approve", call.body)

    @api("POST", "/api/v1/review/cases/<int:case_id>/return", "退回修改（须填写意见，可按栏目）",
         tag=TAG, body=schemas.RETURN, command=True)
    def review_return(self, call, case_id):
        return self.review.decide(call.caller, case_id, "return", call.body)

    @api("POST", "/api/v1/review/cases/<int:case_id>/refuse", "不予登记（登记机构，须说明理由）",
         tag=TAG, body=schemas.REFUSE, command=True)
    def review_refuse(self, call, case_id):
        return self.review.decide(call.caller, case_id, "refuse", call.body)

    @api("POST", "/api/v1/review/cases/<int:case_id>/revoke", "注销登记（登记机构，须说明理由）",
         tag=TAG, body=schemas.REVOKE, command=True)
    def review_revoke(self, call, case_id):
        return self.review.decide(call.caller, case_id, "revoke", call.body)

    @api("GET", "/api/v1/review/search", "成果查询（登记机构）", tag=TAG,
         params={**LIST, "number": {"type": "string"}, "status": {"type": "string"}})
    def review_search(self, call):
        return self.review.search(call.caller, _filters(call, "page", "page_size", "q", "number", "status"))

    @api("GET", "/api/v1/unit/registrations", "单位成果（单位管理员：本单位各状态的科技成果）", tag=TAG,
         params={**LIST, "number": {"type": "string"}, "status": {"type": "string"},
                 "owner": {"type": "integer", "description": "只看这位成果登记人的"}})
    def unit_registrations(self, call):
        return self.review.unit_search(call.caller, _filters(call, "page", "page_size", "q", "number",
                                                             "status", "owner"))

    @api("POST", "/api/v1/achievements/<int:draft_id>/withdraw", "撤回（当前审核环节尚未处理时）",
         tag="科技成果登记", body=schemas.WITHDRAW, command=True)
    def withdraw_achievement(self, call, draft_id):
        return self.review.withdraw(call.caller, draft_id, call.body)

    @api("GET", "/api/v1/achievements/<int:draft_id>/timeline", "审核进度（每一步：谁、角色、时间、意见）",
         tag="科技成果登记")
    def achievement_timeline(self, call, draft_id):
        return self.review.timeline(call.caller, draft_id)

    @api("GET", "/api/v1/objections", "公示异议（登记机构）", tag=TAG,
         params={"status": {"type": "string", "enum": ["pending", "upheld", "dismissed", "closed"]},
                 "page": {"type": "integer"}, "page_size": {"type": "integer"}})
    def objections(self, call):
        return self.review.objections(call.caller, _filters(call, "status", "page", "page_size"))

    @api("POST", "/api/v1/objections/<int:objection_id>/resolve",
         "处理异议：异议成立（不予登记）或异议不成立（公示期满后予以登记）", tag=TAG, body=schemas.RESOLUTION,
         command=True)
    def resolve_objection(self, call, objection_id):
        return self.review.resolve_objection(call.caller, objection_id, call.body)

