"""The manual's account flows in the browser (§1): 新用户注册 through activation to login;
a unit admin assigning a registrant who activates; 单位注册 and the office's 单位审核;
个人账号管理 and 个人信息维护."""
import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from tests.support.client import (Person, activate_from_mail, make_credit_code, make_id_number,
                                  office_user, unique_email, unit_form)

from .steps import activate_in_browser, log_in, shot, solve_captcha

pytestmark = pytest.mark.e2e


def test_a_registrant_without_a_unit_signs_up_activates_from_the_email_and_logs_in(system, page):
    page.goto(system.url + "/")
    expect(page.get_by_role("link", name="单位注册")).to_be_visible()
    shot(page, "login")
    page.get_by_role("link", name="新用户注册").click()

    expect(page.get_by_text("成果登记人（无依托单位）注册入口")).to_be_visible()
    expect(page.get_by_text("有依托单位的科技成果登记人请不要通过此注册入口注册个人账号")).to_be_visible()
    expect(page.locator("#agreement")).to_contain_text("形式审查")
    page.get_by_role("button", name="下一步").click()
    expect(page.locator(".error[data-for=agreed]")).to_contain_text("我已经仔细阅读并同意")
    page.get_by_label("我已经仔细阅读并同意本系统的《注册协议条例》").check()
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, "signup-agreement")
    page.get_by_role("button", name="下一步").click()

    email = unique_email("browser.self")
    page.get_by_label("姓名").fill("王伟任")
    page.get_by_label("电子邮箱").fill(email)
    page.get_by_label("手机号码").fill("13812345678")
    solve_captcha(page, system, "#brief")
    shot(page, "signup-brief")
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_role("heading", name="注册成功")).to_be_visible()
    expect(page.locator("#done-text")).to_contain_text(email)

    activate_in_browser(page, system, email, make_id_number("19800101"))
    shot(page, "activate-done")
    page.get_by_role("link", name="请登录系统").click()
    log_in(page, system, email, landing="/achievements")
    expect(page.locator("#welcome")).to_have_text("欢迎您, 王伟任-成果登记人")
    expect(page.locator(".crumbs")).to_have_text("当前页面: 申报管理/科技成果登记/填写科技成果")
    expect(page.locator("#reminder-count")).to_have_text("0")


def test_the_office_approves_a_unit_whose_admin_assigns_a_registrant_who_activates(system, context):
    office = office_user(system)
    visitor = context.new_page()
    visitor.goto(system.url + "/unit-signup")
    form = unit_form(name="甘肃省浏览器测试研究院", credit_code=make_credit_code())
    for label, key in [("单位名称", "name"), ("统一社会信用代码", "credit_code"), ("通信地址", "address"),
                       ("邮政编码", "postcode"), ("管理员姓名", "admin_name"),
                       ("管理员电子邮箱", "admin_email"), ("管理员手机号码", "admin_mobile")]:
        visitor.get_by_label(label).fill(form[key])
    visitor.get_by_label("单位性质").select_option("科研院所")
    solve_captcha(visitor, system)
    shot(visitor, "unit-signup")
    visitor.get_by_role("button", name="提交").click()
    expect(visitor.locator("#done-text")).to_contain_text("待审核")
    visitor.close()

    office_page = context.new_page()
    office_email = office.get("/api/v1/me").json()["email"]
    log_in(office_page, system, office_email, landing="/office/review")
    office_page.goto(system.url + "/office/units")
    row = office_page.locator("tr", has_text=form["name"])
    expect(row).to_be_visible()
    expect(office_page.locator("#welcome")).to_have_text("欢迎您, 王登记-登记机构")
    shot(office_page, "office-units")
    row.get_by_role("button", name=f"审核通过{form['name']}").click()
    expect(office_page.locator("#notice")).to_contain_text("已审核通过")
    office_page.get_by_role("link", name="退出").click()
    expect(office_page).to_have_url(system.url + "/")
    office_page.close()

    admin_page = context.new_page()
    activate_in_browser(admin_page, system, form["admin_email"], make_id_number("19760606"))
    log_in(admin_page, system, form["admin_email"], landing="/unit/review")
    admin_page.get_by_role("button", name="单位管理").click()
    admin_page.get_by_role("navigation", name="系统菜单").get_by_role("link", name="分配成果登记人").click()
    email = unique_email("browser.assigned")
    admin_page.get_by_label("姓名").fill("测试1")
    admin_page.get_by_label("电子邮箱").fill(email)
    admin_page.get_by_role("button", name="分配").click()
    expect(admin_page.locator("#assign .notice")).to_contain_text(f"激活邮件已发送到 {email}")
    expect(admin_page.locator("#list tr", has_text=email)).to_contain_text("待激活")
    expect(admin_page.locator(".crumbs")).to_have_text("当前页面: 单位管理/分配成果登记人")
    shot(admin_page, "unit-registrants")
    admin_page.close()

    registrant = context.new_page()
    registrant.context.clear_cookies()
    activate_in_browser(registrant, system, email, make_id_number("19900909"))
    log_in(registrant, system, email, landing="/achievements")
    expect(registrant.locator("#welcome")).to_have_text("欢迎您, 测试1-成果登记人")


