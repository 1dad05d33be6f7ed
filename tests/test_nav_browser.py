"""The main navigation in Debian's Chromium: at 1280 px every area of staff's and a unit's bar sits on
one line (the bar one line high) and opens its dropdown; at 375 px it collapses behind the toggle."""

import pytest

from tests.test_browser_phone import accounts, sign_in  # noqa: F401  (accounts is a fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("plain_static_names"),
]

BAR = """() => {
  const bar = document.querySelector("nav.portal-navbar");
  const items = [...bar.querySelectorAll("#nav-main > ul > li")].filter((li) => li.offsetParent !== null);
  return {height: bar.getBoundingClientRect().height,
          tops: [...new Set(items.map((li) => Math.round(li.getBoundingClientRect().top)))],
          labels: [...bar.querySelectorAll(".portal-nav-groups > li > .nav-link")].map((a) => a.textContent.trim()),
          scroll: document.documentElement.scrollWidth};
}"""


@pytest.mark.parametrize("username", ["staff", "unit"])
def test_the_bar_is_one_line_at_1280_and_collapses_on_a_phone(username, accounts, live_server, page, artifacts):  # noqa: F811
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, live_server, username, "/me/")
    bar = page.evaluate(BAR)
    # one line: brand, areas, account and language side by side (the buttons sit a few px lower, centred)
    assert max(bar["tops"]) - min(bar["tops"]) <= 10 and bar["height"] < 70, bar
    assert bar["scroll"] <= 1280
    if username == "staff":
        assert bar["labels"] == ["首页", "代表", "议案建议", "会议表决", "监督", "民生实事", "任免", "管理"]
        page.get_by_role("button", name="议案建议").click()
        assert page.get_by_role("link", name="登记交办").is_visible()
    else:
        assert "管理" not in bar["labels"] and "议案建议" in bar["labels"]
    page.screenshot(path=str(artifacts / ("nav-1280-%s.png" % username)))

    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(live_server.url + "/me/")
    assert page.get_by_test_id("nav-toggle").is_visible()
    assert not page.locator("#nav-main").is_visible()
    assert page.evaluate("document.querySelector('nav.portal-navbar').getBoundingClientRect().height") < 70
    page.get_by_test_id("nav-toggle").click()
    page.locator("#nav-main.show").wait_for()
    page.get_by_role("button", name="议案建议").click()
    assert page.locator("#nav-main .dropdown-menu.show a").first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(artifacts / ("nav-375-%s.png" % username)), full_page=True)
