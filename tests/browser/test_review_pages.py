"""Review pages in the browser: the office's 待审核成果, 退回修改 with a comment per section that
the registrant then sees in the form, and 审核通过 leading to 打印科技成果登记证书 (预览, 打印)."""
import time

import pytest
from playwright.sync_api import expect

from tests.support.achievements import filled
from tests.support.client import office_user, signed_up_registrant

from .steps import log_in, shot

pytestmark = pytest.mark.e2e


def wait_for(check, what, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"never happened: {what}")


def submitted(person) -> dict:
    draft = filled(person)
    response = person.post(f"/api/v1/achievements/{draft['id']}/submit")
    assert response.status_code == 200, response.text
    return response.json()


def open_case(page, system, office, title):
    """待审核成果 → 审核 for the achievement titled `title`."""
    wait_for(lambda: any(c["title"] == title for c in
                         office.get("/api/v1/review/tasks?page_size=100").json()["items"]), "case opened")
    page.goto(system.url + "/office/review")
    page.get_by_role("row").filter(has_text=title).first.get_by_role("link", name="审核").click()
    expect(page.locator("#decision")).to_be_visible()


@pytest.fixture(scope="module")
def people(system):
    office = office_user(system)
    registrant = signed_up_registrant(system)
    registrant.email = registrant.get("/api/v1/me").json()["email"]
    office.email = office.get("/api/v1/me").json()["email"]
    return office, registrant


def test_the_office_returns_with_section_comments_and_the_registrant_sees_them(system, context, people):
    office, registrant = people
    draft = submitted(registrant)
    reviewer = context.new_page()
    log_in(reviewer, system, office.email, landing="/office/review")
    open_case(reviewer, system, office, draft["title"])
    expect(reviewer.locator("#case-content")).to_contain_text("成果概况")
    expect(reviewer.locator("#f-overview-title")).to_have_value(draft["title"])
    expect(reviewer.locator("#f-overview-title")).to_be_disabled()
    reviewer.get_by_label("审核意见").fill("请补充成果简介中的主要技术指标。")
    reviewer.get_by_text("按栏目填写退回意见（可选）").click()
    reviewer.locator("#sc-summary").fill("缺少主要技术指标与国内外同类技术的比较。")
    reviewer.evaluate("window.scrollTo(0, 0)")
    expect(reviewer.locator(".crumbs")).to_have_text("当前页面: 登记机构/待审核成果/成果审核")
    shot(reviewer, "review-case")
    reviewer.get_by_role("button", name="退回修改").click()
    reviewer.get_by_role("dialog").get_by_role("button", name="确定").click()
    expect(reviewer.locator("#notice")).to_contain_text("已退回修改")
    expect(reviewer.locator("#history")).to_contain_text("请补充成果简介中的主要技术指标。")
    reviewer.close()

    wait_for(lambda: registrant.get(f"/api/v1/achievements/{draft['id']}").json()["status"] == "returned",
             "the draft is returned")
    page = context.new_page()
    context.clear_cookies()
    log_in(page, system, registrant.email, landing="/achievements")
    expect(page.locator("#reminder-count")).to_have_text("1")
    page.locator("#reminder-count").click()                  # 工作提醒: the list behind the count
    expect(page).to_have_url(system.url + "/reminders")
    expect(page.get_by_role("heading", name="被退回，待修改（1）")).to_be_visible()
    item = page.get_by_role("row").filter(has_text=draft["title"])
    expect(item).to_contain_text("退回修改")
    shot(page, "reminders")
    item.get_by_role("link", name="去处理").click()
    expect(page).to_have_url(system.url + f"/achievements/{draft['id']}")
    page.goto(system.url + "/achievements")
    row = page.get_by_role("row").filter(has_text=draft["title"])
    expect(row).to_contain_text("退回修改")
    row.get_by_role("link", name="填写申请").click()
    expect(page.locator("#review-comments")).to_contain_text("退回修改意见（登记机构）：请补充成果简介中的主要技术指标。")
    page.get_by_text("登记进度").click()                      # every step, its level and comment
    progress = page.locator("#progress-steps")
    expect(progress.get_by_role("row").filter(has_text="退回修改")).to_contain_text("请补充成果简介中的主要技术指标。")
    expect(progress.get_by_role("row").filter(has_text="提交")).to_contain_text("待登记机构审核")
    page.get_by_role("tab", name="成果简介").click()
    expect(page.locator("#panel-summary .review-comment")).to_contain_text("缺少主要技术指标与国内外同类技术的比较。")
    shot(page, "returned")


