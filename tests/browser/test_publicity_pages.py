"""公示 and 异议 in the browser: the public 科技成果登记公示 page (the list, an objection filed
through its dialog with a captcha) and the office's 公示异议 (the objection, dismissed with a
comment). The session system runs with 公示 off; this module turns it on for the review service
only, and back off at its end. The 公示 list is the reports service's (filled from events), so
the fixture waits until it shows what the office approved."""
import re
import uuid
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from tests.support.achievements import submitted_for_the_register, task_for
from tests.support.client import Person, office_user, signed_up_registrant
from tests.support.journeys import wait_until

from .steps import log_in, shot, solve_captcha

pytestmark = pytest.mark.e2e

TAG = "gs" + uuid.uuid4().hex[:6]   # in every title here, so a search finds exactly these
CATEGORIES = ("applied", "soft")
REASONS = ("该成果第二完成人张丽并未参与马铃薯收获机的研制工作，其署名与事实不符。"
           "本人系原课题组成员，可提供课题组人员名单、2019—2021年的试验记录和会议纪要作为证明材料，"
           "请登记机构核实完成人名单。")


@dataclass
class Made:
    office: Person
    office_email: str
    registrant_email: str
    titles: dict      # category → title
    cases: dict       # category → case_id (the 公示编号)
    ends: dict        # category → publicity_ends_on


@pytest.fixture(scope="module")
def publicity_on(system):
    with system.restarted_with("review", PUBLICITY_ENABLED="true"):
        yield system


@pytest.fixture(scope="module")
def made(publicity_on) -> Made:
    system = publicity_on
    office = office_user(system)
    registrant = signed_up_registrant(system)   # without a unit: the office reviews first
    titles, cases, ends = {}, {}, {}
    for category in CATEGORIES:
        draft_id, titles[category] = submitted_for_the_register(registrant, category, TAG)
        case = task_for(office, draft_id, timeout=60)
        # not journeys.approve(): with 公示 on the answer has no 登记号 yet
        response = office.post(f"/api/v1/review/cases/{case['case_id']}/approve", {"comment": "同意公示"})
        assert response.status_code == 200, response.text
        answer = response.json()
        assert (answer["status"], answer["registration_number"]) == ("publicity", None), answer
        cases[category] = case["case_id"]
    visitor = Person(system)
    listed = wait_until(lambda: (lambda d: d if d.get("total") == 2 else None)(
        visitor.get(f"/api/v1/public/publicity?q={TAG}").json()), 60, "the 公示 list to show both")
    for item in listed["items"]:
        category = next(c for c, n in cases.items() if n == item["case_id"])
        ends[category] = item["publicity_ends_on"]
    return Made(office, office.get("/api/v1/me").json()["email"], registrant.get("/api/v1/me").json()["email"],
                titles, cases, ends)


def watch(page) -> list:
    """Script errors, and whatever the CSP refused."""
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text else None)
    return errors


def captcha_id(page) -> str:
    hidden = page.locator("#objection input[name=captcha_id]")
    expect(hidden).not_to_have_value("")
    return hidden.input_value()


def meta(card, label: str):
    """The value of one of a card's facts (<dt>label</dt><dd>value</dd>)."""
    return card.locator(".register-meta > div").filter(
        has=card.page.locator("dt", has_text=re.compile(f"^{label}$"))).locator("dd")


