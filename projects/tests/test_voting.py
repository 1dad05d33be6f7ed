"""The slate and satisfaction votes are cast by the deputies present at the session (marked through
the meetings engine's attendance), measured against all deputies by their mandates in force, never
against those merely expected."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from congress.models import Congress, Level, Role, Term, User
from deputies.tests.factories import DeputyFactory
from meetings import services as engine
from meetings.models import Meeting, Poll, Presence
from projects import services
from projects.models import Slate
from projects.tests.factories import slate, voters, voting_slate_with_adopted

pytestmark = pytest.mark.django_db


def _district_deputies(n, prefix, with_accounts=True):
    """``n`` deputies of the district's 19th congress with mandates in force (and accounts in the deputy role)."""
    term = Term.objects.get(
        congress=Congress.objects.get(level=Level.DISTRICT, name="安康市汉滨区人民代表大会"), number=19
    )
    people = voters(n, prefix) if with_accounts else [None] * n
    if with_accounts:
        Group.objects.get(name=Role.DEPUTY).user_set.add(*people)
    for i, user in enumerate(people):
        DeputyFactory(term=term, congress=term.congress, user=user, full_name="%s代表%d" % (prefix, i))
    return people


def _mark_present(meeting, people, actor):
    if not meeting.opened_at:
        engine.meeting_open(meeting_id=meeting.pk, actor=actor)
    for user in people:
        engine.attendance_mark(meeting_id=meeting.pk, user_id=user.pk, presence=Presence.PRESENT, actor=actor)


def test_the_staff_button_puts_the_slate_to_the_deputies_present_against_all_by_mandates(client_as, role_users):
    present = _district_deputies(6, "mp")
    _district_deputies(2, "mx", with_accounts=False)  # in office, no account: still counted among all deputies
    s = slate(places=1, candidates=2, electorate=None)
    all_deputies = services.deputies_in_office(s.congress, s.session.start_date)
    assert all_deputies >= 8
    assert client_as("staff").post(reverse("projects:slate_open", args=[s.pk])).status_code == 302
    s.refresh_from_db()
    poll = Poll.objects.select_related("item__meeting").get(pk=s.poll_id)
    assert (s.status, s.electorate, poll.electorate, poll.base_given) == (
        "voting",
        all_deputies,
        "present",
        all_deputies,
    )
    meeting = poll.item.meeting
    _mark_present(meeting, present, role_users["admin"])  # the demo deputy is expected but not marked present
    poll = engine.poll_open(poll_id=poll.pk, actor=role_users["admin"])
    assert set(poll.voters.values_list("user_id", flat=True)) == {u.pk for u in present}
    assert poll.base == all_deputies and poll.present == len(present)
    assert client_as("staff").post(reverse("projects:slate_open", args=[s.pk])).status_code == 302  # second attempt
    assert Poll.objects.filter(item__meeting=meeting).count() == 1


def test_a_typed_number_of_all_deputies_is_the_base(role_users):
    _district_deputies(3, "mt")
    s = slate(places=1, candidates=2, electorate=312)
    services.slate_open_vote(slate_id=s.pk, actor=role_users["staff"])
    assert Poll.objects.get(pk=Slate.objects.get(pk=s.pk).poll_id).base_given == 312


def test_no_deputies_in_office_and_no_number_refuses_the_vote(role_users):
    s = slate(places=1, candidates=2, electorate=None)
    from deputies.models import Deputy

    Deputy.objects.filter(congress=s.congress).update(status="resigned", status_date=dt.date(2000, 1, 1))
    with pytest.raises(services.ProjectError):
        services.slate_open_vote(slate_id=s.pk, actor=role_users["staff"])
    assert Slate.objects.get(pk=s.pk).poll_id is None and not Poll.objects.exists()


def test_the_satisfaction_vote_is_by_the_deputies_present(role_users):
    present = _district_deputies(5, "ms")
    s = voting_slate_with_adopted()["slate"]
    meeting = Meeting.objects.create(type="congress", title="区十九届人大三次会议", date=dt.date(2024, 1, 8))
    s = services.satisfaction_poll_create(slate_id=s.pk, actor=role_users["staff"], meeting=meeting)
    poll = Poll.objects.get(pk=s.satisfaction_poll_id)
    assert poll.electorate == "present" and poll.base_given == services.deputies_in_office(s.congress, meeting.date)
    _mark_present(meeting, present, role_users["admin"])
    poll = engine.poll_open(poll_id=poll.pk, actor=role_users["admin"])
    assert set(poll.voters.values_list("user_id", flat=True)) == {u.pk for u in present}
    assert User.objects.get(username="deputy").pk not in set(poll.voters.values_list("user_id", flat=True))


def test_the_decision_page_says_how_many_passed_of_how_many(client_as, role_users):
    from projects.tests.factories import counted

    s = slate(places=2, candidates=4)
    a, b, c, d = list(s.projects.order_by("pk").values_list("pk", flat=True))
    counted(s, {a: (9, 1, 0), b: (8, 2, 0), c: (7, 3, 0), d: (2, 8, 0)})  # three pass, two places
    page = client_as("staff").get(reverse("projects:slate_decide", args=[s.pk])).content.decode()
    assert "通过 2 项（共 4 项）" in page
    adopted = services.slate_decide(slate_id=s.pk, actor=role_users["staff"], on=dt.date(2023, 1, 6))
    assert [p.pk for p in adopted] == [a, b]
    with pytest.raises(services.ProjectError):  # the second attempt
        services.slate_decide(slate_id=s.pk, actor=role_users["staff"], on=dt.date(2023, 1, 6))


def test_a_tie_order_without_a_tie_is_refused(role_users):
    from projects.tests.factories import counted

    s = slate(places=1, candidates=2)
    a, b = list(s.projects.order_by("pk").values_list("pk", flat=True))
    counted(s, {a: (8, 2, 0), b: (7, 3, 0)})
    with pytest.raises(services.ProjectError, match="没有并列"):
        services.slate_decide(slate_id=s.pk, actor=role_users["staff"], tie_order=[b, a], note="抽签")
    assert Slate.objects.get(pk=s.pk).status == "voting"
