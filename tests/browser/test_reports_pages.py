"""Reports pages in the browser: the office's 登记统计 (chart, table, the registrations behind a
figure, 办理用时, .xlsx exports with their progress) and the public 科技成果公开目录 with the page
of one registered achievement. The reports service fills its tables from events, so the tests
first wait until it has the registrations they made."""
import re
import uuid
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from tests.support.achievements import submitted_for_the_register, task_for
from tests.support.client import Person, office_user, signed_up_registrant
from tests.support.journeys import wait_until

from .steps import log_in, shot

pytestmark = pytest.mark.e2e

TAG = "gk" + uuid.uuid4().hex[:6]   # in every title here, so a search finds exactly these
CATEGORIES = ("applied", "basic", "soft")


@dataclass
class Made:
    office: Person
    office_email: str
    titles: dict      # category → title
    numbers: dict     # category → 登记号
    pending_title: str


@pytest.fixture(scope="module")
def made(system) -> Made:
    office = office_user(system)
    registrant = signed_up_registrant(system)   # without a unit: the office reviews first
    titles, numbers = {}, {}
    for category in CATEGORIES:
        draft_id, titles[category] = submitted_for_the_register(registrant, category, TAG)
        case = task_for(office, draft_id, timeout=60)
        response = office.post(f"/api/v1/review/cases/{case['case_id']}/approve", {"comment": "予以登记"})
        assert response.status_code == 200, response.text
        numbers[category] = response.json()["registration_number"]
    _, pending_title = submitted_for_the_register(registrant, "applied", TAG)
    visitor = Person(system)
    wait_until(lambda: office.get(f"/api/v1/statistics/registrations?q={TAG}&status=registered")
               .json().get("total") == 3, 60, "the reports service to count the registrations")
    wait_until(lambda: office.get(f"/api/v1/statistics/registrations?q={TAG}&status=pending")
               .json().get("total") == 1, 60, "the reports service to count the pending one")
    wait_until(lambda: visitor.get(f"/api/v1/public/achievements?q={TAG}").json().get("total") == 3,
               60, "the public register to list the registrations")
    return Made(office, office.get("/api/v1/me").json()["email"], titles, numbers, pending_title)


# Where the middle of the chart's first bar is, asked of the page's own ECharts (the same module).
BAR_MIDDLE = """async () => {
  const echarts = await import("/static/vendor/echarts/echarts.esm.min.js");
  const chart = echarts.getInstanceByDom(document.getElementById("chart"));
  const value = chart.getOption().series[0].data[0];
  return chart.convertToPixel({ seriesIndex: 0 }, [value / 2, 0]);
}"""


def watch(page) -> list:
    """What goes wrong in the page: a script error, or something the CSP refused (ECharts must
    draw without inline styles or scripts)."""
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text else None)
    return errors


def test_the_office_counts_opens_the_figures_and_exports(system, context, made):
    page = context.new_page()
    errors = watch(page)
    log_in(page, system, made.office_email, landing="/office/review")
    page.get_by_role("navigation", name="系统菜单").get_by_role("button", name="登记机构").click()
    page.get_by_role("navigation", name="系统菜单").get_by_role("link", name="登记统计").click()
    expect(page).to_have_url(re.compile(r"/office/statistics\?by=category&status=registered$"))
    expect(page.get_by_label("状态", exact=True)).to_have_value("registered")
    expect(page.locator("#chart canvas")).to_be_visible()
    table = page.locator("#table table")
    expect(table.locator("tfoot")).to_contain_text("合计")
    for label in ("应用技术类", "基础理论类", "软科学类"):
        expect(table.locator("tbody")).to_contain_text(label)
    expect(page.locator("#result-summary")).to_contain_text("统计条件：状态：已登记")
    expect(page.locator("#time-facts")).to_contain_text("已作出决定")
    expect(page.locator("#time-facts")).to_contain_text("5个工作日内")
    shot(page, "office-statistics")

    # a count in the table opens the registrations behind it, in the address too
    row = table.locator("tbody tr").filter(has_text="应用技术类")
    figure = int(row.locator("button.count").inner_text())
    row.locator("button.count").click()
    expect(page).to_have_url(re.compile(r"list=1&at\.category=applied"))
    expect(page.locator("#drill-title")).to_have_text(f"成果清单（共 {figure} 项）")
    expect(page.locator("#drill-where")).to_contain_text("成果类别：应用技术类")
    page.locator("#drill-q").fill(TAG)
    page.locator("#drill-search").get_by_role("button", name="检索").click()
    expect(page.locator("#drill-title")).to_have_text("成果清单（共 1 项）")
    expect(page.locator("#drill-list")).to_contain_text(made.titles["applied"])
    expect(page.locator("#drill-list")).to_contain_text(made.numbers["applied"])
    expect(page.locator("#drill-pager")).to_contain_text("第 1 / 1 页")
    linked = page.url
    page.reload()   # the list is linkable: the address brings it back
    expect(page.locator("#drill-list")).to_contain_text(made.titles["applied"])
    assert page.url == linked

    # a bar of the chart too: one category, one bar across the chart's middle
    page.goto(system.url + "/office/statistics?by=category&status=registered&category=soft")
    expect(page.locator("#table tbody")).to_contain_text("软科学类")
    canvas = page.locator("#chart canvas")
    expect(canvas).to_be_visible()
    page.wait_for_timeout(600)   # the bar grows in (animation)
    x, y = page.evaluate(BAR_MIDDLE)
    box = page.locator("#chart").bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    expect(page).to_have_url(re.compile(r"list=1&at\.category=soft"))
    expect(page.locator("#drill-where")).to_contain_text("成果类别：软科学类")

    # a cross table: stacked bars, every cell a figure
    page.get_by_label("交叉维度", exact=True).select_option("status")
    page.get_by_label("成果类别", exact=True).select_option("")
    page.get_by_label("状态", exact=True).select_option("")
    page.get_by_role("button", name="查询").click()
    expect(page).to_have_url(re.compile(r"by=category%2Cstatus"))
    cross = page.locator("#table table.cross")
    expect(cross.locator("thead")).to_contain_text("已登记")
    expect(cross.locator("thead")).to_contain_text("审核中")
    expect(page.locator("#drill")).to_be_hidden()
    expect(page.get_by_role("button", name="饼图")).to_be_disabled()

    # exports: progress while the job runs, then the file
    page.get_by_role("button", name="导出统计表").click()
    page.get_by_role("button", name="导出成果清单").click()
    jobs = page.locator(".export-job")
    expect(jobs).to_have_count(2)
    listing = jobs.filter(has_text="导出成果清单")
    expect(listing.locator(".export-count")).to_contain_text(re.compile(r"已写入 \d+ / 共 \d+ 行"))
    expect(listing.locator("progress")).to_be_visible()
    page.locator("#result-title").scroll_into_view_if_needed()
    shot(page, "export-progress")
    for job in (listing, jobs.filter(has_text="导出统计表")):
        link = job.get_by_role("link", name=re.compile("下载"))
        expect(link).to_be_visible(timeout=30000)
        assert link.get_attribute("download", timeout=1000).endswith(".xlsx")
        fetched = page.request.get(system.url + link.get_attribute("href"))
        assert fetched.ok and fetched.body()[:2] == b"PK", fetched.status
    expect(listing.locator(".export-state")).to_have_text("已完成")
    assert not errors, errors