def test_an_approved_achievement_is_previewed_and_printed(system, context, people):
    office, registrant = people
    draft = submitted(registrant)
    reviewer = context.new_page()
    log_in(reviewer, system, office.email, landing="/office/review")
    open_case(reviewer, system, office, draft["title"])
    duplicates = reviewer.locator("#duplicates-panel")       # the office's 疑似重复登记
    expect(duplicates).to_be_visible()
    # the first test's registration has the same title but for its tag: very similar
    expect(duplicates.get_by_role("row").filter(has_text="成果名称相近").first).to_be_visible()
    duplicates.scroll_into_view_if_needed()
    shot(reviewer, "review-duplicates")
    pdf = reviewer.request.get(system.url + reviewer.locator("#form-pdf").get_attribute("href"))
    assert pdf.ok and pdf.body().startswith(b"%PDF")          # the reviewer's 登记表 PDF
    reviewer.get_by_role("button", name="审核通过，予以登记").click()
    reviewer.get_by_role("dialog").get_by_role("button", name="确定").click()
    expect(reviewer.locator("#status-line")).to_contain_text("登记号：")
    expect(reviewer.locator("#revoke-panel")).to_be_visible()
    case_url = reviewer.url
    reviewer.close()

    wait_for(lambda: registrant.get("/api/v1/certificates").json().get("items"), "the certificate", 60)
    page = context.new_page()
    context.clear_cookies()
    log_in(page, system, registrant.email, landing="/achievements")
    page.get_by_role("navigation", name="系统菜单").get_by_role("button", name="申报管理").click()
    page.get_by_role("navigation", name="系统菜单").get_by_role("link", name="打印科技成果登记证书").click()
    row = page.get_by_role("row").filter(has_text=draft["title"])
    row.get_by_role("button", name="打印科技成果登记证书").click()
    expect(page.get_by_role("heading", name="打印科技成果登记证书预览")).to_be_visible()
    image = page.locator("#preview-image")
    wait_for(lambda: image.evaluate("img => img.complete && img.naturalWidth > 0"), "the preview image")
    pdf = page.get_by_role("link", name="打印", exact=True)
    fetched = page.request.get(system.url + pdf.get_attribute("href"))
    assert fetched.ok and fetched.body().startswith(b"%PDF")
    page.locator("#preview").scroll_into_view_if_needed()
    shot(page, "certificate-preview")

    certificate = registrant.get(f"/api/v1/achievements/{draft['id']}/certificate").json()
    page.goto(certificate["verify_url"])
    expect(page.locator("#result-state")).to_have_text("该登记证书真实有效")
    expect(page.locator("#facts")).to_contain_text(certificate["registration_number"])
    shot(page, "verify")

    # 注销登记 from the case page: a reason is required, then a confirmation
    office_page = context.new_page()
    context.clear_cookies()
    log_in(office_page, system, office.email, landing="/office/review")
    office_page.goto(case_url)
    office_page.get_by_role("button", name="注销登记").click()
    expect(office_page.locator("#revoke-form .error[data-for=reason]")).to_have_text("请填写注销理由")
    office_page.get_by_label("注销理由").fill("经核实，该成果与他人已登记成果重复。")
    office_page.get_by_role("button", name="注销登记").click()
    dialog = office_page.get_by_role("dialog")
    expect(dialog).to_contain_text("不能撤销")
    shot(office_page, "revoke-confirm")
    dialog.get_by_role("button", name="确定注销").click()
    expect(office_page.locator("#notice")).to_contain_text("已注销登记")
    expect(office_page.locator("#status-line")).to_contain_text("已注销")
    expect(office_page.locator("#revoke-panel")).to_be_hidden()
    marked = office_page.request.get(system.url + office_page.locator("#certificate-pdf").get_attribute("href"))
    assert marked.ok and marked.body().startswith(b"%PDF")

    # the registrant can no longer print it: only a copy marked 已注销
    office_page.close()
    context.clear_cookies()
    log_in(page, system, registrant.email, landing="/achievements")
    page.goto(system.url + "/certificates")
    row = page.get_by_role("row").filter(has_text=draft["title"])
    expect(row).to_contain_text("已注销")
    row.get_by_role("button", name="查看（已注销）").click()
    expect(page.locator("#preview-meta")).to_contain_text("证书不再有效，不能打印")
    expect(page.get_by_role("link", name="打印", exact=True)).to_be_hidden()
    expect(page.get_by_role("link", name="下载（已注销）")).to_be_visible()
    wait_for(lambda: page.locator("#preview-image").evaluate("img => img.complete && img.naturalWidth > 0"),
             "the marked preview")
    shot(page, "certificate-revoked")


