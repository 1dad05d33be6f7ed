"""Each demo role logs in through the real login page in Chromium and sees its own home."""

import pytest

from congress import demo

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("plain_static_names"),
]

PANEL_TEXT = {
    "deputy": "我的建议",
    "unit": "本单位承办的建议",
    "member": "我的会议",
    "staff": "在用承办单位",
    "leader": "操作日志",
    "admin": "操作日志",
}


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
    page.get_by_role("link", name="English").click()  # visitors: a plain link (no form on a public page)
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="District People's Congress Portal").is_visible()
    page.screenshot(path=str(artifacts / "home-public-en.png"), full_page=True)
    assert errors == []  # includes CSP violations and missing assets


# --- accessibility: axe-core (npm devDependency, served from node_modules through staticfiles) ------

AXE_PUBLIC_PAGES = [
    "/",
    "/deputies/",
    "/deputies/stations/",
    "/projects/",
    "/appointments/",
    "/oversight/",
    "/accounts/login/",
]
AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.filter(v => v.impact === "serious" || v.impact === "critical").map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 4).map(n => n.target.join(" ") + " " + (n.any[0] ? n.any[0].message : ""))}));
}"""


@pytest.fixture
def axe(settings):
    """axe-core on the live server's pages: tests only (release.sh installs npm's production packages,
    so it is never collected or served in production)."""
    from django.conf import settings as conf

    folder = conf.NODE_MODULES / "axe-core"
    if not (folder / "axe.min.js").exists():
        pytest.fail("axe-core missing from node_modules: run bin/setup (npm ci)")
    settings.STATICFILES_DIRS = [*conf.STATICFILES_DIRS, ("vendor/axe-core", folder)]

    def check(page):
        page.add_script_tag(url="/static/vendor/axe-core/axe.min.js")
        return page.evaluate(AXE_RUN)

    return check


def axe_report(found):
    return "\n".join(
        "%s %s (%s): %s" % (url, v["id"], v["impact"], "; ".join(v["nodes"]))
        for url, violations in found.items()
        for v in violations
    )


def test_public_pages_have_no_serious_accessibility_violations(demo_accounts, live_server, page, axe):
    from deputies.models import LiaisonStation

    pages = list(AXE_PUBLIC_PAGES)
    station = LiaisonStation.objects.order_by("pk").first()
    if station:
        pages.append("/deputies/stations/%d/" % station.pk)
    found = {}
    for language in ("zh-hans", "en"):
        page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        for path in pages:
            page.goto(live_server.url + path)
            violations = axe(page)
            if violations:
                found["%s [%s]" % (path, language)] = violations
    assert not found, axe_report(found)


def test_every_role_home_has_no_serious_accessibility_violations(demo_accounts, live_server, browser, axe):
    found = {}
    for role in PANEL_TEXT:
        context = browser.new_context(base_url=live_server.url)
        page = context.new_page()
        page.goto("/accounts/login/?next=/me/")
        page.get_by_label("用户名").fill(role)
        page.get_by_label("密码").fill(demo.demo_password())
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(live_server.url + "/me/")
        violations = axe(page)
        if violations:
            found["/me/ as %s" % role] = violations
        context.close()
    assert not found, axe_report(found)
