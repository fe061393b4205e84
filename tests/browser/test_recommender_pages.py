"""推荐单位 in the browser: the office sets a recommender's 推荐范围 in 账号管理's dialog; the
recommender logs in to its own menu and queue, opens the case its unit's admin forwarded and
passes it on to the office. The session system runs without the recommender level; this module
turns it on for the review service only, and back off at its end."""
import pytest
from playwright.sync_api import expect

from tests.support.achievements import filled, task_for
from tests.support.client import activate_from_mail, office_user, unique_email, unit_with_registrant

from .steps import log_in, shot

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def recommender_level_on(system):
    with system.restarted_with("review", REVIEW_RECOMMENDER_LEVEL="true"):
        yield system


def test_the_office_scopes_a_recommender_which_then_reviews_its_units_case(recommender_level_on, context):
    system = recommender_level_on
    office = office_user(system)
    office_email = office.get("/api/v1/me").json()["email"]
    unit = unit_with_registrant(system, office)
    credit_code = office.get(f"/api/v1/units/{unit['id']}").json()["credit_code"]
    email = unique_email("browser.city")
    assert office.post("/api/v1/accounts", {"role": "recommender", "name": "兰州市科学技术局",
                                            "email": email}).status_code == 201
    recommender = activate_from_mail(system, email)

    page = context.new_page()
    log_in(page, system, office_email, landing="/office/review")
    page.goto(system.url + "/office/accounts")
    page.get_by_label("姓名或邮箱").fill(email)
    page.get_by_role("button", name="查询").click()
    page.get_by_role("row").filter(has_text=email).get_by_role("button", name="推荐范围").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("按单位名称或统一社会信用代码查找").fill(credit_code)
    dialog.get_by_role("checkbox", name=credit_code).check()
    shot(page, "office-recommended-units")
    dialog.get_by_role("button", name="保存").click()
    expect(page.locator("#notice")).to_contain_text("已保存兰州市科学技术局的推荐范围（1 个单位）")

    draft = filled(unit["registrant"])
    assert unit["registrant"].post(f"/api/v1/achievements/{draft['id']}/submit").status_code == 200
    case = task_for(unit["admin"], draft["id"], timeout=60)
    assert unit["admin"].post(f"/api/v1/review/cases/{case['case_id']}/approve", {}).status_code == 200
    task_for(recommender, draft["id"], timeout=60)

    context.clear_cookies()
    page = context.new_page()
    log_in(page, system, email, landing="/recommender/review")
    menu = page.get_by_role("navigation", name="系统菜单")
    expect(menu.get_by_role("button", name="推荐单位")).to_be_visible()
    expect(menu.get_by_role("button", name="登记机构")).to_be_hidden()
    row = page.get_by_role("row").filter(has_text=draft["title"])
    expect(row).to_be_visible()
    shot(page, "recommender-review")
    row.get_by_role("link", name="审核").click()
    expect(page.locator(".crumbs")).to_have_text("当前页面: 推荐单位/待审核成果/成果审核")
    page.get_by_label("审核意见").fill("同意推荐。")
    page.get_by_role("button", name="审核通过，报送上级").click()
    page.get_by_role("dialog").get_by_role("button", name="确定").click()
    expect(page.locator("#notice")).to_contain_text("已审核通过，报送上级")
    expect(page.locator("#history")).to_contain_text("同意推荐。")
    task_for(office, draft["id"], timeout=60)
