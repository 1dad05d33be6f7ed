"""The workbench (/me/) in Debian's Chromium at a desktop's 1366 px and a phone's 375 px: the unit sees
its assignments by deadline (the overdue one first, in red, then the days left), the deputy the reply to
evaluate; each item opens the screen that acts on it, nothing scrolls sideways."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.test_browser_phone import accounts, sign_in  # noqa: F401  (accounts is a fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("plain_static_names"),
]

ITEMS = """(key) => [...document.querySelectorAll('[data-testid="work-' + key + '"] li')].map((li) => ({
  title: li.querySelector("a").textContent.trim(),
  note: (li.querySelector(".workbench-note") || {}).textContent || "",
  red: !!li.querySelector(".text-danger")}))"""


def _work(role_users):
    from proposals.models import Proposal
    from proposals.tests import factories as pf

    pf.deputy_mandate(role_users)
    today = timezone.localdate()
    for title, back in [("二十天后到期的建议", 72), ("已经逾期的建议", 100), ("五天后到期的建议", 87)]:
        pf.assigned_proposal(role_users, title=title, on=today - dt.timedelta(days=back))
    replied = pf.replied_proposal(role_users)
    return Proposal.objects.get(pk=replied.pk)


@pytest.mark.parametrize("width", [1366, 375])
def test_each_role_sees_its_work_and_opens_it(width, accounts, live_server, page, artifacts):  # noqa: F811
    replied = _work(accounts)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, "unit", "/me/")
    items = page.evaluate(ITEMS, "proposals.assignments")
    assert [i["title"].split(" ", 1)[-1] for i in items][:3] == [
        "已经逾期的建议",
        "五天后到期的建议",
        "二十天后到期的建议",
    ], items
    assert items[0]["red"] and items[0]["note"].startswith("逾期") and not items[1]["red"]
    assert "还剩" in items[1]["note"] and "还剩" in items[2]["note"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(artifacts / ("workbench-unit-%d.png" % width)), full_page=True)
    page.locator('[data-testid="work-proposals.assignments"] li a').first.click()
    page.wait_for_load_state()
    assert "已经逾期的建议" in page.locator("h1").inner_text()

    sign_in(page, live_server, "deputy", "/me/")
    section = page.get_by_test_id("work-proposals.to_evaluate")
    assert section.get_by_test_id("count").inner_text() == "1"
    link = section.locator("li a").first
    assert replied.title in link.inner_text()
    link.click()
    page.wait_for_load_state()
    assert page.url.endswith(replied.get_absolute_url())
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(artifacts / ("workbench-deputy-%d.png" % width)), full_page=True)
