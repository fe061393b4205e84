// 登记机构 → 成果查询: GET /api/v1/review/search?q=&number=&status=; 导出 Excel exports the same
// registrations through the office's read model (POST /api/v1/exports, export-jobs.js).
import { me } from "./shell.js";
import { $, notice } from "./ui.js";
import { pagedCases } from "./review-list.js";
import { startJob } from "./export-jobs.js";

// the review's status → the read model's (已登记 is `approved` in review, `registered` there)
const READ_MODEL_STATUS = { approved: "registered" };

function exportParams() {
  const params = {};
  const words = [$("q").value.trim(), $("number").value.trim()].filter(Boolean).join(" ");
  if (words) params.q = words;
  const status = $("status").value;
  if (status) params.status = READ_MODEL_STATUS[status] || status;
  return params;
}

const load = pagedCases("/review/search", ["q", "number", "status"], "查询结果", "没有符合条件的科技成果",
                        (data) => notice($("notice"), `共 ${data.total} 项`, ""));

me.then(() => {
  $("search").addEventListener("submit", (e) => { e.preventDefault(); load(); });
  $("export").addEventListener("click", (e) =>
    startJob($("exports"), "/exports", { kind: "registrations", params: exportParams() }, "导出成果查询结果", e.currentTarget));
  load();
});
