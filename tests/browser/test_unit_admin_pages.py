"""单位管理员's pages in the browser: 单位成果 (every registration of the unit, in every state) and
分配成果登记人 with 停用 / 启用, 重发激活邮件 and 查看其成果."""
import pytest
from playwright.sync_api import expect

from tests.support.achievements import filled
from tests.support.client import activate_from_mail, approved_unit_admin, office_user, unique_email

from .steps import log_in, shot

pytestmark = pytest.mark.e2e


def test_a_unit_admin_sees_the_units_registrations_and_manages_its_registrants(system, page):
    office = office_user(system)
    unit, admin = approved_unit_admin(system, office)
    email = unique_email("unitpage")
    admin.post(f"/api/v1/units/{unit['id']}/registrants", {"name": "李登记", "email": email})
    registrant = activate_from_mail(system, email)
    draft = filled(registrant)
    assert registrant.post(f"/api/v1/achievements/{draft['id']}/submit").status_code == 200
    waiting = unique_email("unitpage.waiting")
    admin.post(f"/api/v1/units/{unit['id']}/registrants", {"name": "王未激活", "email": waiting})

    log_in(page, system, admin.get("/api/v1/me").json()["email"], landing="/unit/review")
    page.get_by_role("navigation", name="系统菜单").get_by_role("button", name="单位管理").click()
    page.get_by_role("navigation", name="系统菜单").get_by_role("link", name="单位成果").click()
    row = page.get_by_role("row").filter(has_text=draft["title"])
    expect(row).to_contain_text("待单位审核")
    page.get_by_label("状态").select_option("approved")
    page.get_by_role("button", name="查询").click()
    expect(page.locator("#list")).to_contain_text("没有符合条件的科技成果")
    shot(page, "unit-registrations")

    page.goto(system.url + "/unit/registrants")
    person = page.get_by_role("row").filter(has_text="李登记")
    person.get_by_role("button", name="停用").click()
    page.get_by_role("dialog").get_by_role("button", name="停用").click()
    expect(page.locator("#notice")).to_contain_text("已停用李登记的成果登记人角色")
    expect(page.get_by_role("row").filter(has_text="李登记")).to_contain_text("已停用")
    page.get_by_role("row").filter(has_text="王未激活").get_by_role("button", name="重发激活邮件").click()
    expect(page.locator("#notice")).to_contain_text(f"激活邮件已重新发送到 {waiting}")
    shot(page, "unit-registrants-manage")
    system.wait_mail(waiting, "账号激活", count=2)

    page.get_by_role("row").filter(has_text="李登记").get_by_role("link", name="查看其成果").click()
    expect(page.locator("#owner-name")).to_have_text("李登记")
    expect(page.get_by_role("row").filter(has_text=draft["title"])).to_be_visible()
    page.get_by_role("button", name="看全部").click()
    expect(page.locator("#owner-row")).to_be_hidden()
