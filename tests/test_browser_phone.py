"""Screens that respect the user's work, in Debian's Chromium: a staff list on a 375 px phone shows
one card per row (each cell a full-width line with its column label, no sideways scrolling), and the
projector page fills a 1366×768 hall screen with the poll alone: no navigation, no user name, no
scrolling, and it follows the poll from open to closed by itself."""

import pytest
from django.utils import translation

from congress import demo

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("plain_static_names"),
]

CELLS = """() => [...document.querySelectorAll("table.table-cards tbody td")]
  .filter((td) => td.offsetParent !== null)
  .map((td) => ({box: td.getBoundingClientRect().toJSON(), label: getComputedStyle(td, "::before").content}))"""


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


def test_a_staff_list_on_a_phone_is_one_labelled_card_per_row(accounts, live_server, page, artifacts):
    from deputies.tests.factories import DeputyFactory, DeputyGroupFactory, LiaisonStationFactory

    group, station = DeputyGroupFactory(name="第一代表小组（城关片区）"), LiaisonStationFactory()
    DeputyFactory.create_batch(3, group=group, station=station)

    page.set_viewport_size({"width": 375, "height": 812})
    sign_in(page, live_server, "staff", "/deputies/manage/roster/")
    cells = page.evaluate(CELLS)
    assert len(cells) >= 3 * 7  # six columns and the edit button per deputy
    assert min(c["box"]["width"] for c in cells) >= 300  # a card line, not a 1–3 character column
    assert '"性别"' in {c["label"] for c in cells} and '"代表联络站"' in {c["label"] for c in cells}
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(artifacts / "phone-roster.png"), full_page=True)

    page.set_viewport_size({"width": 1280, "height": 800})  # a desk keeps the table: one row, one line
    tops = {round(c["box"]["y"]) for c in page.evaluate(CELLS)[:7]}
    assert len(tops) == 1


def test_the_projector_shows_the_poll_alone_without_scrolling_and_follows_it(accounts, live_server, page, artifacts):
    from meetings import services
    from meetings.models import Poll, PollStatus
    from meetings.tests.factories import meeting_with_item, members, opened

    admin = accounts["admin"]
    everyone = members(5, prefix="p")
    meeting, item = meeting_with_item()
    opened(meeting, everyone, admin)
    poll = services.poll_create(
        agenda_item=item,
        question="表决：关于区十九届人大常委会任命区人民政府部分组成部门负责人的决定（草案）",
        kind="slate",
        options=["候选人%d" % i for i in range(1, 9)],
        actor=admin,
    )
    services.poll_open(poll_id=poll.pk, actor=admin)
    options = list(poll.options.values_list("pk", flat=True))
    for voter in everyone[:4]:
        services.ballot_cast(poll_id=poll.pk, voter=voter, choices=dict.fromkeys(options, "Y"))

    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in(page, live_server, "staff", "/meetings/polls/%d/projector/" % poll.pk)
    assert page.locator("nav, header.navbar, footer, .portal-navbar").count() == 0
    assert accounts["staff"].display_name not in page.locator("body").inner_text()
    assert "候选人8" in page.get_by_test_id("poll-result").inner_text()
    assert page.evaluate("document.documentElement.scrollHeight <= window.innerHeight")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.evaluate("parseFloat(getComputedStyle(document.querySelector('h1')).fontSize)") >= 40

    services.poll_close(poll_id=poll.pk, actor=admin)
    with translation.override("zh-hans"):
        closed = Poll(status=PollStatus.CLOSED).get_status_display()
    page.get_by_test_id("poll-status").filter(has_text=closed).wait_for(timeout=6000)
    assert page.get_by_test_id("verdict").first.inner_text() == "通过"
    assert page.evaluate("document.documentElement.scrollHeight <= window.innerHeight")
    page.screenshot(path=str(artifacts / "projector-1366.png"))

    page.set_viewport_size({"width": 1920, "height": 1080})
    assert page.evaluate("document.documentElement.scrollHeight <= window.innerHeight")
    page.screenshot(path=str(artifacts / "projector-1920.png"))
