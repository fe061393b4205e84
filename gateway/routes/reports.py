"""HTTP routes of the reports service: the office's statistics, the registrations behind a
figure, time to decision and .xlsx exports; and the public register (no login) with its
achievement pages, the sitemap and robots.txt."""
from __future__ import annotations

from services.review.domain.publicity import read_objection

from .. import schemas
from ..http import api
from .registration import _download

TAG = "统计与导出"
PUBLIC_TAG = "科技成果公开目录"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILTERS = {"by": {"type": "string", "description": "统计维度，一个或两个（逗号分隔），如 category 或 region,category"},
           "status": {"type": "string", "description": "筛选：状态（可重复）"},
           "statistics_year": {"type": "string", "description": "筛选：统计年度（可重复）"}}
LIST = {**{k: v for k, v in FILTERS.items() if k != "by"}, "q": {"type": "string"},
        "page": {"type": "integer"}, "page_size": {"type": "integer"}}
PUBLIC = {name: {"type": "string"} for name in
          ("q", "category", "discipline", "hightech_field", "industry", "region", "year")}
PUBLIC.update(page={"type": "integer"}, page_size={"type": "integer"})


def query_params(call) -> dict:
    """Query parameters as the readers take them: a repeated parameter becomes a list."""
    return {key: values if len(values) > 1 else values[0]
            for key, values in call.request.args.lists()}


class ReportRoutes:
    # -- the office ------------------------------------------------------------------------
    @api("GET", "/api/v1/statistics", "登记统计：按一个或两个维度计数（交叉表），可按任一维度筛选（登记机构）",
         tag=TAG, params=FILTERS)
    def statistics(self, call):
        return self.reports.statistics(call.caller, query_params(call))

    @api("GET", "/api/v1/statistics/dimensions", "登记统计可用的维度", tag=TAG)
    def statistics_dimensions(self, call):
        return self.reports.statistics_dimensions()

    @api("GET", "/api/v1/statistics/registrations", "统计数字背后的成果清单（登记机构）", tag=TAG,
         params=LIST)
    def statistics_registrations(self, call):
        return self.reports.registrations(call.caller, query_params(call))

    @api("GET", "/api/v1/statistics/decision-times",
         "办理用时：到达登记机构至作出决定的工作日（中位数、90百分位、超过5个工作日的案卷）", tag=TAG,
         params={k: v for k, v in FILTERS.items() if k != "by"})
    def statistics_decision_times(self, call):
        return self.reports.decision_times(call.caller, query_params(call))

    @api("POST", "/api/v1/exports", "导出 Excel（.xlsx）：成果清单或统计表，后台生成并显示进度", tag=TAG,
         body=schemas.EXPORT, status=202, command=True)
    def start_export(self, call):
        return self.reports.start_export(call.caller, call.body)

    @api("POST", "/api/v1/packages",
         "生成某统计年度的上报数据包（zip：清单、每项成果的 JSON、登记表和证书 PDF），后台生成并显示进度",
         tag=TAG, body=schemas.PACKAGE, status=202, command=True)
    def start_package(self, call):
        return self.reports.start_package(call.caller, call.body)

    @api("GET", "/api/v1/exports/<int:export_id>", "导出任务的进度", tag=TAG)
    def export_status(self, call, export_id):
        return self.reports.export_status(call.caller, export_id)

    @api("GET", "/api/v1/exports/<int:export_id>/file", "下载导出的文件（Excel 或上报数据包）", tag=TAG, binary=XLSX)
    def export_file(self, call, export_id):
        found = self.reports.locate_export(call.caller, export_id)
        return _download(self.files.open(found["storage_key"]), found["filename"],
                         found["content_type"] or XLSX, found["size"])

    # -- the public register (no login) ------------------------------------------------------
    @api("GET", "/api/v1/public/achievements",
         "科技成果公开目录：已登记且同意公开的成果（关键词、类别、领域、地区、年度检索）", tag=PUBLIC_TAG,
         auth="public", params=PUBLIC)
    def public_achievements(self, call):
        return self.reports.public_search(query_params(call))

    @api("GET", "/api/v1/public/publicity", "公示中的成果（可对其提出异议）", tag=PUBLIC_TAG, auth="public",
         params={"q": {"type": "string"}, "page": {"type": "integer"}, "page_size": {"type": "integer"}})
    def public_publicity(self, call):
        return self.reports.public_publicity(query_params(call))

    @api("POST", "/api/v1/public/objections", "对公示中的成果提出异议（姓名、联系方式、理由、验证码）",
         tag=PUBLIC_TAG, auth="public", body=schemas.OBJECTION, status=201)
    def file_objection(self, call):
        read_objection(call.body)   # a form with a mistake is sent back before its captcha is used up
        self.accounts.admit_objection(call.body, self.client(call))
        return self.review.file_objection({k: v for k, v in call.body.items()
                                           if k not in ("captcha_id", "captcha_answer")})

    @api("GET", "/api/v1/public/achievements/<number>", "公开目录中的一项成果（按登记号）",
         tag=PUBLIC_TAG, auth="public")
    def public_achievement(self, call, number):
        return self.reports.public_achievement(number)
