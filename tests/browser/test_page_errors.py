"""What a page says when the system does not answer as it should: the session check fails for
another reason than "not logged in", or a list fails to load. The failing answers are made in
the browser (Playwright's routing), so the pages meet exactly the failure each test names."""
import re

import pytest
from playwright.sync_api import expect

from tests.support.client import office_user

from .steps import log_in

ME = re.compile(r"/api/v1/me$")
UNAVAILABLE = {"error": {"code": "service_unavailable", "message": "服务暂时不可用，请稍后重试"}}


def person(role):
    return {"id": 1, "name": "张测试", "email": "test@example.cn",
            "grants": [{"role": role, "unit_id": 1 if role == "unit_admin" else None}]}


@pytest.mark.parametrize("failure, code", [("503", "service_unavailable"), ("network", "network")])
def test_a_failed_session_check_is_said_instead_of_a_blank_page(system, page, failure, code):
    page.route(ME, lambda route: route.abort() if failure == "network"
               else route.fulfill(status=503, json=UNAVAILABLE))
    page.goto(system.url + "/achievements")
    alert = page.locator("#session-error")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("无法确认登录状态，请稍后刷新重试")
    expect(alert).to_contain_text(code)
    expect(page).to_have_url(re.compile(r"/achievements$"))  # not sent to the login page


def test_a_logged_in_person_whose_session_check_fails_is_told_and_can_reload(system, page):
    office = office_user(system)
    log_in(page, system, office.get("/api/v1/me").json()["email"], landing="/office/review")
    page.route(ME, lambda route: route.fulfill(status=500, json={"error": {"code": "internal", "message": "x"}}))
    page.reload()
    expect(page.locator("#session-error")).to_contain_text("无法确认登录状态，请稍后刷新重试（错误代码：internal）")
    expect(page.locator("#list")).to_be_empty()
    page.unroute(ME)
    page.reload()
    expect(page.locator("#welcome")).to_have_text("欢迎您, 王登记-登记机构")
    expect(page.locator("#session-error")).to_have_count(0)


def test_not_logged_in_still_goes_to_the_login_page(system, page):
    page.goto(system.url + "/certificates")
    expect(page).to_have_url(re.compile(r"/\?next=%2Fcertificates$"))
    expect(page.get_by_role("heading", name="用户登录")).to_be_visible()


@pytest.mark.parametrize("path, api, role, said", [
    ("/achievements", r"/api/v1/achievements\?", "registrant", "科技成果列表加载失败"),
    ("/certificates", r"/api/v1/certificates$", "registrant", "登记证书列表加载失败"),
    ("/unit/review", r"/api/v1/review/tasks\?", "unit_admin", "待审核成果列表加载失败"),
    ("/unit/registrants", r"/api/v1/units/1/registrants\?", "unit_admin", "成果登记人列表加载失败"),
    ("/office/units", r"/api/v1/units\?", "office", "单位列表加载失败"),
    ("/office/search", r"/api/v1/review/search\?", "office", "查询结果加载失败"),
])
def test_a_list_that_fails_to_load_says_so_and_why(system, page, path, api, role, said):
    page.route(ME, lambda route: route.fulfill(json=person(role)))
    page.route(re.compile(api), lambda route: route.fulfill(status=503, json=UNAVAILABLE))
    page.goto(system.url + path)
    expect(page.locator("#welcome")).to_contain_text("欢迎您, 张测试")
    failed = page.locator("#list .load-failed")
    expect(failed).to_contain_text(said)
    expect(failed).to_contain_text("服务暂时不可用")
    expect(page.locator("#list")).not_to_contain_text("暂无")
