"""In Chromium at 375 px: the public reads the year's projects with their chart (ECharts from
node_modules), and the implementing unit files a progress report with a photo from a phone."""

import pytest

from congress import demo

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("plain_static_names"),
]

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


@pytest.fixture
def demo_accounts(transactional_db):
    demo.seed_core()
    return {u.username: u for u in demo.seed_accounts()}


def test_public_chart_and_the_unit_reports_from_a_phone(demo_accounts, live_server, browser, artifacts, tmp_path):
    from projects.models import Project
    from projects.tests.factories import voting_slate_with_adopted

    objects = voting_slate_with_adopted()
    project = objects["project"]
    photo = tmp_path / "现场.png"
    photo.write_bytes(PNG)

    public = browser.new_context(viewport={"width": 375, "height": 812}).new_page()
    errors = []
    public.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    public.goto(live_server.url + "/projects/?year=2023")
    public.locator("#chart-district svg").first.wait_for()
    assert project.title in public.content()
    assert public.evaluate("document.documentElement.scrollWidth") <= 375
    public.screenshot(path=str(artifacts / "projects-public-375.png"), full_page=True)

    page = browser.new_context(viewport={"width": 375, "height": 812}).new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    next_path = "/projects/unit/%d/" % project.pk
    page.goto(live_server.url + "/accounts/login/?next=" + next_path)
    page.get_by_label("用户名").fill("unit")
    page.get_by_label("密码").fill(demo.demo_password())
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(live_server.url + next_path)
    page.locator("input[name=date]").fill("2023-09-30")
    page.locator("input[name=completed_wan]").fill("520.5")
    page.locator("textarea[name=note]").fill("主体工程完工")
    page.get_by_label("主体完工").check()
    page.locator("input[name=photo]").set_input_files(str(photo))
    page.get_by_role("button", name="提交报告").click()
    page.wait_for_url(live_server.url + next_path)
    assert "主体工程完工" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(artifacts / "projects-unit-report-375.png"), full_page=True)
    report = Project.objects.get(pk=project.pk).reports.order_by("-pk").first()
    assert report.completed_wan == 520.5 and report.photo_type == "image/png"
    assert report.milestones_done.count() == 1 and errors == []
