"""Each demo role logs in through the real login page in Chromium and sees its own home."""

import pytest

from congress import demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("plain_static_names")]

PANEL_TEXT = {"deputy": "我的建议", "unit": "本单位承办的建议", "member": "我的会议",
              "staff": "在用承办单位", "leader": "操作日志", "admin": "操作日志"}


@pytest.fixture
def demo_accounts(transactional_db):
    demo.seed_core()
    return demo.seed_accounts()


@pytest.mark.parametrize("role", list(PANEL_TEXT))
def test_role_logs_in_and_sees_its_home(role, demo_accounts, live_server, page, artifacts):
    page.set_viewport_size({"width": 375, "height": 812})  # a deputy's phone
    page.goto(live_server.url + "/accounts/login/?next=/me/")
    page.get_by_label("用户名").fill(role)
    page.get_by_label("密码").fill(demo.demo_password())
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(live_server.url + "/me/")
    panel = page.locator('[data-testid="panel-%s"]' % role)
    assert panel.is_visible()
    assert PANEL_TEXT[role] in panel.inner_text()
    # nothing overflows sideways on a 375 px screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(artifacts / ("home-%s.png" % role)), full_page=True)


def test_wrong_password_is_refused_in_chinese(demo_accounts, live_server, page):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("用户名").fill("deputy")
    page.get_by_label("密码").fill("wrong-password")
    page.get_by_role("button", name="登录").click()
    assert "请输入一个正确的" in page.content()
    assert page.url.endswith("/accounts/login/")


def test_english_switch_and_no_console_errors(live_server, page, artifacts):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="District People's Congress Portal").is_visible()
    page.screenshot(path=str(artifacts / "home-public-en.png"), full_page=True)
    assert errors == []  # includes CSP violations and missing assets
