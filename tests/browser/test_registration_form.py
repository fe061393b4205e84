"""填写科技成果 in the browser (manual §2.2.1): the list, 新增科技成果, the form drawn from its
definition, 填写检查 with the manual's example, 保存 and autosave, a conflict between two tabs,
附件清单, and the certificate pages."""
import re

import pytest
from playwright.sync_api import expect

from tests.support.client import Person, activate_from_mail, make_id_number, unique_email
from tests.support.pdf_tools import flat_text, page_count

from .steps import log_in, shot

pytestmark = pytest.mark.e2e

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(scope="module")
def registrant(system):
    """A registrant without a unit (signed up and activated through the API)."""
    visitor = Person(system)
    email = unique_email("browser.form")
    version = visitor.get("/api/v1/agreement").json()["version"]
    assert visitor.post("/api/v1/signup", {
        "entry": "registrant_without_unit", "agreed": True, "agreement_version": version,
        "name": "王伟任", "email": email, "mobile": "13812345678", **visitor.captcha()}).status_code == 201
    person = activate_from_mail(system, email, make_id_number("19790101", 21))
    person.email = email
    return person


def new_draft(page, system, registrant) -> int:
    """Log in, 新增科技成果 → 应用技术类: the new row on the list, its 填写申请 → the empty form."""
    log_in(page, system, registrant.email, landing="/achievements")
    page.get_by_role("button", name="新增科技成果").click()
    page.get_by_label("应用技术类科技成果登记表 (2021年)").check()
    page.get_by_role("button", name="确定").click()
    expect(page.locator("#notice")).to_contain_text("请点击“填写申请”")
    fresh = page.locator("tr.new")
    expect(fresh).to_contain_text("应用技术类")
    expect(fresh.get_by_role("link", name="填写申请")).to_be_focused()
    fresh.get_by_role("link", name="填写申请").click()
    expect(page).to_have_url(re.compile(r"/achievements/\d+$"))
    expect(page.locator("body")).to_have_attribute("data-ready", "true")
    return int(page.url.rsplit("/", 1)[1])


def fill_manual_example(page):
    """What the manual's screenshot shows filled in (成果概况)."""
    page.get_by_label("成果名称").fill("测试测试")
    page.get_by_label("研究起始日期").fill("2019-06-12")  # full dates, as in the manual
    page.get_by_label("研究终止日期").fill("2021-11-30")
    for n, word in zip("①②③", ["测试", "实验", "装备"]):
        page.locator("#panel-overview .keyword").filter(has_text=n).locator("input").fill(word)


def test_the_form_follows_the_manual_and_the_check_lists_the_example_problems(system, page, registrant):
    draft_id = new_draft(page, system, registrant)
    expect(page.locator("#form-title")).to_have_text("应用技术类科技成果登记表-科技成果 (2021年)")
    toolbar = page.get_by_role("toolbar", name="登记表操作")
    assert toolbar.locator("button:visible, a:visible").all_inner_texts() == [
        "保存", "下载PDF", "提交到登记机构", "返回", "填写检查"]
    expect(page.locator(".version-line")).to_contain_text("版本号: 1")
    tabs = page.get_by_role("tab").all_inner_texts()
    assert tabs == ["填报说明", "成果概况", "立项情况", "评价情况", "知识产权状况", "成果转化情况",
                    "成果转化需求", "成果完成单位情况", "成果简介", "成果完成人员名单", "评价委员会名单",
                    "评价证书内容", "附件清单"]
    expect(page.get_by_role("tab", name="成果概况")).to_have_attribute("aria-selected", "true")
    expect(page.locator("#panel-overview .warning")).to_have_text(
        " (请认真核对所填写的内容, 将以此生成成果证书, 证书一旦生成, 将无法修改。)")
    for option in ["新技术", "新工艺", "新产品", "新材料", "新装备", "农业、生物新品种", "矿产新品种", "其他应用技术"]:
        expect(page.get_by_role("radio", name=option, exact=True)).to_be_visible()

    fill_manual_example(page)
    shot(page, "achievement-form")
    page.get_by_role("button", name="填写检查").click()
    result = page.locator("#check-result")
    expect(result.get_by_role("heading")).to_have_text("检查未通过")
    problems = result.locator("li").all_inner_texts()
    assert "成果概况：请选择成果体现形式" in problems
    assert "评价情况：请填写评价单位" in problems
    assert any(p.startswith("附件清单：") for p in problems)
    assert not any("成果名称" in p or "关键词" in p or "研究起始日期" in p for p in problems), problems
    shot(page, "achievement-check")

    result.get_by_role("link", name="立项情况：请选择项目来源").click()
    expect(page.get_by_role("tab", name="立项情况")).to_have_attribute("aria-selected", "true")
    expect(page.locator("#f-project-project_source")).to_be_focused()
    result.get_by_role("link", name="成果概况：请选择成果体现形式").click()
    expect(page.locator("#f-overview-achievement_form")).to_be_focused()

    # the tabs are buttons: arrow keys move between them, Tab goes on into the section
    page.get_by_role("tab", name="成果概况").focus()
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("tab", name="立项情况")).to_be_focused()
    expect(page.get_by_role("tab", name="立项情况")).to_have_attribute("aria-selected", "true")
    expect(page.locator("#panel-project")).to_be_visible()
    page.keyboard.press("ArrowLeft")
    expect(page.locator("#panel-overview")).to_be_visible()

    page.get_by_role("button", name="关闭").click()
    page.set_viewport_size({"width": 375, "height": 812})
    page.get_by_role("tab", name="成果概况").click()
    page.locator(".version-line").scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, document.querySelector('.toolbar').getBoundingClientRect().top - 8)")
    shot(page, "achievement-form-375")
    page.set_viewport_size({"width": 1366, "height": 768})

    page.get_by_role("link", name="返回").click()
    expect(page).to_have_url(system.url + "/achievements")
    row = page.locator("tr", has_text="测试测试")
    expect(row).to_contain_text("填写中")
    expect(row).to_contain_text("成果登记人")
    expect(row.get_by_role("link", name="填写申请")).to_have_attribute("href", f"/achievements/{draft_id}")
    shot(page, "achievements")


