"""Issue 17's rules as staff and deputies meet them in Chromium on a phone: ending a mandate on the
deputy's page takes the right to propose away; a poll cannot open without a quorum, the chair is
told the counts and sees who is missing."""

import pytest
from django.utils import timezone

from congress import demo
from congress.models import AuditEntry, User

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


def test_staff_end_a_mandate_and_the_deputy_can_no_longer_propose(accounts, live_server, page, artifacts):
    from proposals.models import Proposal
    from proposals.tests.factories import deputy_mandate

    mandate = deputy_mandate(accounts)
    page.set_viewport_size({"width": 375, "height": 812})
    sign_in(page, live_server, "staff", mandate.get_absolute_url())
    page.get_by_label("终止方式").select_option("resigned")
    page.get_by_label("终止日期").fill(timezone.localdate().isoformat())
    page.get_by_label("原因").fill("本人因工作调动辞去代表职务")
    page.get_by_role("button", name="终止代表资格").click()
    page.wait_for_load_state()
    assert "辞职" in page.locator('[data-testid="mandate-status"]').inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(artifacts / "mandate-ended.png"), full_page=True)
    mandate.refresh_from_db()
    assert (mandate.status, mandate.status_reason) == ("resigned", "本人因工作调动辞去代表职务")
    assert AuditEntry.objects.filter(object_id=str(mandate.pk), actor=accounts["staff"]).exists()
    # the form is gone: a mandate ends once
    assert page.get_by_role("button", name="终止代表资格").count() == 0

    before = Proposal.objects.count()
    sign_in(page, live_server, "deputy", "/proposals/new/")
    assert "您的代表资格已于%s终止，不能提出建议。" % mandate.status_date.isoformat() in page.content()
    assert not page.url.endswith("/proposals/new/")
    assert Proposal.objects.count() == before


def test_a_poll_cannot_open_without_a_quorum_and_the_chair_sees_who_is_missing(accounts, live_server, page, artifacts):
    from meetings import services
    from meetings.tests.factories import meeting_with_item, members, opened

    admin = accounts["admin"]
    User.objects.filter(groups__name="member").update(is_active=False)
    everyone = members(7, prefix="q")
    meeting, item = meeting_with_item()
    opened(meeting, everyone[:3], admin)  # 3 of 7 present: not more than half
    poll = services.poll_create(agenda_item=item, question="表决：关于某事项的决定", actor=admin)

    page.set_viewport_size({"width": 375, "height": 812})
    sign_in(page, live_server, "staff", poll.get_absolute_url())
    missing = page.locator('[data-testid="missing"]').inner_text()
    assert "尚未登记（4 人）" in missing and everyone[6].full_name in missing
    page.get_by_role("button", name="开始表决").click()
    page.wait_for_load_state()
    assert "出席 3 人，未过全体组成人员 7 人的半数，不能开始表决" in page.content()
    page.screenshot(path=str(artifacts / "poll-no-quorum.png"), full_page=True)
    poll.refresh_from_db()
    assert poll.status == "created" and not poll.voters.exists()

    services.attendance_mark(meeting_id=meeting.pk, user_id=everyone[3].pk, presence="present", actor=admin)
    page.reload()
    page.get_by_role("button", name="开始表决").click()
    page.wait_for_load_state()
    poll.refresh_from_db()
    assert poll.status == "open" and poll.voters.count() == 4
    assert page.get_by_role("button", name="结束表决").is_visible()
