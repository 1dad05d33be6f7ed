import datetime as dt
import threading

import pytest
from django.db import connection, connections
from django.urls import reverse

from congress.models import User
from congress.services import user_ensure
from meetings import services
from meetings.models import AgendaItem, Attendance, Ballot, Meeting, Poll, PollVoter, Presence, VoteRecord
from meetings.services import AlreadyVoted, MeetingError

pytestmark = pytest.mark.django_db


def members(n):
    return [user_ensure(username="m%02d" % i, full_name="委员%02d" % i, roles=["member"]) for i in range(n)]


def standing_meeting(admin, present: list[User], total: list[User]):
    meeting = Meeting.objects.create(type="standing", title="常委会会议", date=dt.date(2023, 4, 26))
    item = AgendaItem.objects.create(meeting=meeting, kind="decision", title="决定")
    services.meeting_open(meeting_id=meeting.pk, actor=admin)
    for u in present:
        services.attendance_mark(meeting_id=meeting.pk, user_id=u.pk, presence=Presence.PRESENT, actor=admin)
    return meeting, item


def test_decision_needs_more_than_half_of_all_members_not_of_those_present(role_users):
    """30 members, 16 present: 15 votes for is most of those present but not more than half of all."""
    User.objects.filter(groups__name="member").exclude(username__regex=r"^m[0-9]{2}$").update(is_active=False)
    everyone = members(30)
    meeting, item = standing_meeting(role_users["admin"], everyone[:16], everyone)
    assert services.quorum(meeting) == {"members": 30, "present": 16, "quorate": True}
    poll = services.poll_create(item=item, question="表决", actor=role_users["admin"])
    poll = services.poll_open(poll_id=poll.pk, actor=role_users["admin"])
    option = poll.options.get()
    for u in everyone[:15]:
        services.ballot_cast(poll_id=poll.pk, voter=u, choices={option.pk: "Y"})
    services.ballot_cast(poll_id=poll.pk, voter=everyone[15], choices={option.pk: "N"})
    result = services.poll_result(poll)
    assert result["rows"][0]["for"] == 15 and result["rows"][0]["base"] == 30 and not result["rows"][0]["passed"]
    poll.rule = "present"
    poll.save()
    assert services.poll_result(poll)["rows"][0]["passed"]  # of those present it would pass


def test_second_ballot_is_refused_and_changes_nothing(role_users):
    everyone = members(3)
    meeting, item = standing_meeting(role_users["admin"], everyone, everyone)
    poll = services.poll_create(item=item, question="表决", actor=role_users["admin"])
    poll = services.poll_open(poll_id=poll.pk, actor=role_users["admin"])
    option = poll.options.get()
    services.ballot_cast(poll_id=poll.pk, voter=everyone[0], choices={option.pk: "Y"})
    with pytest.raises(AlreadyVoted, match="已投票"):
        services.ballot_cast(poll_id=poll.pk, voter=everyone[0], choices={option.pk: "N"})
    assert services.poll_result(poll)["rows"][0]["for"] == 1 and Ballot.objects.filter(poll=poll).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_devices_at_once_count_once(role_users):
    from congress import demo

    demo.seed_core()
    admin = demo.seed_accounts()[0]
    everyone = members(2)
    meeting, item = standing_meeting(admin, everyone, everyone)
    poll = services.poll_create(item=item, question="表决", actor=admin)
    services.poll_open(poll_id=poll.pk, actor=admin)
    option = poll.options.get()
    outcomes, barrier = [], threading.Barrier(4)

    def vote():
        barrier.wait()
        try:
            services.ballot_cast(poll_id=poll.pk, voter=everyone[0], choices={option.pk: "Y"})
            outcomes.append("ok")
        except AlreadyVoted:
            outcomes.append("already")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=vote) for _ in range(4)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert sorted(outcomes) == ["already", "already", "already", "ok"]
    assert VoteRecord.objects.filter(poll=poll).count() == 1 and Ballot.objects.filter(poll=poll).count() == 1


def test_no_ballot_after_close_and_no_reopening(role_users):
    everyone = members(2)
    meeting, item = standing_meeting(role_users["admin"], everyone, everyone)
    poll = services.poll_create(item=item, question="表决", actor=role_users["admin"])
    poll = services.poll_open(poll_id=poll.pk, actor=role_users["admin"])
    services.poll_close(poll_id=poll.pk, actor=role_users["admin"])
    with pytest.raises(MeetingError):
        services.ballot_cast(poll_id=poll.pk, voter=everyone[0], choices={poll.options.get().pk: "Y"})
    with pytest.raises(MeetingError):
        services.poll_open(poll_id=poll.pk, actor=role_users["admin"])