def test_the_form_prints_every_section_without_the_menu(system, page, registrant):
    new_draft(page, system, registrant)
    fill_manual_example(page)
    page.emulate_media(media="print")
    for section in ("overview", "summary", "completers", "attachments"):
        expect(page.locator(f"#panel-{section}")).to_be_visible()
    for chrome in (".site-header", "nav.menu", ".tabs", ".site-footer"):
        expect(page.locator(chrome).first).to_be_hidden()
    expect(page.get_by_role("button", name="保存")).to_be_hidden()
    printed = page.pdf(format="A4")
    assert page_count(printed) >= 3   # every section, not the one tab on the screen
    words = flat_text(printed)
    assert all(title in words for title in ("成果概况", "成果简介", "成果完成人员名单", "附件清单"))
    assert "系统管理" not in words and "测试测试" in words


def test_saving_a_section_and_autosave_survive_a_reload(system, page, registrant):
    new_draft(page, system, registrant)
    page.get_by_role("tab", name="立项情况").click()
    page.get_by_role("radio", name="地方计划").check()
    page.get_by_label("计划名称").fill("甘肃省重点研发计划")
    page.get_by_label("项目编号").fill("20YF8NA001")
    page.get_by_label("下达部门").fill("甘肃省科学技术厅")
    page.get_by_label("立项年度").fill("2019")
    page.get_by_label("项目经费总额").fill("120")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#save-state")).to_contain_text("已保存")
    assert int(page.locator("#version").inner_text()) == 2

    # the lenient save keeps what is well-formed and says what it dropped
    page.get_by_label("国家投入").fill("十万")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#save-problems")).to_contain_text("立项情况：国家投入应为不小于0的金额")
    expect(page.locator("#save-problems")).to_contain_text("（未保存）")
    expect(page.locator("#err-project-funds_national")).to_contain_text("国家投入应为不小于0的金额")
    page.get_by_label("国家投入").fill("")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#save-problems")).to_be_hidden()
    version = int(page.locator("#version").inner_text())
    assert version == 4

    page.get_by_role("tab", name="成果简介").click()
    page.locator("#f-summary-summary").fill("本成果针对高寒旱区马铃薯种植收获环节机械化水平低的问题，研制了关键装备。")
    expect(page.locator("#f-summary-summary-count")).to_contain_text("已输入 36 / 2000 字")
    expect(page.locator("#save-state")).to_contain_text("有未保存的修改")
    expect(page.locator("#save-state")).to_contain_text("已自动保存", timeout=10000)
    assert int(page.locator("#version").inner_text()) == version + 1

    page.get_by_role("tab", name="成果完成人员名单").click()
    page.get_by_role("button", name="添加一行成果完成人员").click()
    page.get_by_label("姓名").first.fill("王伟任")
    page.get_by_role("button", name="添加一行成果完成人员").click()
    page.get_by_label("姓名").nth(1).fill("李明")
    page.get_by_role("button", name="第2行上移").click()
    expect(page.get_by_label("姓名").first).to_have_value("李明")
    expect(page.locator("#save-state")).to_contain_text("已自动保存", timeout=10000)

    page.reload()
    expect(page.locator("body")).to_have_attribute("data-ready", "true")
    page.get_by_role("tab", name="立项情况").click()
    expect(page.get_by_role("radio", name="地方计划")).to_be_checked()
    expect(page.get_by_label("项目经费总额")).to_have_value("120.00")
    page.get_by_role("tab", name="成果简介").click()
    expect(page.locator("#f-summary-summary")).to_have_value(re.compile("^本成果针对高寒旱区"))
    page.get_by_role("tab", name="成果完成人员名单").click()
    expect(page.get_by_label("姓名").first).to_have_value("李明")
    expect(page.get_by_label("姓名").nth(1)).to_have_value("王伟任")
    shot(page, "achievement-table")


