// 系统管理员 → 系统状态: GET /api/v1/system/status, each service with its gauges.
import { me } from "./shell.js";
import { api } from "./api.js";
import { $, h, loadFailed, notice, table } from "./ui.js";

const GAUGES = [["outbox_backlog", "待发布事件"], ["dead_letters", "死信"],
                ["emails_pending", "待发邮件"], ["emails_failed", "发送失败的邮件"]];

async function load() {
  const result = await api("GET", "/system/status");
  const box = $("list");
  box.textContent = "";
  if (!result.ok) { box.append(loadFailed("系统状态", result.error)); return; }
  const down = result.data.services.filter((s) => !s.up).map((s) => s.label);
  notice($("summary"), down.length ? `不可用：${down.join("、")}` : "全部服务运行正常。", down.length ? "bad" : "good");
  box.append(table([
    { label: "服务", cell: (s) => `${s.label}（${s.service}）` },
    { label: "状态", cell: (s) => s.up ? h("span", { class: "badge good" }, "正常")
                                       : h("span", { class: "badge bad" }, `不可用（${s.error}）`) },
    ...GAUGES.map(([key, label]) => ({ label, cell: (s) => key in s.gauges ? String(s.gauges[key]) : "—" })),
  ], result.data.services, "没有服务"));
  $("checked").textContent = `查询时间：${new Date().toLocaleString("zh-CN", { hour12: false })}`;
}

me.then(() => {
  $("refresh").addEventListener("click", load);
  load();
});