def test_secret_ballots_cannot_be_joined_to_voters(role_users):
    everyone = members(5)
    meeting, item = standing_meeting(role_users["admin"], everyone, everyone)
    poll = services.poll_create(item=item, question="无记名表决", mode="secret", actor=role_users["admin"])
    poll = services.poll_open(poll_id=poll.pk, actor=role_users["admin"])
    option = poll.options.get()
    for u, v in zip(everyone, "YYNAY"):
        services.ballot_cast(poll_id=poll.pk, voter=u, choices={option.pk: v})
    assert not Ballot.objects.filter(poll=poll, voter__isnull=False).exists()
    ballot_columns = {f.column for f in Ballot._meta.concrete_fields}
    assert ballot_columns == {"id", "poll_id", "voter_id"}  # no time, no sequence; voter empty when secret
    with connection.cursor() as cur:  # nothing in the database links a ballot to a vote record
        cur.execute("select count(*) from information_schema.referential_constraints rc join "
                    "information_schema.key_column_usage k on rc.constraint_name = k.constraint_name "
                    "where k.table_name = 'meetings_ballotchoice' and k.column_name not in ('ballot_id', 'option_id')")
        assert cur.fetchone()[0] == 0
    assert not hasattr(Ballot, "history") and not hasattr(VoteRecord, "history")  # no audit copy to join either
    result = services.poll_result(poll)
    assert (result["rows"][0]["for"], result["rows"][0]["against"], result["rows"][0]["abstain"]) == (3, 1, 1)


def test_choose_up_to_n(role_users):
    everyone = members(2)
    meeting, item = standing_meeting(role_users["admin"], everyone, everyone)
    poll = services.poll_create(item=item, question="选择", kind="choose", options=["甲", "乙", "丙"], max_choices=2,
                                rule="valid", actor=role_users["admin"])
    poll = services.poll_open(poll_id=poll.pk, actor=role_users["admin"])
    a, b, c = poll.options.all()
    with pytest.raises(MeetingError):
        services.ballot_cast(poll_id=poll.pk, voter=everyone[0], choices={a.pk: "Y", b.pk: "Y", c.pk: "Y"})
    services.ballot_cast(poll_id=poll.pk, voter=everyone[0], choices={a.pk: "Y", b.pk: "Y"})
    assert [r["for"] for r in services.poll_result(poll)["rows"]] == [1, 1, 0]


def test_only_entitled_voters_frozen_at_open(role_users):
    everyone = members(3)
    meeting, item = standing_meeting(role_users["admin"], everyone[:2], everyone)
    poll = services.poll_create(item=item, question="表决", actor=role_users["admin"])
    poll = services.poll_open(poll_id=poll.pk, actor=role_users["admin"])
    assert set(PollVoter.objects.filter(poll=poll).values_list("user_id", flat=True)) == {u.pk for u in everyone[:2]}
    with pytest.raises(MeetingError, match="无权"):
        services.ballot_cast(poll_id=poll.pk, voter=everyone[2], choices={poll.options.get().pk: "Y"})


def test_leave_requests_before_the_day_only_and_approved_leave_is_frozen(role_users):
    meeting = Meeting.objects.create(type="standing", title="会议", date=dt.date(2023, 5, 10))
    with pytest.raises(MeetingError, match="会议当天之前"):
        services.leave_request_file(meeting=meeting, user=role_users["member"], reason="出差", today=dt.date(2023, 5, 10))
    leave = services.leave_request_file(meeting=meeting, user=role_users["member"], reason="出差", today=dt.date(2023, 5, 9))
    with pytest.raises(MeetingError):
        services.leave_request_file(meeting=meeting, user=role_users["member"], reason="再请", today=dt.date(2023, 5, 9))
    services.leave_decide(request_id=leave.pk, approve=True, actor=role_users["staff"])
    services.meeting_open(meeting_id=meeting.pk, actor=role_users["staff"])
    assert Attendance.objects.get(meeting=meeting, user=role_users["member"]).presence == "leave"


def test_member_votes_through_the_page_and_a_double_post_says_already_voted(client_as, role_users):
    from meetings.tests.matrix import OBJECTS

    o = OBJECTS(role_users)
    poll, client = o["poll"], client_as("member")
    option = poll.options.get()
    page = client.get(reverse("meetings:poll", args=[poll.pk])).content.decode()
    assert "投票" in page
    client.post(reverse("meetings:poll", args=[poll.pk]), {"o%d" % option.pk: "Y"})
    response = client.post(reverse("meetings:poll", args=[poll.pk]), {"o%d" % option.pk: "N"}, follow=True)
    assert "已投票" in response.content.decode()
    assert services.poll_result(Poll.objects.get(pk=poll.pk))["rows"][0]["for"] == 1


@pytest.mark.parametrize("ballots", [10, 300])
def test_result_page_queries_do_not_grow(ballots, client_as, role_users, django_assert_max_num_queries):
    everyone = members(ballots)
    meeting, item = standing_meeting(role_users["admin"], everyone, everyone)
    poll = services.poll_create(item=item, question="表决", actor=role_users["admin"])
    poll = services.poll_open(poll_id=poll.pk, actor=role_users["admin"])
    option = poll.options.get()
    for u in everyone:
        services.ballot_cast(poll_id=poll.pk, voter=u, choices={option.pk: "Y"})
    client = client_as("staff")
    with django_assert_max_num_queries(12):
        assert client.get(reverse("meetings:poll", args=[poll.pk])).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("meetings:poll_live", args=[poll.pk])).status_code == 200
