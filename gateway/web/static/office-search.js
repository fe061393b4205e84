// 登记机构 → 成果查询: GET /api/v1/review/search?q=&number=&status=.
import { me } from "./shell.js";
import { say } from "./ui.js";
import { caseTable } from "./review-list.js";

const $ = (id) => document.getElementById(id);

async function load() {
  const query = new URLSearchParams({ page_size: "100" });
  for (const name of ["q", "number", "status"]) if ($(name).value.trim()) query.set(name, $(name).value.trim());
  const result = await kj.api("GET", "/review/search?" + query);
  $("list").textContent = "";
  if (!result.ok) { say($("notice"), result.error.message, "bad"); return; }
  $("list").append(caseTable(result.data.items, "没有符合条件的科技成果"));
  say($("notice"), `共 ${result.data.total} 项`, "");
}

me.then(() => {
  $("search").addEventListener("submit", (e) => { e.preventDefault(); load(); });
  load();
});
