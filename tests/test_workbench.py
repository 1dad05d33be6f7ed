"""The workbench (工作台, /me/): each role sees what waits for it, most urgent first, linked to the screen
that acts on it, with a full count; its queries do not grow with the rows; a notice shows once."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from congress.services import notify
from congress.workbench import days_left, workbench_for
from meetings.tests.factories import meeting_with_item, open_poll, opened
from proposals.tests import factories as pf

pytestmark = pytest.mark.django_db

# the most queries /me/ may cost each role (session, user, roles, the sections), whatever the rows
# The home page's exact queries per role: with one item of each kind, then with a full first page of
# each list (one count query more for each section whose list is now cut at five items).
QUERIES = {"staff": 25, "leader": 25, "unit": 13, "deputy": 15, "member": 14}
QUERIES_FULL = {"staff": 27, "leader": 27, "unit": 14, "deputy": 15, "member": 14}


def _work(role_users, n):
    """``n`` of each kind of work: proposals submitted, registered, assigned overdue; a reply to evaluate."""
    for i in range(n):
        pf.submitted(role_users, title="待登记建议%d" % i)
        p = pf.submitted(role_users, title="待交办建议%d" % i)
        from proposals import services

        services.proposal_register(proposal_id=p.pk, actor=role_users["staff"])
        pf.assigned_proposal(role_users, title="逾期建议%d" % i)
    pf.replied_proposal(role_users)


def _sections(user):
    return {s.key: s for s in workbench_for(user)}


def test_each_role_sees_its_work_with_counts_and_exact_queries(client_as, role_users, django_assert_num_queries):
    from meetings.models import Meeting

    _work(role_users, 1)
    staff, member = role_users["staff"], role_users["member"]
    meeting, item = meeting_with_item(date=timezone.localdate(), title="常委会第二十次会议")
    opened(meeting, [member, role_users["leader"]], staff)
    open_poll(item, staff)
    Meeting.objects.create(
        type="standing", title="常委会第二十一次会议", date=timezone.localdate() + dt.timedelta(days=9)
    )

    staff_work = _sections(staff)
    assert staff_work["proposals.register"].count == 1 and staff_work["proposals.assign"].count == 1
    assert staff_work["proposals.overdue_units"].items[0].overdue
    assert "meetings.open_polls" in staff_work and "meetings.coming" in staff_work
    unit_work = _sections(role_users["unit"])
    first = unit_work["proposals.assignments"].items[0]
    assert first.overdue and first.note.startswith("逾期") and first.url.startswith("/proposals/")
    deputy_work = _sections(role_users["deputy"])
    assert deputy_work["proposals.to_evaluate"].count == 1
    member_work = _sections(member)
    assert member_work["meetings.ballots"].items[0].url == reverse("meetings:poll", args=[item.polls.get().pk])
    assert [i.title for i in member_work["meetings.coming"].items] == ["常委会第二十次会议", "常委会第二十一次会议"]

    def pages(expected):
        for role, queries in expected.items():
            client = client_as(role)
            with django_assert_num_queries(queries, info=role):
                page = client.get(reverse("congress:home")).content.decode()
            assert 'data-testid="workbench"' in page

    pages(QUERIES)
    _work(role_users, 5)  # more of everything: full counts and five items listed
    pages(QUERIES_FULL)
    staff_work = _sections(staff)
    assert staff_work["proposals.register"].count == 6 and len(staff_work["proposals.register"].items) == 5
    titles = [i.title for i in staff_work["proposals.register"].items]
    assert titles[0] == "待登记建议0"  # oldest first
    assert _sections(role_users["unit"])["proposals.assignments"].count == 6


def test_a_notice_sent_twice_shows_once_and_days_left_read_in_chinese(client_as, role_users):
    deputy = role_users["deputy"]
    for _ in range(2):
        notify(recipients=[deputy], template="congress/email/welcome", email=False)
    page = client_as("deputy").get(reverse("congress:home")).content.decode()
    section = page.split('data-testid="work-notifications"')[1].split("</section>")[0]
    assert section.count("欢迎使用") == 1
    today = timezone.localdate()
    assert days_left(today + dt.timedelta(days=5), today) == ("还剩 5 天", False)
    assert days_left(today - dt.timedelta(days=3), today) == ("逾期 3 天", True)
    assert days_left(today, today) == ("今天到期", False)


# what each demo account's workbench shows after seed_demo (called from reports/tests/test_demo_year.py,
# which seeds the demo year once)
DEMO_WORK = {
    "staff": {
        "proposals.register",
        "proposals.assign",
        "proposals.requests",
        "proposals.overdue_units",
        "meetings.coming",
    },
    "leader": {
        "proposals.register",
        "proposals.assign",
        "proposals.overdue_units",
        "meetings.ballots",
        "meetings.coming",
    },
    "unit": {"proposals.assignments"},
    "deputy": {"proposals.to_evaluate", "proposals.cosign", "proposals.drafts", "meetings.ballots", "meetings.coming"},
    "member": {"meetings.ballots", "meetings.coming"},
}


def assert_every_demo_account_has_live_work():
    import re

    from django.test import Client

    from congress.models import User

    for username, kinds in DEMO_WORK.items():
        user = User.objects.get(username=username)
        work = {s.key: s for s in workbench_for(user)}
        assert kinds <= {k for k, s in work.items() if s.count and s.items}, (username, sorted(work))
    unit = {s.key: s for s in workbench_for(User.objects.get(username="unit"))}["proposals.assignments"]
    notes = [i.note for i in unit.items]
    assert unit.items[0].overdue and notes[0].startswith("逾期"), notes
    left = sorted(int(re.match(r"还剩 (\d+) 天", n).group(1)) for n in notes if n.startswith("还剩"))
    assert any(5 <= d <= 7 for d in left) and any(20 <= d <= 22 for d in left), notes
    client = Client()
    client.force_login(User.objects.get(username="deputy"))
    page = client.get(reverse("congress:home")).content.decode()
    assert page.count('data-testid="work-proposals.to_evaluate"') == 1
    if 'data-testid="work-notifications"' in page:
        notices = page.split('data-testid="work-notifications"')[1].split("</section>")[0]
        links = re.findall(r'<a href="[^"]*">([^<]*)</a>', notices)
        assert len(links) == len(set(links)), links


def test_the_apps_sections_come_from_the_cache_until_a_record_changes(role_users, django_assert_num_queries):
    _work(role_users, 1)
    staff = role_users["staff"]
    first = {s.key: s for s in workbench_for(staff)}
    with django_assert_num_queries(1):  # the core's unread notifications only: the apps' sections are cached
        again = {s.key: s for s in workbench_for(staff)}
    assert again == first and again["proposals.register"].count == 1
    pf.submitted(role_users, title="又一件待登记建议")  # a write through the services moves the stamp
    assert {s.key: s for s in workbench_for(staff)}["proposals.register"].count == 2


@pytest.mark.django_db(transaction=True)
def test_a_write_moves_the_stamp_again_when_its_transaction_commits():
    from django.db import transaction

    from congress import stamp
    from congress.models import Congress, Level

    with transaction.atomic():
        Congress.objects.create(name="甲市人民代表大会", level=Level.CITY)
        during = stamp.stamp()
        Congress.objects.create(name="乙市人民代表大会", level=Level.CITY)
        assert sum(entry[1] is stamp.move for entry in transaction.get_connection().run_on_commit) == 1
        assert stamp.stamp() == during + 1
    assert stamp.stamp() == during + 2  # once more at the commit, for both writes
    with transaction.atomic():
        Congress.objects.create(name="丙市人民代表大会", level=Level.CITY)
        transaction.set_rollback(True)
    assert stamp.stamp() == during + 3  # a rolled-back write moved it once, and nothing more
