"""登记机构 → 账号管理 in the browser: adding a person without a 居民身份证, who then activates
seeing their document (not typing it), and 停用 / 启用 an account."""
import random

import pytest
from playwright.sync_api import expect

from tests.support.client import PASSWORD, activate_from_mail, office_user, signed_up_registrant, unique_email

from .steps import log_in, shot, solve_captcha

pytestmark = pytest.mark.e2e


def test_the_office_adds_a_passport_holder_who_activates_and_disables_an_account(system, context):
    office = office_user(system)
    someone = signed_up_registrant(system)
    someone_email = someone.get("/api/v1/me").json()["email"]
    page = context.new_page()
    log_in(page, system, office.get("/api/v1/me").json()["email"], landing="/office/review")
    page.get_by_role("navigation", name="系统菜单").get_by_role("button", name="登记机构").click()
    page.get_by_role("navigation", name="系统菜单").get_by_role("link", name="账号管理").click()
    page.get_by_text("添加账号").click()
    form = page.locator("#add")
    form.get_by_label("证件类型").select_option("护照")
    expect(page.locator("#add-id-hint")).to_contain_text("5-20位字母或数字")
    form.get_by_label("姓名").fill("Anna Weber")
    email = unique_email("browser.passport")
    form.get_by_label("电子邮箱").fill(email)
    form.get_by_label("证件号码").fill("EI1234567")
    page.get_by_role("button", name="添加并发送激活邮件").click()
    expect(page.locator("#add .error[data-for=id_number]")).to_contain_text("中国普通护照")
    form.get_by_label("证件号码").fill(f"X{random.randrange(10**7, 10**8)}")
    page.get_by_role("button", name="添加并发送激活邮件").click()
    expect(page.locator("#add .notice")).to_contain_text(f"激活邮件已发送到 {email}")

    page.get_by_label("姓名或邮箱").fill(someone_email)
    page.get_by_role("button", name="查询").click()
    row = page.get_by_role("row").filter(has_text=someone_email)
    row.get_by_role("button", name="停用").click()
    page.get_by_role("dialog").get_by_role("button", name="停用").click()
    expect(page.get_by_role("row").filter(has_text=someone_email)).to_contain_text("已停用")
    shot(page, "office-accounts")
    assert someone.get("/api/v1/me").status_code == 401
    page.get_by_role("row").filter(has_text=someone_email).get_by_role("button", name="启用").click()
    page.get_by_role("dialog").get_by_role("button", name="启用").click()
    expect(page.get_by_role("row").filter(has_text=someone_email)).to_contain_text("已激活")

    context.clear_cookies()
    mail = system.wait_mail(email, "账号激活")
    page.goto(next(l for l in mail["links"] if "token=" in l))
    expect(page.locator("#lead")).to_contain_text("恭喜您已成为成果登记人")
    expect(page.locator("#document")).to_contain_text("护照 X")
    expect(page.get_by_label("证件号码")).to_be_hidden()
    page.get_by_label("证件有效期").fill("2020-01-01")
    page.get_by_label("证件失效期").fill("2030-01-01")
    page.get_by_label("登录密码").fill(PASSWORD)
    page.get_by_label("确认密码").fill(PASSWORD)
    solve_captcha(page, system)
    shot(page, "activate-document")
    page.get_by_role("button", name="立即注册").click()
    expect(page.locator("#done")).to_contain_text("激活成功")


def test_a_system_administrator_has_its_own_menu_with_accounts_and_the_systems_state(system, context):
    office = office_user(system)
    email = unique_email("sysadmin")
    assert office.post("/api/v1/accounts", {"role": "sysadmin", "name": "系统管理员甲",
                                            "email": email}).status_code == 201
    activate_from_mail(system, email)
    page = context.new_page()
    log_in(page, system, email, landing="/admin/accounts")
    menu = page.get_by_role("navigation", name="系统菜单")
    expect(menu.get_by_role("button", name="登记机构")).to_be_hidden()
    expect(page.locator(".crumbs")).to_have_text("当前页面: 系统管理员/账号管理")
    menu.get_by_role("button", name="系统管理员", exact=True).click()
    menu.get_by_role("link", name="系统状态").click()
    expect(page.locator("#summary")).to_have_text("全部服务运行正常。")
    expect(page.get_by_role("row").filter(has_text="accounts")).to_contain_text("正常")
    shot(page, "admin-status")
    assert office.get("/api/v1/system/status").json()["all_up"] is True
