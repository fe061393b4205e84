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


def test_a_unit_admin_keeps_the_units_details_and_the_office_decides_the_new_name(system, context):
    office = office_user(system)
    unit, admin = approved_unit_admin(system, office)
    email = unique_email("unitpage.successor")
    admin.post(f"/api/v1/units/{unit['id']}/registrants", {"name": "赵接任", "email": email})
    activate_from_mail(system, email)

    page = context.new_page()
    log_in(page, system, admin.get("/api/v1/me").json()["email"], landing="/unit/review")
    page.get_by_role("navigation", name="系统菜单").get_by_role("button", name="单位管理").click()
    page.get_by_role("navigation", name="系统菜单").get_by_role("link", name="单位信息").click()
    expect(page.get_by_label("单位名称")).to_have_value(unit["name"])
    page.get_by_label("通信地址").fill("兰州市安宁区北滨河西路")
    page.get_by_label("单位名称").fill(unit["name"] + "（新）")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#details .notice").first).to_contain_text("已提交登记机构审核")
    expect(page.locator("#pending")).to_contain_text(unit["name"] + "（新）")
    expect(page.get_by_role("row").filter(has_text="待审核")).to_be_visible()
    shot(page, "unit-profile")
    page.get_by_label("接任人").select_option(label=f"赵接任（{email}）")
    page.get_by_role("button", name="移交").click()
    page.get_by_role("dialog").get_by_role("button", name="确定移交").click()
    expect(page.locator("#handover")).to_contain_text(f"已将单位管理员移交给赵接任（{email}）")

    office_page = context.new_page()
    context.clear_cookies()
    log_in(office_page, system, office.get("/api/v1/me").json()["email"])
    office_page.goto(system.url + "/office/units")
    office_page.get_by_role("button", name="信息变更").click()
    row = office_page.get_by_role("row").filter(has_text=unit["credit_code"])
    row.get_by_role("button", name=f"通过{unit['name']}的变更", exact=True).click()
    expect(office_page.locator("#notice")).to_contain_text("已通过")
    shot(office_page, "office-unit-changes")
    office_page.get_by_role("button", name="已通过").click()
    office_page.get_by_label("单位名称或统一社会信用代码").fill(unit["credit_code"])
    office_page.get_by_role("button", name="查询").click()
    office_page.get_by_role("row").filter(has_text=unit["credit_code"]).get_by_role("button", name="停用").click()
    office_page.get_by_role("dialog").get_by_role("textbox").fill("单位已合并")
    office_page.get_by_role("dialog").get_by_role("button", name="确定停用").click()
    expect(office_page.locator("#notice")).to_contain_text("已停用")
    expect(office_page.get_by_role("row").filter(has_text=unit["credit_code"])).to_contain_text("单位已合并")
    office_page.get_by_role("row").filter(has_text=unit["credit_code"]).get_by_role("button", name="启用").click()
    office_page.get_by_role("dialog").get_by_role("button", name="确定启用").click()
    expect(office_page.locator("#notice")).to_contain_text("已启用")
    assert office.get(f"/api/v1/units/{unit['id']}").json()["name"] == unit["name"] + "（新）"
