"""In Chromium at 375 px: the annual report draws its charts (ECharts, SVG) over tables of the same
data; without JavaScript, and in print, the tables show instead."""

import pytest

from congress import demo
from reports.models import ReportYear

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("plain_static_names"),
]

CHARTS = ["project-investment", "receptions", "proposal-status", "proposal-class", "proposal-units"]


@pytest.fixture
def report_year(transactional_db):
    import datetime as dt

    from deputies.tests.factories import ReceptionFactory
    from projects.tests.factories import voting_slate_with_adopted
    from reports.tests.test_charts import replied, units

    demo.seed_core()
    users = {u.username: u for u in demo.seed_accounts()}
    ReportYear.objects.create(year=2023, published=True)
    voting_slate_with_adopted()
    first, second = units(2)
    replied(users, first, "A", evaluate="satisfied")
    replied(users, second, "B", title="关于改善农村饮水的建议")
    ReceptionFactory(date=dt.date(2023, 3, 9), visitors=12)
    return 2023


def test_the_report_draws_its_charts_on_a_phone(report_year, live_server, browser, artifacts):
    page = browser.new_context(viewport={"width": 375, "height": 812}).new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(live_server.url + "/report/2023/")
    for key in CHARTS:
        page.locator("#chart-%s svg" % key).first.wait_for()
        table = page.locator("#chart-%s-table" % key)
        assert table.bounding_box()["width"] <= 1  # visually hidden, still read by screen readers
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(artifacts / "report-charts-375.png"), full_page=True)
    toggle = page.locator('[data-chart="receptions"] .report-table-toggle')
    toggle.click()
    assert page.locator("#chart-receptions-table").is_visible()
    assert page.locator("#chart-receptions-table").bounding_box()["width"] > 200
    assert toggle.get_attribute("aria-expanded") == "true" and toggle.inner_text() == "隐藏表格"
    page.emulate_media(media="print")
    assert not page.locator("#chart-receptions").is_visible()
    assert page.locator("#chart-project-investment-table").bounding_box()["width"] > 200
    assert errors == []


def test_without_javascript_the_tables_show(report_year, live_server, browser, artifacts):
    page = browser.new_context(viewport={"width": 375, "height": 812}, java_script_enabled=False).new_page()
    page.goto(live_server.url + "/report/2023/")
    for key in CHARTS:
        assert not page.locator("#chart-%s" % key).is_visible()
        table = page.locator("#chart-%s-table" % key)
        assert table.is_visible() and table.bounding_box()["width"] > 200
    assert "候选项目1" in page.locator("#chart-project-investment-table").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(artifacts / "report-tables-nojs-375.png"), full_page=True)
