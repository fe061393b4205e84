"""What a person does in the browser, step by step, as the manual tells it."""
from __future__ import annotations

import os
import re

from playwright.sync_api import Page, expect

from tests.support.client import PASSWORD, token_from_mail

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# Every run saves its key pages; UPDATE_SCREENSHOTS=1 writes them over docs/screenshots/ (the
# set the README shows) instead of var/screenshots/, so a test run leaves the tree clean.
SHOTS = os.path.join(ROOT, "docs" if os.environ.get("UPDATE_SCREENSHOTS") == "1" else "var",
                     "screenshots")


def shot(page: Page, name: str) -> None:
    """<name>.png of the page at its viewport size (see SHOTS)."""
    os.makedirs(SHOTS, exist_ok=True)
    page.wait_for_timeout(150)  # let focus rings and fonts settle
    page.screenshot(path=os.path.join(SHOTS, f"{name}.png"))


def solve_captcha(page: Page, system, scope: str = "body") -> None:
    """Type the answer of the captcha the page shows (tests read answers from captcha_dir)."""
    hidden = page.locator(f"{scope} input[name=captcha_id]")
    expect(hidden).not_to_have_value("")
    captcha_id = hidden.input_value()
    with open(os.path.join(system.captcha_dir, captcha_id)) as handle:
        page.locator(f"{scope} input[name=captcha_answer]").fill(handle.read())


def log_in(page: Page, system, email: str, password: str = PASSWORD, landing: str | None = None):
    page.goto(system.url + "/")
    page.get_by_label("登录账号").fill(email)
    page.get_by_label("登录密码").fill(password)
    solve_captcha(page, system)
    page.get_by_role("button", name="登录").click()
    if landing:
        expect(page).to_have_url(re.compile(re.escape(landing) + r"$"))
    expect(page.locator("#welcome")).to_contain_text("欢迎您, ")


def activate_in_browser(page: Page, system, email: str, id_number: str,
                        password: str = PASSWORD, subject: str = "账号激活") -> None:
    """Open the activation link of the mail, fill 个人信息激活, 立即注册."""
    mail = system.wait_mail(email, subject)
    link = next(l for l in mail["links"] if "token=" in l)
    assert token_from_mail(mail)
    page.goto(link)
    expect(page.locator("#login")).to_have_text(email)
    page.get_by_label("证件号码").fill(id_number)
    page.get_by_label("证件有效期").fill("2019-06-18")
    page.get_by_label("证件失效期").fill("2039-06-18")
    page.get_by_label("登录密码").fill(password)
    page.get_by_label("确认密码").fill(password)
    solve_captcha(page, system)
    page.get_by_role("button", name="立即注册").click()
    expect(page.locator("#done")).to_contain_text("激活成功")
