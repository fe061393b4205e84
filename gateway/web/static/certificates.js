// 申报管理 → 科技成果登记 → 打印科技成果登记证书 (manual §2.2.2): 预览 (PNG) and 打印 (PDF).
import { me } from "./shell.js";
import { api } from "./api.js";
import { $, h, loadFailed, notice, table } from "./ui.js";

/** A revoked certificate is shown and downloaded only marked 已注销 on every page: no 打印. */
function preview(row) {
  const revoked = row.status === "revoked";
  $("preview").hidden = false;
  $("preview-meta").textContent = `登记号：${row.registration_number || "—"}　成果名称：${row.title}`
    + (revoked ? `　该成果的登记已于 ${row.revoked_on} 注销，证书不再有效，不能打印。` : "");
  $("preview-image").src = `/api/v1/achievements/${row.draft_id}/certificate.png`;
  $("preview-image").alt = revoked ? "已注销的科技成果登记证书预览（每页标明“已注销”）" : "科技成果登记证书预览";
  $("print").hidden = revoked;
  $("print").href = `/api/v1/achievements/${row.draft_id}/certificate.pdf`;
  $("download-revoked").hidden = !revoked;
  $("download-revoked").href = `/api/v1/achievements/${row.draft_id}/certificate.pdf`;
  $("preview").focus();
}

/** The certificates issued, then the approved achievements whose certificate is still being made. */
async function load() {
  const [certs, mine] = await Promise.all([api("GET", "/certificates"), api("GET", "/achievements")]);
  if (!certs.ok) { $("list").append(loadFailed("登记证书列表", certs.error)); return; }
  const rows = certs.data.items.map((c) => ({ ...c, ready: true }));
  const known = new Set(rows.map((r) => r.draft_id));
  // Without the achievements, those whose certificate is still being made cannot be listed: say so.
  if (!mine.ok) $("list").append(loadFailed("登记证书生成中的科技成果", mine.error));
  for (const d of mine.ok ? mine.data.items : []) {
    if (d.status === "approved" && !known.has(d.id)) {
      rows.push({ draft_id: d.id, title: d.title, category_label: d.category_label,
                  registration_number: d.registration_number, registered_on: "", status_label: "登记证书生成中", ready: false });
    }
  }
  $("list").append(table([
    { label: "登记号", cell: (r) => r.registration_number || "" },
    { label: "成果名称", cell: (r) => r.title },
    { label: "类别", cell: (r) => r.category_label },
    { label: "登记日期", cell: (r) => r.registered_on || "" },
    { label: "状态", cell: (r) => r.status_label },
    { label: "操作", cell: (r) => !r.ready ? h("span", { class: "hint" }, "请稍后刷新")
        : r.status === "revoked"
          ? h("button", { type: "button", class: "small secondary", onclick: () => preview(r) }, "查看（已注销）")
          : h("button", { type: "button", class: "small", onclick: () => preview(r) }, "打印科技成果登记证书") },
  ], rows, "暂无可打印的科技成果登记证书（科技成果登记审核通过后可在此打印）。"));
}

me.then(() => {
  load();
  $("preview-close").addEventListener("click", () => { $("preview").hidden = true; });
  $("preview-image").addEventListener("error", () => {
    if ($("preview-image").getAttribute("src")) notice($("notice"), "登记证书预览暂时无法显示，请稍后再试。", "bad");
  });
});
