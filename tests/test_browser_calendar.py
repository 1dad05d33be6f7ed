"""Issue 22 in Chromium on a phone: staff add a holiday on the calendar screen with the notice's
reason; the open assignment due that day moves to the next working day, and the unit's page shows the
new date with how it was counted."""

import datetime as dt

import pytest

from congress import demo
from congress.deadlines import Calendar

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("plain_static_names"),
]


@pytest.fixture
def accounts(transactional_db):
    demo.seed_core()
    return {u.username: u for u in demo.seed_accounts()}


def sign_in(page, live_server, username, then):
    page.context.clear_cookies()
    page.goto(live_server.url + "/accounts/login/?next=" + then)
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(demo.demo_password())
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def test_a_holiday_added_by_staff_moves_the_units_deadline_and_says_why(accounts, live_server, page, artifacts):
    from proposals.models import Assignment
    from proposals.tests.factories import assigned_proposal

    proposal = assigned_proposal(accounts, on=dt.date(2025, 6, 3))  # lead due Wednesday 3 September 2025
    lead = proposal.assignments.get(role="lead")
    assert lead.deadline == dt.date(2025, 9, 3)
    page.set_viewport_size({"width": 375, "height": 812})
    sign_in(page, live_server, "staff", "/calendar/?year=2025")
    page.locator("#id_day").fill("2025-09-03")
    page.locator("#id_kind").select_option("holiday")
    page.locator("#id_holiday").select_option("other")
    page.locator("#id_name").fill("纪念日")
    page.locator("#id_reason").fill("国办发明电〔2025〕9号")
    page.locator('form[action$="/calendar/day/"] button[type=submit]').click()
    page.wait_for_load_state()
    assert "2025-09-03" in page.locator(".alert-success").inner_text()
    page.screenshot(path=str(artifacts / "calendar-holiday-added.png"), full_page=True)
    # every label of the page names one field: no id twice
    assert page.evaluate("[...document.querySelectorAll('[id]')].map(e => e.id).length") == page.evaluate(
        "new Set([...document.querySelectorAll('[id]')].map(e => e.id)).size"
    )
    moved = Assignment.objects.get(pk=lead.pk).deadline
    assert moved == Calendar().next_working(dt.date(2025, 9, 4)) == dt.date(2025, 9, 4)

    sign_in(page, live_server, "unit", proposal.get_absolute_url())
    why = page.locator('[data-testid="deadline-explanation"]').first.inner_text()
    assert "交办 2025-06-03" in why and "2025-09-04" in why
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(artifacts / "calendar-unit-deadline.png"), full_page=True)
