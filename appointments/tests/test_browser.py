"""In Chromium at 375 px: a standing-committee member opens the next meeting's appointments, reads the
statement, votes on the nomination on the meetings voting page; staff record the outcome."""

import datetime as dt

import pytest
from django.utils import timezone

from congress import demo

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("plain_static_names"),
]


@pytest.fixture
def accounts(transactional_db):
    demo.seed_core()
    return {u.username: u for u in demo.seed_accounts()}


def test_a_member_votes_on_a_nomination_from_a_phone(accounts, live_server, browser, artifacts):
    from appointments import services
    from appointments.models import Nomination
    from appointments.tests import factories as f
    from meetings import services as engine
    from meetings.models import VoteRecord

    m = f.meeting(date=timezone.localdate() + dt.timedelta(days=1))
    n = f.nomination("王某", "区民政局局长", m=m)
    poll = services.vote_open(meeting_id=m.pk, nomination_ids=[n.pk], actor=accounts["staff"])
    engine.poll_open(poll_id=poll.pk, actor=accounts["staff"])

    page = browser.new_context(viewport={"width": 375, "height": 812}).new_page()
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    next_path = "/appointments/member/"
    page.goto(live_server.url + "/accounts/login/?next=" + next_path)
    page.get_by_label("用户名").fill("member")
    page.get_by_label("密码").fill(demo.demo_password())
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(live_server.url + next_path)
    page.locator("main").get_by_text("供职报告").first.click()  # the statement opens in place
    assert page.get_by_text("王某的供职报告").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(artifacts / "appointments-member-375.png"), full_page=True)
    page.get_by_test_id("open-votes").get_by_role("link").first.click()
    page.get_by_text("赞成", exact=True).click()
    page.get_by_role("button", name="下一步：核对我的选择").click()
    page.get_by_role("button", name="确认投票").click()
    assert page.get_by_test_id("voted").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(artifacts / "appointments-voted-375.png"), full_page=True)
    assert VoteRecord.objects.filter(poll=poll, user=accounts["member"]).count() == 1

    engine.ballot_cast(poll_id=poll.pk, voter=accounts["leader"], choices={poll.options.get().pk: "Y"})
    engine.poll_close(poll_id=poll.pk, actor=accounts["staff"])
    staff = browser.new_context(viewport={"width": 375, "height": 812}).new_page()
    staff.goto(live_server.url + "/accounts/login/?next=/appointments/manage/meetings/%d/" % m.pk)
    staff.get_by_label("用户名").fill("staff")
    staff.get_by_label("密码").fill(demo.demo_password())
    staff.get_by_role("button", name="登录").click()
    staff.get_by_role("button", name="登记表决结果").click()
    assert "任命王某为区民政局局长" in staff.get_by_test_id("decided").inner_text()
    assert staff.evaluate("document.documentElement.scrollWidth") <= 375
    staff.screenshot(path=str(artifacts / "appointments-meeting-375.png"), full_page=True)
    assert Nomination.objects.get(pk=n.pk).status == "adopted" and errors == []