def test_the_public_register_finds_and_shows_registered_achievements(system, page, made):
    errors = watch(page)
    page.goto(system.url + "/register")
    expect(page.get_by_role("heading", name="科技成果公开目录")).to_be_visible()
    # the page's script has run (its first answer is shown) before the search is typed: a click
    # before it would submit the form natively (CI, a loaded machine, PostgreSQL)
    expect(page.locator("#summary")).to_contain_text("共找到", timeout=20_000)
    page.get_by_label("关键词", exact=True).fill(TAG)
    page.get_by_role("button", name="检索", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/register\?q={TAG}$"))
    cards = page.locator(".register-card")
    expect(cards).to_have_count(3)
    expect(page.locator("#summary")).to_contain_text("共找到 3 项科技成果")
    applied = cards.filter(has_text=made.titles["applied"])
    expect(applied).to_contain_text(made.numbers["applied"])
    expect(applied).to_contain_text("应用技术类")
    expect(applied).to_contain_text("王伟任")
    expect(applied.locator(".badge.demand")).to_have_text("有转化需求")
    expect(page.get_by_text(made.pending_title)).to_have_count(0)   # not registered: not public
    shot(page, "register")

    page.get_by_label("成果类别", exact=True).select_option("basic")
    page.get_by_role("button", name="检索", exact=True).click()
    expect(page).to_have_url(re.compile(rf"q={TAG}&category=basic$"))
    expect(cards).to_have_count(1)
    expect(cards).to_contain_text(made.titles["basic"])
    page.go_back()
    expect(cards).to_have_count(3)
    expect(page.get_by_label("成果类别", exact=True)).to_have_value("")

    page.goto(system.url + f"/register?q=无此成果{TAG}")
    expect(page.locator("#summary")).to_contain_text(f"没有找到符合条件（关键词“无此成果{TAG}”）的科技成果")
    expect(page.locator(".register-empty").get_by_role("link")).to_have_attribute("href", "/register")

    page.goto(system.url + f"/register?q={TAG}")
    page.get_by_role("link", name=made.titles["applied"], exact=True).click()
    number = made.numbers["applied"]
    expect(page).to_have_url(re.compile(rf"/register/{number}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(made.titles["applied"])
    expect(page.locator("table.kv").first).to_contain_text(number)
    expect(page.locator(".summary")).to_contain_text("马铃薯")
    expect(page.locator(".note")).to_contain_text("证书查验")
    shot(page, "register-item")
    assert not errors, errors


UNAVAILABLE = {"error": {"code": "service_unavailable", "message": "服务暂时不可用，请稍后重试"}}


def test_counts_or_a_search_that_fail_to_load_say_so(system, context, made):
    page = context.new_page()
    log_in(page, system, made.office_email, landing="/office/review")
    page.route(re.compile(r"/api/v1/statistics\?"), lambda route: route.fulfill(status=503, json=UNAVAILABLE))
    page.goto(system.url + "/office/statistics")
    failed = page.locator("#table .load-failed")
    expect(failed).to_contain_text("统计结果加载失败：服务暂时不可用，请稍后重试（错误代码：service_unavailable）")
    expect(page.locator("#chart")).to_be_hidden()
    expect(page.locator("#time-facts")).to_contain_text("已作出决定")   # the rest of the page still works

    page.route(re.compile(r"/api/v1/public/achievements\?"), lambda route: route.abort())
    page.goto(system.url + "/register")
    expect(page.locator("#results .load-failed")).to_contain_text("检索结果加载失败：网络连接失败")
    expect(page.locator("#results")).not_to_contain_text("没有找到")