def test_the_office_finds_what_it_decided_in_its_history(system, context, people):
    """已审核成果: the office's decisions with the decision, when, the comment and the status now;
    filtered by decision and title; each opens the case."""
    office, registrant = people
    returned, approved = submitted(registrant), submitted(registrant)
    for draft, action, body in ((returned, "return", {"comment": "请补充查新报告。"}),
                                (approved, "approve", {"comment": "材料齐全，予以登记。"})):
        case = wait_for(lambda: next((c for c in office.get("/api/v1/review/tasks?page_size=100").json()["items"]
                                      if c["draft_id"] == draft["id"]), None), "case opened")
        answer = office.post(f"/api/v1/review/cases/{case['case_id']}/{action}", body)
        assert answer.status_code == 200, answer.text
    page = context.new_page()
    context.clear_cookies()
    log_in(page, system, office.email, landing="/office/review")
    menu = page.get_by_role("navigation", name="系统菜单")
    menu.get_by_role("button", name="登记机构").click()
    menu.get_by_role("link", name="已审核成果").click()
    expect(page).to_have_url(system.url + "/office/history")
    expect(page.locator(".crumbs")).to_have_text("当前页面: 登记机构/已审核成果")
    row = page.get_by_role("row").filter(has_text=approved["title"]).first
    expect(row).to_contain_text("通过")
    expect(row).to_contain_text("材料齐全，予以登记。")
    expect(row).to_contain_text("已登记")
    back = page.get_by_role("row").filter(has_text=returned["title"]).first
    expect(back).to_contain_text("退回")
    expect(back).to_contain_text("请补充查新报告。")
    expect(back).to_contain_text("退回修改")
    shot(page, "reviewer-history")

    page.get_by_label("审核结论").select_option("return")
    page.get_by_label("成果名称").fill(returned["title"])
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_role("row").filter(has_text=approved["title"])).to_have_count(0)
    expect(page.get_by_role("row").filter(has_text=returned["title"])).to_have_count(1)
    page.get_by_role("row").filter(has_text=returned["title"]).get_by_role("link", name=returned["title"]).click()
    expect(page.locator("#status-line")).to_contain_text("退回修改")
    expect(page.locator("#history")).to_contain_text("请补充查新报告。")
    expect(page.locator(".crumbs")).to_have_text("当前页面: 登记机构/已审核成果/成果审核")
    page.locator("#back").click()
    expect(page).to_have_url(system.url + "/office/history")
