"""A member votes on a 375 px phone in Debian's Chromium; the chair closes the poll and sees the result."""

import pytest

from congress import demo
from meetings.models import Poll, VoteRecord
from meetings.tests.factories import matrix_objects

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("plain_static_names"),
]


@pytest.fixture
def accounts(transactional_db):
    demo.seed_core()
    return {u.username: u for u in demo.seed_accounts()}


def login(page, live_server, username):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(demo.demo_password())
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(live_server.url + "/me/")


def test_member_votes_on_a_phone_and_the_chair_closes_and_sees_the_result(accounts, live_server, browser, artifacts):
    poll = matrix_objects(accounts)["poll"]
    phone = browser.new_context(viewport={"width": 375, "height": 812})
    page = phone.new_page()
    login(page, live_server, "member")
    page.goto(live_server.url + "/meetings/")
    page.get_by_test_id("open-poll").first.click()
    page.get_by_text("赞成", exact=True).click()
    page.get_by_role("button", name="下一步：核对我的选择").click()
    assert "赞成" in page.get_by_test_id("vote-summary").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(artifacts / "meetings-vote-confirm.png"), full_page=True)
    page.get_by_role("button", name="确认投票").click()
    assert page.get_by_test_id("voted").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(artifacts / "meetings-voted.png"), full_page=True)
    assert VoteRecord.objects.filter(poll=poll, user=accounts["member"]).count() == 1

    chair = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    login(chair, live_server, "staff")
    chair.goto(live_server.url + "/meetings/polls/%d/" % poll.pk)
    assert "1" in chair.get_by_test_id("poll-result").inner_text()
    chair.get_by_role("button", name="结束表决").click()
    assert chair.get_by_test_id("poll-status").inner_text() == Poll.objects.get(pk=poll.pk).get_status_display()
    verdict = chair.get_by_test_id("verdict").first.inner_text()
    assert verdict == "未通过"  # 1 of 2 members present: not more than half of all members
    chair.screenshot(path=str(artifacts / "meetings-result.png"), full_page=True)
    projector = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    login(projector, live_server, "leader")
    projector.goto(live_server.url + "/meetings/polls/%d/projector/" % poll.pk)
    assert projector.get_by_test_id("verdict").first.inner_text() == "未通过"