def test_account_management_verifies_the_email_and_profile_is_saved(system, page):
    visitor = Person(system)
    email = unique_email("browser.profile")
    version = visitor.get("/api/v1/agreement").json()["version"]
    assert visitor.post("/api/v1/signup", {
        "entry": "registrant_without_unit", "agreed": True, "agreement_version": version,
        "name": "李资料", "email": email, "mobile": "13812345678", **visitor.captcha()}).status_code == 201
    activate_from_mail(system, email, make_id_number("19850315", 11))
    log_in(page, system, email, landing="/achievements")

    page.get_by_role("button", name="系统管理").click()
    page.get_by_role("navigation", name="系统菜单").get_by_role("link", name="个人账号管理").click()
    expect(page.locator("#email")).to_have_text(email)
    expect(page.locator("#email-state")).to_have_text("未验证")
    page.locator("#email-send").click()
    expect(page.locator("#email-form .notice")).to_contain_text("验证码已发送")
    mail = system.wait_mail(email, "验证码")
    code = re.search(r"验证码为：(\d+)", mail["body"]).group(1)
    page.locator("#email-code").fill(code)
    page.get_by_role("button", name="验证邮箱").click()
    expect(page.locator("#email-state")).to_have_text("已验证")

    page.locator("#mobile").fill("2381234567")  # not a mainland mobile number
    page.locator("#mobile-send").click()
    expect(page.locator('#mobile-form .error[data-for="mobile"]')).not_to_be_empty()
    page.locator("#mobile").fill("13987654321")
    page.locator("#mobile-send").click()
    expect(page.locator("#mobile-form .notice")).to_contain_text("验证码已发送")
    expect(page.locator("#mobile-send")).to_be_disabled()  # 60 s before another code
    with system.db("accounts").connect() as conn:  # the default SMS sender keeps it in the store
        sms = conn.execute(sa.text("SELECT body FROM outgoing_messages WHERE channel='sms' AND "
                                   "recipient='13987654321' ORDER BY id DESC")).scalar()
    page.locator("#mobile-code").fill(re.search(r"验证码为：?(\d+)", sms).group(1))
    page.get_by_role("button", name="验证手机").click()
    expect(page.locator("#mobile-form .notice")).to_contain_text("验证成功")
    expect(page.locator("#mobile-state")).to_have_text("已验证")
    shot(page, "account")

    page.goto(system.url + "/profile")
    expect(page.get_by_label("姓名")).to_have_value("李资料")
    page.get_by_label("性别").select_option("男")
    page.get_by_label("出生日期").fill("1985-03-15")
    page.get_by_label("民族").select_option("汉族")
    page.get_by_label("技术职称").fill("高级工程师")
    page.get_by_label("邮政编码").fill("730000")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#profile .notice")).to_have_text("个人信息已保存。")
    shot(page, "profile")
    page.reload()
    expect(page.get_by_label("技术职称")).to_have_value("高级工程师")