def test_a_conflict_between_two_tabs_asks_and_never_overwrites(system, context, registrant):
    first = context.new_page()
    draft_id = new_draft(first, system, registrant)
    second = context.new_page()
    second.goto(f"{system.url}/achievements/{draft_id}")
    expect(second.locator("body")).to_have_attribute("data-ready", "true")

    first.get_by_label("成果名称").fill("第一个页面的成果名称")
    first.get_by_role("button", name="保存").click()
    expect(first.locator("#save-state")).to_contain_text("已保存")

    second.get_by_label("成果名称").fill("第二个页面的成果名称")
    dialog = second.get_by_role("dialog")
    expect(dialog).to_be_visible(timeout=10000)
    expect(dialog).to_contain_text("该成果已在其他页面保存过")
    expect(dialog.get_by_role("button", name="载入最新内容")).to_be_focused()
    shot(second, "conflict")

    dialog.get_by_role("button", name="另存为新成果").click()
    expect(second).to_have_url(re.compile(r"/achievements/\d+\?copied="))
    copy_id = int(re.search(r"/achievements/(\d+)", second.url).group(1))
    assert copy_id != draft_id
    expect(second.get_by_label("成果名称")).to_have_value("第二个页面的成果名称")
    expect(second.locator("#page-notice")).to_contain_text("已把您的内容另存为这项新的科技成果")

    # the original kept the first page's save; a stale page offers to load it
    third_version = first.locator("#version").inner_text()
    second.goto(f"{system.url}/achievements/{draft_id}")
    expect(second.get_by_label("成果名称")).to_have_value("第一个页面的成果名称")
    second.get_by_label("成果名称").fill("又一次修改")
    second.get_by_role("button", name="保存").click()
    expect(second.locator("#save-state")).to_contain_text("已保存")
    first.get_by_label("成果名称").fill("旧页面的修改")
    dialog = first.get_by_role("dialog")
    expect(dialog).to_be_visible(timeout=10000)
    dialog.get_by_role("button", name="载入最新内容").click()
    expect(first.get_by_label("成果名称")).to_have_value("又一次修改")
    assert first.locator("#version").inner_text() != third_version
    expect(first.locator("#save-state")).to_have_text("已载入最新内容")


def test_uploading_listing_and_deleting_an_attachment(system, page, registrant, tmp_path):
    draft_id = new_draft(page, system, registrant)
    page.get_by_role("tab", name="附件清单").click()
    expect(page.locator("#panel-attachments")).to_contain_text("评价证明＋研制报告，或 知识产权证明＋用户证明")
    report = tmp_path / "评价证明.pdf"
    report.write_bytes(PDF)
    page.get_by_label("选择评价证明文件").set_input_files(str(report))
    page.locator("tr[data-kind=evaluation_proof]").get_by_role("button", name="上传").click()
    link = page.locator("tr[data-kind=evaluation_proof]").get_by_role("link", name="评价证明.pdf")
    expect(link).to_be_visible()

    bad = tmp_path / "说明.txt"
    bad.write_text("不是PDF")
    page.get_by_label("选择研制报告文件").set_input_files(str(bad))
    page.locator("tr[data-kind=research_report]").get_by_role("button", name="上传").click()
    expect(page.locator("#err-attachments-research_report")).to_contain_text("不支持该文件类型")
    shot(page, "attachments")

    # (Playwright's download events hang under the tests' eventlet patching: fetch the link)
    fetched = page.request.get(system.url + link.get_attribute("href"))
    assert fetched.ok and fetched.body() == PDF
    assert "filename*=UTF-8''%E8%AF%84" in fetched.headers["content-disposition"]
    expect(link).to_have_attribute("download", "评价证明.pdf")

    page.reload()
    page.get_by_role("tab", name="附件清单").click()
    expect(page.get_by_role("link", name="评价证明.pdf")).to_be_visible()
    page.get_by_role("button", name="删除附件评价证明.pdf").click()
    page.get_by_role("dialog").get_by_role("button", name="删除").click()
    expect(page.get_by_role("link", name="评价证明.pdf")).to_have_count(0)
    assert registrant.get(f"/api/v1/achievements/{draft_id}").json()["attachments"] == []


def test_the_certificate_page_and_the_public_verification_page(system, page, registrant):
    log_in(page, system, registrant.email, landing="/achievements")
    page.get_by_role("link", name="打印科技成果登记证书").first.click()
    expect(page.locator(".crumbs")).to_have_text("当前页面: 申报管理/科技成果登记/打印科技成果登记证书")
    expect(page.locator("#list")).to_contain_text("暂无可打印的科技成果登记证书")
    shot(page, "certificates")

    page.goto(system.url + "/verify?number=6202026Y0001&code=ABCD-EFGH")
    expect(page.locator("#verify .notice")).to_contain_text("未找到")
