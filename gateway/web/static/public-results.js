// What the public lists (科技成果公开目录, 登记公示) share: a failed search, the numbered results of
// one page and the pager (上一页 / 第 n / m 页 / 下一页), whose links keep the query in the address.
import { $, h, loadFailed } from "./ui.js";

export function searchFailed(result, what) {
  const fields = Object.values(result.error.fields || {});
  return result.status === 400 && fields.length
    ? h("div", { class: "notice bad", role: "alert" }, "检索条件不正确：" + fields.join("；"))
    : loadFailed(what, result.error);
}

// A pager link to `href`; a plain click runs `go()` in the page instead of loading it again.
export function pageLink(href, go, label, enabled) {
  if (!enabled) return h("span", { class: "button small secondary disabled", "aria-disabled": "true" }, label);
  return h("a", { class: "button small secondary", href, onclick: (e) => {
    if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    go();
    $("summary").scrollIntoView({ block: "start" });
  } }, label);
}

// One page of results into `box` and its pager; `link(page, label, enabled)` makes a pager link.
export function showResults(box, pager, { items, page, pages, first }, item, link) {
  if (!items.length) {
    box.append(h("div", { class: "register-empty" }, h("p", {}, "该页没有结果。"),
      h("p", {}, link(1, "回到第一页", true))));
    return;
  }
  box.append(h("ol", { class: "register-results", start: String(first) }, items.map(item)));
  if (pages > 1) {
    pager.append(link(page - 1, "上一页", page > 1),
      h("span", { class: "pager-state" }, `第 ${page} / ${pages} 页`),
      link(page + 1, "下一页", page < pages));
  }
}
