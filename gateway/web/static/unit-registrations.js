// 单位管理 → 单位成果: GET /api/v1/unit/registrations?q=&number=&status=&page= — every
// registration of the admin's units in every state, each opening its case (content, history).
import { me } from "./shell.js";
import { $, notice } from "./ui.js";
import { pagedCases } from "./review-list.js";

const load = pagedCases("/unit/registrations", ["q", "number", "status", "owner"], "单位成果", "没有符合条件的科技成果",
                        (data) => notice($("notice"), `共 ${data.total} 项`, ""));

me.then(() => {
  // 分配成果登记人 → 查看其成果: one registrant's (?owner=<user id>&name=<姓名>)
  const owner = new URLSearchParams(location.search).get("owner");
  if (owner) {
    $("owner").value = owner;
    $("owner-row").hidden = false;
    $("owner-name").textContent = new URLSearchParams(location.search).get("name") || `编号 ${owner}`;
  }
  $("owner-clear").addEventListener("click", () => { $("owner").value = ""; $("owner-row").hidden = true; load(); });
  $("search").addEventListener("submit", (e) => { e.preventDefault(); load(); });
  load();
});
