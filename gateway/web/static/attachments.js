// 附件清单: upload per kind (multipart POST), list, download, delete.
import { api, upload as uploadFile } from "./api.js";
import { $, h, dialog, size, dateTime } from "./ui.js";

export function drawAttachments(panel, section, draftId, initial, readOnly) {
  let files = [...(initial || [])];
  const labels = Object.fromEntries(section.attachment_kinds.map((k) => [k.code, k.label]));
  if (section.required_materials) {
    const groups = section.required_materials.any_of.map((g) => g.map((c) => labels[c] || c).join("＋"));
    panel.append(h("p", { class: "notice" }, "须提供的证明材料：" + groups.join("，或 ")));
  }
  const body = h("tbody");
  panel.append(h("div", { class: "table-wrap" }, h("table", { class: "grid attachments" },
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "附件类别"), h("th", { scope: "col" }, "已上传文件"),
                    h("th", { scope: "col", class: "upload-col" }, "上传"))), body)));

  const upload = async (kind, input, error, button) => {
    error.textContent = "";
    if (!input.files.length) { error.textContent = "请选择要上传的文件"; input.focus(); return; }
    const data = new FormData();
    data.append("kind", kind);
    data.append("file", input.files[0]);
    button.disabled = true; button.textContent = "正在上传……";
    const result = await uploadFile(`/achievements/${draftId}/attachments`, data);
    button.disabled = false; button.textContent = "上传";
    if (!result.ok) {
      error.textContent = (result.error.fields && (result.error.fields.file || result.error.fields.kind)) || result.error.message;
      return;
    }
    files.push(result.data);
    input.value = "";
    draw();
    $(`up-${kind}`).focus();
  };

  const remove = async (file) => {
    const ok = await dialog({ title: "删除附件", body: h("p", {}, `确定删除附件“${file.filename}”吗？`),
      buttons: [{ label: "删除", value: "ok", primary: true }, { label: "取消", value: null }] });
    if (ok !== "ok") return;
    const result = await api("DELETE", `/achievements/${draftId}/attachments/${file.id}`);
    if (!result.ok) { await dialog({ title: "删除失败", body: h("p", {}, result.error.message), buttons: [{ label: "确定", value: 1, primary: true }] }); return; }
    files = files.filter((f) => f.id !== file.id);
    draw();
  };

  function draw() {
    body.textContent = "";
    const locked = readOnly();
    for (const kind of section.attachment_kinds) {
      const mine = files.filter((f) => f.kind === kind.code);
      const list = mine.length ? h("ul", { class: "files" }, mine.map((f) => h("li", {},
        h("a", { href: `/api/v1/achievements/${draftId}/attachments/${f.id}`, download: f.filename }, f.filename),
        h("span", { class: "meta" }, ` ${size(f.size)} · ${dateTime(f.uploaded_at)} `),
        locked ? null : h("button", { type: "button", class: "link danger", "aria-label": `删除附件${f.filename}`, onclick: () => remove(f) }, "删除"))))
        : h("span", { class: "hint" }, "未上传");
      const input = h("input", { type: "file", id: `up-${kind.code}`, accept: ".pdf,.ofd,.jpg,.jpeg,.png,.doc,.docx" });
      const error = h("div", { class: "error", id: `err-attachments-${kind.code}`, role: "alert" });
      const button = h("button", { type: "button", class: "small" }, "上传");
      button.addEventListener("click", () => upload(kind.code, input, error, button));
      body.append(h("tr", { dataset: { kind: kind.code } },
        h("th", { scope: "row" }, kind.label, kind.help ? h("div", { class: "hint" }, kind.help) : null),
        h("td", { "data-label": "已上传文件" }, list),
        h("td", { "data-label": "上传", class: "upload-col" }, locked ? h("span", { class: "hint" }, "—") : h("div", { class: "upload" },
          h("label", { for: input.id, class: "sr-only" }, `选择${kind.label}文件`), input, button), error)));
    }
  }
  draw();
  return { refresh: draw, files: () => files };
}
