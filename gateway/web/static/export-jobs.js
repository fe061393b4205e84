// A background export (.xlsx, or the national reporting package) as the office sees it: a line
// with its progress bar (已写入 N / 共 M), its state, then a download link; shared by every page
// that exports (POST /api/v1/exports or /api/v1/packages, then GET /api/v1/exports/<id>).
import { api } from "./api.js";
import { h, size } from "./ui.js";

// Start one job in `list` (an element holding the latest few jobs): `path` "/exports" or
// "/packages", `body` what it takes, `title` what the person asked for.
export async function startJob(list, path, body, title, button) {
  const box = h("div", { class: "export-job", role: "group", "aria-label": title });
  list.prepend(box);
  while (list.children.length > 4) list.lastElementChild.remove();
  if (button) button.disabled = true;
  renderJob(box, title, { status: "queued", status_label: "正在提交", written: 0, total: null });
  const result = await api("POST", path, body);
  if (button) button.disabled = false;
  if (!result.ok) {
    const fields = Object.values(result.error.fields || {}).join("；");
    renderJob(box, title, { status: "failed", status_label: "无法导出", error: result.error.message + (fields ? `：${fields}` : "") });
    return;
  }
  poll(box, title, result.data, 0);
}

function poll(box, title, job, misses) {
  renderJob(box, title, job);
  if (job.status === "done" || job.status === "failed" || !box.isConnected) return;
  setTimeout(async () => {
    const result = await api("GET", `/exports/${job.id}`);
    if (result.ok) { poll(box, title, result.data, 0); return; }
    if (misses >= 9 || result.status === 404) {
      renderJob(box, title, { ...job, status: "failed", status_label: "无法查询进度", error: result.error.message });
      return;
    }
    poll(box, title, job, misses + 1);
  }, 1000);
}

function renderJob(box, title, job) {
  const running = job.status === "queued" || job.status === "running";
  let state = box.querySelector(".export-state");
  if (!state) {
    box.append(h("span", { class: "export-name" }, title),
      h("progress", { "aria-label": `${title}进度` }),
      h("span", { class: "export-count" }),
      h("span", { class: "export-state", role: "status" }),
      h("span", { class: "export-result" }),
      h("button", { type: "button", class: "link", "aria-label": `关闭${title}`, onclick: () => box.remove() }, "关闭"));
    state = box.querySelector(".export-state");
  }
  const bar = box.querySelector("progress");
  const count = box.querySelector(".export-count");
  bar.hidden = !running;
  if (job.total != null && job.status === "running") { bar.max = Math.max(1, job.total); bar.value = job.written || 0; }
  else bar.removeAttribute("value");   // indeterminate while queued or when the size is unknown
  count.textContent = job.total != null && job.status !== "failed"
    ? `已写入 ${job.written || 0} / 共 ${job.total} 行` : "";
  const said = job.status === "failed" ? "生成失败" : job.status_label || "";
  if (state.textContent !== said) state.textContent = said;
  state.className = "export-state " + (job.status === "done" ? "good" : job.status === "failed" ? "bad" : "");
  const out = box.querySelector(".export-result");
  if (job.status === "done" && !out.firstChild) {
    out.append(h("a", { class: "button small", href: `/api/v1/exports/${job.id}/file`, download: job.filename || "",
                        "aria-label": `下载${job.filename || title}` }, "下载 " + (job.filename || "")),
               job.size ? h("span", { class: "hint" }, ` ${size(job.size)}`) : null);
  }
  if (job.status === "failed") out.textContent = job.error || "请稍后重试";
  box.classList.toggle("failed", job.status === "failed");
  box.classList.toggle("done", job.status === "done");
}

