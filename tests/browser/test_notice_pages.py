"""通知公告 in the browser: the office writes and publishes one; the login page and the public
通知公告 page show it, its text as text; 常见问题 with 咨询服务."""
import pytest
from playwright.sync_api import expect

from tests.support.client import office_user

from .steps import log_in, shot

pytestmark = pytest.mark.e2e


def test_the_office_publishes_a_notice_the_public_pages_show(system, context):
    office = office_user(system)
    page = context.new_page()
    log_in(page, system, office.get("/api/v1/me").json()["email"], landing="/office/review")
    page.goto(system.url + "/office/notices")
    page.get_by_label("标题").fill("关于开展2026年度科技成果登记工作的通知")
    page.get_by_label("正文").fill("各有关单位：\n\n请于11月30日前完成登记。<b>不加粗</b>")
    page.get_by_label("置顶").check()
    page.get_by_label("发布").check()
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#notice")).to_contain_text("并发布")
    expect(page.get_by_role("row").filter(has_text="关于开展2026年度科技成果登记工作的通知")).to_contain_text("已发布")
    shot(page, "office-notices")
    office.post("/api/v1/notices", {"kind": "faq", "title": "忘记密码怎么办？", "body": "在登录页点击“忘记密码”。",
                                    "published": True})

    context.clear_cookies()
    visitor = context.new_page()
    visitor.goto(system.url + "/")
    latest = visitor.locator("#latest-notices")
    expect(latest).to_contain_text("关于开展2026年度科技成果登记工作的通知")
    latest.get_by_role("link", name="关于开展2026年度科技成果登记工作的通知").click()
    expect(visitor.get_by_role("heading", name="关于开展2026年度科技成果登记工作的通知")).to_be_visible()
    expect(visitor.locator("#body")).to_contain_text("<b>不加粗</b>")       # text, never HTML
    expect(visitor.locator("#body b")).to_have_count(0)
    shot(visitor, "notice")
    visitor.get_by_role("navigation", name="站点导航").get_by_role("link", name="常见问题").click()
    visitor.get_by_text("忘记密码怎么办？").click()
    expect(visitor.locator("#list")).to_contain_text("在登录页点击“忘记密码”。")
    expect(visitor.locator("#consult")).to_contain_text("400-161-6289")