def open_publicity(page, system):
    page.goto(system.url + "/publicity")
    expect(page.get_by_role("heading", name="科技成果登记公示", level=1)).to_be_visible()
    page.get_by_label("关键词", exact=True).fill(TAG)
    page.get_by_role("button", name="检索", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/publicity\?q={TAG}$"))
    cards = page.locator(".publicity-card")
    expect(cards).to_have_count(2)
    return cards


def test_the_public_sees_what_is_in_publicity_and_files_an_objection(publicity_on, page, made):
    system = publicity_on
    errors = watch(page)
    cards = open_publicity(page, system)
    expect(page.locator("#summary")).to_contain_text("共有 2 项科技成果正在公示")
    expect(page.locator(".publicity-intro")).to_contain_text("仅供登记机构核实处理使用")
    applied = cards.filter(has_text=made.titles["applied"])
    expect(applied.get_by_role("heading", level=2)).to_have_text(made.titles["applied"])
    expect(meta(applied, "公示编号")).to_have_text(str(made.cases["applied"]))
    expect(meta(applied, "类别")).to_have_text("应用技术类")
    expect(meta(applied, "完成单位")).to_contain_text("甘肃省农业机械化技术推广总站")
    expect(meta(applied, "完成人")).to_contain_text("王伟任")
    expect(meta(applied, "地区")).not_to_be_empty()
    expect(meta(applied, "公示截止日期")).to_contain_text(made.ends["applied"])
    expect(applied.locator(".publicity-summary")).to_contain_text("马铃薯")
    expect(meta(cards.filter(has_text=made.titles["soft"]), "类别")).to_have_text("软科学类")
    shot(page, "publicity")

    applied.get_by_role("button", name="提出异议").click()
    dialog = page.locator("dialog#objection")
    expect(dialog).to_be_visible()
    expect(dialog.locator("#objection-target")).to_contain_text(str(made.cases["applied"]))
    expect(dialog.locator("#objection-target")).to_contain_text(made.titles["applied"])
    first = captcha_id(page)

    # what is missing is said beside each field, before anything is sent (the captcha stays)
    dialog.get_by_role("button", name="提交异议").click()
    expect(dialog.locator('.error[data-for="name"]')).to_have_text("请填写姓名或单位名称")
    expect(dialog.locator('.error[data-for="contact"]')).to_have_text("请填写联系方式（电话或电子邮箱）")
    expect(dialog.locator('.error[data-for="reasons"]')).to_have_text("请填写异议理由")
    expect(dialog.get_by_label("姓名或单位名称")).to_be_focused()
    assert captcha_id(page) == first

    dialog.get_by_label("姓名或单位名称").fill("李明")
    dialog.get_by_label("联系方式（电话或电子邮箱）").fill("13912345678")
    dialog.get_by_label("异议理由").fill(REASONS)
    expect(dialog.locator("#objection-reasons-count")).to_have_text(f"{len(REASONS)} / 2000 字")
    solve_captcha(page, system, "#objection")
    expect(dialog.locator(".error[data-for]:not(:empty)")).to_have_count(0)   # typing took them away
    expect(dialog.locator("#objection-form .notice")).to_be_hidden()
    shot(page, "objection-form")

    # a wrong captcha: the API says so beside it, and the page shows a new one (the old is used up)
    right = dialog.get_by_label("验证码").input_value()
    dialog.get_by_label("验证码").fill(str((int(right) + 1) % 10000).zfill(len(right)))
    dialog.get_by_role("button", name="提交异议").click()
    expect(dialog.locator('.error[data-for="captcha_answer"]')).not_to_be_empty()
    expect(dialog.locator("input[name=captcha_id]")).not_to_have_value(first)
    expect(dialog.get_by_label("验证码")).to_have_value("")
    expect(dialog.get_by_label("姓名或单位名称")).to_have_value("李明")   # what was typed stays

    solve_captcha(page, system, "#objection")
    dialog.get_by_role("button", name="提交异议").click()
    done = dialog.locator("#objection-done-text")
    expect(done).to_contain_text("异议已提交，登记机构将核实处理")
    expect(done).to_contain_text(f"公示编号：{made.cases['applied']}")
    expect(done).to_contain_text("待处理")
    dialog.get_by_role("button", name="关闭").click()
    expect(dialog).to_be_hidden()
    expect(page.locator("#notice")).to_contain_text(f"公示编号：{made.cases['applied']}")
    assert not errors, errors


def test_refusals_of_an_objection_say_why_and_renew_the_captcha(publicity_on, page, made):
    """409 and 429 from the API (stood in for here: a real flood would use up the rate limit)."""
    system = publicity_on
    cards = open_publicity(page, system)
    cards.filter(has_text=made.titles["soft"]).get_by_role("button", name="提出异议").click()
    dialog = page.locator("dialog#objection")
    dialog.get_by_label("姓名或单位名称").fill("甘肃某农机装备有限公司")
    dialog.get_by_label("联系方式（电话或电子邮箱）").fill("没有联系方式")
    dialog.get_by_label("异议理由").fill("完成单位排序有误。")
    solve_captcha(page, system, "#objection")
    dialog.get_by_role("button", name="提交异议").click()
    expect(dialog.locator('.error[data-for="contact"]')).to_have_text("联系方式应为电话号码或电子邮箱")
    dialog.get_by_label("联系方式（电话或电子邮箱）").fill("office@example.com")

    answers = iter([
        (409, {"error": {"code": "too_many_objections", "message": "该成果的待处理异议已达上限，请等待登记机构处理"}}, {}),
        (429, {"error": {"code": "rate_limited", "message": "提出异议过于频繁，请60分钟后再试",
                         "details": {"retry_after": 3600, "limit": "objection_ip"}}}, {"Retry-After": "3600"}),
    ])

    def refuse(route):
        status, body, headers = next(answers)
        route.fulfill(status=status, json=body, headers=headers)
    page.route(re.compile(r"/api/v1/public/objections$"), refuse)
    for expected in ("待处理异议已达上限", "提出异议过于频繁，请60分钟后再试"):
        before = captcha_id(page)
        solve_captcha(page, system, "#objection")
        dialog.get_by_role("button", name="提交异议").click()
        expect(dialog.locator("#objection-form .notice")).to_contain_text(expected)
        expect(dialog.locator("input[name=captcha_id]")).not_to_have_value(before)
    expect(dialog.locator("#objection-form")).to_be_visible()
    dialog.get_by_role("button", name="取消").click()
    expect(dialog).to_be_hidden()


def test_the_office_dismisses_the_objection_and_the_publicity_goes_on(publicity_on, context, made):
    system = publicity_on
    pending = [o for o in made.office.get("/api/v1/objections?status=pending&page_size=50").json()["items"]
               if o["case_id"] == made.cases["applied"]]
    if not pending:   # the public's test did not run (or failed before filing): file one here
        visitor = Person(system)
        filed = visitor.post("/api/v1/public/objections", {
            "case_id": made.cases["applied"], "name": "李明", "contact": "13912345678",
            "reasons": REASONS, **visitor.captcha()})
        assert filed.status_code == 201, filed.text

    page = context.new_page()
    errors = watch(page)
    log_in(page, system, made.office_email, landing="/office/review")
    expect(page.locator("#reminder-count")).to_have_attribute("title", re.compile(r"公示异议待处理 \d+ 条"))
    menu = page.get_by_role("navigation", name="系统菜单")
    menu.get_by_role("button", name="登记机构").click()
    menu.get_by_role("link", name="公示异议").click()
    expect(page).to_have_url(re.compile(r"/office/objections$"))
    expect(page.locator(".crumbs")).to_have_text("当前页面: 登记机构/公示异议")
    expect(page.get_by_role("button", name=re.compile("^待处理"))).to_have_attribute("aria-pressed", "true")
    row = page.locator("#list tbody tr").filter(has_text=made.titles["applied"])
    expect(row).to_have_count(1)
    expect(row).to_contain_text("李明")
    expect(row).to_contain_text("13912345678")
    expect(row).to_contain_text("待处理")
    expect(row).to_contain_text(made.ends["applied"])
    expect(row.get_by_role("link", name=re.compile(f"公示编号 {made.cases['applied']}"))).to_have_attribute(
        "href", f"/review/{made.cases['applied']}")
    expect(row).not_to_contain_text("请登记机构核实完成人名单")        # a long reason shows its start
    row.get_by_role("button", name="展开全文").click()
    expect(row).to_contain_text("请登记机构核实完成人名单")
    shot(page, "office-objections")

    # 异议成立 asks for 处理意见, then says it refuses the registration; cancelled: nothing changes
    row.get_by_role("button", name="异议成立").click()
    ask = page.get_by_role("dialog")
    ask.get_by_role("button", name="下一步").click()
    expect(ask.locator(".error")).to_have_text("请填写处理意见")
    ask.get_by_label("处理意见").fill("拟认定异议成立")
    ask.get_by_role("button", name="下一步").click()
    confirm = page.get_by_role("dialog")
    expect(confirm).to_contain_text("不予登记")
    expect(confirm).to_contain_text("存在争议")
    confirm.get_by_role("button", name="取消").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(row).to_contain_text("待处理")

    # 异议不成立 with its 处理意见: the 公示 goes on
    row.get_by_role("button", name="异议不成立").click()
    ask = page.get_by_role("dialog")
    ask.get_by_label("处理意见").fill("经核实，张丽为课题组成员，参与了田间试验，异议不成立。")
    ask.get_by_role("button", name="确定异议不成立").click()
    expect(page.locator("#notice")).to_contain_text("已处理：异议不成立")
    expect(page.locator("#notice")).to_contain_text(f"继续公示至 {made.ends['applied']}")
    expect(page.locator("#list tbody tr").filter(has_text=made.titles["applied"])).to_have_count(0)

    page.get_by_role("button", name="异议不成立", exact=True).click()
    expect(page).to_have_url(re.compile(r"/office/objections\?status=dismissed$"))
    row = page.locator("#list tbody tr").filter(has_text=made.titles["applied"])
    expect(row).to_contain_text("异议不成立")
    expect(row).to_contain_text("处理意见：经核实，张丽为课题组成员")
    expect(row.get_by_role("button", name=re.compile("^异议"))).to_have_count(0)   # resolved: no buttons

    # its 公示编号 opens the case: still 公示中, with the objection and its dismissal in the history
    row.get_by_role("link", name=re.compile("公示编号")).click()
    expect(page).to_have_url(re.compile(rf"/review/{made.cases['applied']}$"))
    expect(page.locator("#status-line")).to_contain_text("状态：公示中")
    expect(page.locator("#history")).to_contain_text("收到异议")
    expect(page.locator("#history")).to_contain_text("经核实，张丽为课题组成员")
    assert not errors, errors


def test_the_registrant_sees_the_registrations_in_publicity(publicity_on, context, made):
    system = publicity_on
    page = context.new_page()
    log_in(page, system, made.registrant_email, landing="/achievements")
    for category in CATEGORIES:
        row = page.get_by_role("row").filter(has_text=made.titles[category])
        expect(row).to_contain_text("公示中")
