// 登记机构 → 成果查询: GET /api/v1/review/search?q=&number=&status=.
import { me } from "./shell.js";
import { api } from "./api.js";
import { $, loadFailed, notice } from "./ui.js";
import { caseTable } from "./review-list.js";

async function load() {
  const query = new URLSearchParams({ page_size: "100" });
  for (const name of ["q", "number", "status"]) if ($(name).value.trim()) query.set(name, $(name).value.trim());
  const result = await api("GET", "/review/search?" + query);
  $("list").textContent = "";
  if (!result.ok) { notice($("notice"), ""); $("list").append(loadFailed("查询结果", result.error)); return; }
  $("list").append(caseTable(result.data.items, "没有符合条件的科技成果"));
  notice($("notice"), `共 ${result.data.total} 项`, "");
}

me.then(() => {
  $("search").addEventListener("submit", (e) => { e.preventDefault(); load(); });
  load();
});
