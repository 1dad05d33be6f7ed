"""The voting engine's and the meetings' rules, built through the services on PostgreSQL."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from congress.models import AuditEntry, User
from meetings import services
from meetings.models import (
    AgendaItem,
    Attendance,
    Ballot,
    LeaveRequest,
    Meeting,
    PaperCount,
    Poll,
    PollVoter,
    Presence,
    VoteRecord,
)
from meetings.services import AlreadyVoted, MeetingError
from meetings.tests.factories import meeting_with_item, members, open_poll, opened

pytestmark = pytest.mark.django_db


def yes(poll):
    return {poll.options.get().pk: "Y"}


def row(poll):
    r = services.poll_result(Poll.objects.get(pk=poll.pk))["rows"][0]
    return r["for"], r["against"], r["abstain"], r["base"], r["passed"]


# --- majority rules and quorum ---------------------------------------------------------------------


def test_30_members_16_present_15_for_fails_more_than_half_of_all(admin, only_test_members):
    """15 for is most of those present but not more than half of all 30 members."""
    everyone = members(30)
    meeting, item = meeting_with_item()
    opened(meeting, everyone[:16], admin)
    assert services.quorum(meeting) == {"members": 30, "present": 16, "leave": 0, "quorate": True}
    poll = open_poll(item, admin)
    assert (poll.base, poll.present) == (30, 16)
    for u in everyone[:15]:
        services.ballot_cast(poll_id=poll.pk, voter=u, choices=yes(poll))
    services.ballot_cast(poll_id=poll.pk, voter=everyone[15], choices={poll.options.get().pk: "N"})
    assert row(poll) == (15, 1, 0, 30, False)
    Poll.objects.filter(pk=poll.pk).update(rule="present")
    assert row(poll)[3:] == (16, True)  # of those present it would pass


def test_16_for_of_30_passes_and_15_of_29_present_quorum(admin, only_test_members):
    everyone = members(30)
    meeting, item = meeting_with_item()
    opened(meeting, everyone[:16], admin)
    poll = open_poll(item, admin)
    for u in everyone[:16]:
        services.ballot_cast(poll_id=poll.pk, voter=u, choices=yes(poll))
    assert row(poll) == (16, 0, 0, 30, True)


def test_exactly_half_present_is_not_a_quorum_and_the_poll_cannot_open(admin, only_test_members):
    everyone = members(30)
    meeting, item = meeting_with_item()
    opened(meeting, everyone[:15], admin)
    assert services.quorum(meeting)["quorate"] is False
    poll = services.poll_create(agenda_item=item, question="表决", rule="valid", actor=admin)
    for _attempt in range(2):  # refused, and refused again: nothing frozen, nobody may vote
        with pytest.raises(MeetingError, match="出席 15 人，未过全体组成人员 30 人的半数，不能开始表决"):
            services.poll_open(poll_id=poll.pk, actor=admin)
    assert Poll.objects.get(pk=poll.pk).status == "created" and not PollVoter.objects.filter(poll=poll).exists()
    with pytest.raises(MeetingError):
        services.ballot_cast(poll_id=poll.pk, voter=everyone[0], choices=yes(poll))
    services.attendance_mark(meeting_id=meeting.pk, user_id=everyone[15].pk, presence="present", actor=admin)
    assert services.poll_open(poll_id=poll.pk, actor=admin).present == 16


def test_14_of_29_marked_present_cannot_open_even_with_the_retired_expected_electorate(admin, only_test_members):
    """Members never marked present are not present: 'expected' now means exactly 'present'."""
    everyone = members(29)
    meeting, item = meeting_with_item()
    opened(meeting, everyone[:14], admin)
    Attendance.objects.filter(meeting=meeting, user=everyone[20]).update(presence="leave")
    services.attendance_mark(meeting_id=meeting.pk, user_id=everyone[21].pk, presence="absent", actor=admin)
    poll = services.poll_create(agenda_item=item, question="表决", electorate="expected", actor=admin)
    with pytest.raises(MeetingError, match="出席 14 人，未过全体组成人员 29 人的半数"):
        services.poll_open(poll_id=poll.pk, actor=admin)
    gone = services.missing(meeting)
    assert (len(gone["expected"]), len(gone["leave"]), len(gone["absent"]), gone["count"]) == (13, 1, 1, 15)
    services.attendance_mark(meeting_id=meeting.pk, user_id=everyone[14].pk, presence="present", actor=admin)
    poll = services.poll_open(poll_id=poll.pk, actor=admin)
    assert (poll.base, poll.present) == (29, 15)
    assert set(PollVoter.objects.filter(poll=poll).values_list("user_id", flat=True)) == {u.pk for u in everyone[:15]}
    with pytest.raises(MeetingError, match="无权"):  # expected but never marked present: no vote
        services.ballot_cast(poll_id=poll.pk, voter=everyone[16], choices=yes(poll))


def test_given_base_all_deputies_and_two_thirds(admin, only_test_members):
    """A congress session adopts with more than half of ALL deputies (base given by law: 300)."""
    voters = members(10, prefix="d")
    meeting, item = meeting_with_item(type="congress", title="区第十九届人民代表大会第二次会议")
    poll = open_poll(item, admin, rule="deputies", base=300, electorate=voters)
    assert (poll.base, poll.present) == (300, 10) and poll.electorate == "named"
    for u in voters:
        services.ballot_cast(poll_id=poll.pk, voter=u, choices=yes(poll))
    assert row(poll) == (10, 0, 0, 300, False)
    poll2 = open_poll(
        AgendaItem.objects.create(meeting=meeting, kind="decision", title="修改"),
        admin,
        rule="valid",
        threshold="2/3",
        electorate=voters[:3],
    )
    opt = poll2.options.get().pk
    for u, v in zip(voters[:3], "YYN"):
        services.ballot_cast(poll_id=poll2.pk, voter=u, choices={opt: v})
    assert row(poll2) == (2, 1, 0, 3, True)  # exactly two-thirds is enough for "三分之二以上"


def test_slate_and_choose_up_to_n(admin, only_test_members):
    everyone = members(3)
    meeting, item = meeting_with_item()
    opened(meeting, everyone, admin)
    slate = open_poll(item, admin, kind="slate", options=["项目甲", "项目乙"], mode="secret", question="民生实事票决")
    a, b = slate.options.all()
    with pytest.raises(MeetingError, match="每一项"):
        services.ballot_cast(poll_id=slate.pk, voter=everyone[0], choices={a.pk: "Y"})
    for u, (va, vb) in zip(everyone, ["YN", "YA", "NY"]):
        services.ballot_cast(poll_id=slate.pk, voter=u, choices={a.pk: va, b.pk: vb})
    rows = services.poll_result(Poll.objects.get(pk=slate.pk))["rows"]
    assert [(r["for"], r["against"], r["abstain"], r["passed"]) for r in rows] == [(2, 1, 0, True), (1, 1, 1, False)]
    choose = open_poll(
        AgendaItem.objects.create(meeting=meeting, kind="other", title="选举"),
        admin,
        kind="choose",
        options=["甲", "乙", "丙"],
        max_choices=2,
        rule="valid",
        question="选择",
    )
    x, y, z = choose.options.all()
    with pytest.raises(MeetingError):
        services.ballot_cast(poll_id=choose.pk, voter=everyone[0], choices={x.pk: "Y", y.pk: "Y", z.pk: "Y"})
    with pytest.raises(MeetingError):
        services.ballot_cast(poll_id=choose.pk, voter=everyone[0], choices={x.pk: "N"})
    services.ballot_cast(poll_id=choose.pk, voter=everyone[0], choices={x.pk: "Y", y.pk: "Y"})
    services.ballot_cast(poll_id=choose.pk, voter=everyone[1], choices={x.pk: "Y"})
    services.ballot_cast(poll_id=choose.pk, voter=everyone[2], choices={})  # a blank ballot
    assert [r["for"] for r in services.poll_result(Poll.objects.get(pk=choose.pk))["rows"]] == [2, 1, 0]


def test_rating_poll_counts_satisfaction_and_passes_on_satisfied_plus_basically(admin, only_test_members):
    """满意度测评: satisfied / basically satisfied / unsatisfied on every option, stored as Y/A/N; an
    option passes when satisfied + basically satisfied meet the rule (here more than half of valid)."""
    everyone = members(5)
    meeting, item = meeting_with_item()
    opened(meeting, everyone, admin)
    poll = open_poll(
        item, admin, kind="rating", options=["甲局长", "乙局长"], mode="secret", rule="valid", question="履职满意度测评"
    )
    a, b = poll.options.all()
    assert [v for v, _label in poll.value_choices()] == ["Y", "A", "N"]
    with pytest.raises(MeetingError):
        services.ballot_cast(poll_id=poll.pk, voter=everyone[0], choices={a.pk: "Y"})  # every option rated
    for u, (va, vb) in zip(everyone, ["YN", "AN", "NN", "NY", "AA"]):
        services.ballot_cast(poll_id=poll.pk, voter=u, choices={a.pk: va, b.pk: vb})
    result = services.poll_result(Poll.objects.get(pk=poll.pk))
    assert result["labels"] == ["满意", "基本满意", "不满意"]
    # 甲: 1 satisfied + 2 basically of 5 valid passes; 乙: 1 + 1 of 5 does not.
    assert [(r["counts"], r["approval"], r["passed"]) for r in result["rows"]] == [
        ([1, 2, 2], 3, True),
        ([1, 1, 3], 2, False),
    ]


def test_opening_a_poll_notifies_each_voter_in_their_language_with_a_link(admin, only_test_members):
    from congress.models import Notification, OutboundEmail

    everyone = members(3)
    User.objects.filter(pk=everyone[2].pk).update(language="en")
    meeting, item = meeting_with_item()
    opened(meeting, everyone[:3], admin)
    poll = open_poll(item, admin, question="关于批准2022年决算的决议（草案）")
    notes = {n.recipient_id: n for n in Notification.objects.filter(url=poll.get_absolute_url())}
    assert set(notes) == {u.pk for u in everyone}
    assert notes[everyone[0].pk].title.startswith("请投票") and notes[everyone[2].pk].title.startswith("Vote now")
    assert not OutboundEmail.objects.exists()  # in-app only


def test_poll_create_refuses_bad_settings(admin):
    meeting, item = meeting_with_item()
    for kwargs in [
        dict(kind="choose", options=["甲"], max_choices=2),
        dict(kind="slate", options=[]),
        dict(kind="slate", options=["甲", "甲"]),
        dict(rule="most"),
        dict(base=0),
        dict(electorate=[]),
    ]:
        with pytest.raises(MeetingError):
            services.poll_create(agenda_item=item, question="表决", actor=admin, **kwargs)
    assert not Poll.objects.exists()


# --- lifecycle and the second attempt ----------------------------------------------------------------


def test_second_ballot_is_refused_and_changes_nothing(admin, only_test_members):
    everyone = members(3)
    meeting, item = meeting_with_item()
    opened(meeting, everyone, admin)
    poll = open_poll(item, admin)
    services.ballot_cast(poll_id=poll.pk, voter=everyone[0], choices=yes(poll))
    with pytest.raises(AlreadyVoted, match="已投票"):
        services.ballot_cast(poll_id=poll.pk, voter=everyone[0], choices={poll.options.get().pk: "N"})
    assert row(poll)[:3] == (1, 0, 0)
    assert Ballot.objects.filter(poll=poll).count() == 1 and VoteRecord.objects.filter(poll=poll).count() == 1


def test_lifecycle_refuses_illegal_moves_with_a_message(admin, only_test_members):
    everyone = members(2)
    meeting, item = meeting_with_item()
    opened(meeting, everyone, admin)
    poll = services.poll_create(agenda_item=item, question="表决", actor=admin)
    with pytest.raises(MeetingError, match="不能"):
        services.poll_close(poll_id=poll.pk, actor=admin)
    with pytest.raises(MeetingError, match="未在进行中"):
        services.ballot_cast(poll_id=poll.pk, voter=everyone[0], choices=yes(poll))
    services.poll_open(poll_id=poll.pk, actor=admin)
    with pytest.raises(MeetingError, match="已经开始"):
        services.poll_open(poll_id=poll.pk, actor=admin)  # open twice
    with pytest.raises(MeetingError, match="不能"):
        services.poll_publish(poll_id=poll.pk, actor=admin)
    services.ballot_cast(poll_id=poll.pk, voter=everyone[0], choices=yes(poll))
    services.poll_close(poll_id=poll.pk, actor=admin)
    with pytest.raises(MeetingError, match="未在进行中"):
        services.ballot_cast(poll_id=poll.pk, voter=everyone[1], choices=yes(poll))  # after close
    with pytest.raises(MeetingError):
        services.poll_close(poll_id=poll.pk, actor=admin)
    services.poll_publish(poll_id=poll.pk, actor=admin)
    assert VoteRecord.objects.filter(poll=poll).count() == 1
    trail = list(
        AuditEntry.objects.filter(content_type__model="poll", object_id=str(poll.pk))
        .order_by("created_at", "id")
        .values_list("actor__username", flat=True)
    )
    assert len(trail) == 4 and set(trail) == {"admin"}  # created, opened, closed, published


def test_only_voters_frozen_at_open_may_vote(admin, only_test_members):
    everyone = members(3)
    meeting, item = meeting_with_item()
    opened(meeting, everyone[:2], admin)
    poll = open_poll(item, admin)
    services.attendance_mark(meeting_id=meeting.pk, user_id=everyone[2].pk, presence="present", actor=admin)
    assert set(PollVoter.objects.filter(poll=poll).values_list("user_id", flat=True)) == {u.pk for u in everyone[:2]}
    with pytest.raises(MeetingError, match="无权"):
        services.ballot_cast(poll_id=poll.pk, voter=everyone[2], choices=yes(poll))


def test_a_poll_needs_someone_present(admin, only_test_members):
    members(2)
    meeting, item = meeting_with_item()
    poll = services.poll_create(agenda_item=item, question="表决", actor=admin)
    with pytest.raises(MeetingError):
        services.poll_open(poll_id=poll.pk, actor=admin)
    assert Poll.objects.get(pk=poll.pk).status == "created"


@pytest.mark.django_db(transaction=True)
def test_300_voters_at_once_some_twice_from_separate_connections(only_test_members):
    """300 entitled voters cast at the same moment on their own connections, 60 of them twice:
    exactly one ballot per voter, the tally equals the ballots, nothing else is written."""
    from congress import demo

    demo.seed_core()
    admin = [u for u in demo.seed_accounts() if u.username == "admin"][0]
    User.objects.filter(groups__name="member").update(is_active=False)
    everyone = members(300, prefix="c")
    meeting, item = meeting_with_item()
    opened(meeting, everyone, admin)
    poll = open_poll(item, admin, mode="secret")
    option = poll.options.get().pk
    attempts = [(u, "YNA"[i % 3]) for i, u in enumerate(everyone)] + [(u, "N") for u in everyone[::5]]
    outcomes, lock = [], threading.Lock()
    barrier = threading.Barrier(len(attempts) // 12 + 1)
    chunks = [attempts[i::12] for i in range(12)]

    def worker(chunk):
        try:
            for u, v in chunk:
                try:
                    services.ballot_cast(poll_id=poll.pk, voter=u, choices={option: v})
                    result = "ok"
                except AlreadyVoted:
                    result = "already"
                with lock:
                    outcomes.append(result)
        finally:
            connections.close_all()

    before = _writes_by_table()
    threads = [threading.Thread(target=worker, args=(c,)) for c in chunks]
    [t.start() for t in threads]
    [t.join() for t in threads]
    del barrier
    assert outcomes.count("ok") == 300 and outcomes.count("already") == 60
    assert VoteRecord.objects.filter(poll=poll).count() == 300
    assert not Ballot.objects.filter(poll=poll).exists()  # the secret choices wait in Redis while open
    assert services._secret_redis().hlen(services._secret_key(poll.pk)) == 300
    r = services.poll_result(Poll.objects.get(pk=poll.pk))["rows"][0]
    live = (r["for"], r["against"], r["abstain"])  # whichever of a voter's two attempts came first counts
    assert sum(live) == 300 and live[0] <= 100 and live[1] >= 100 and live[2] <= 100
    changed = {t for t, n in _writes_by_table().items() if n != before.get(t, 0)}
    assert changed <= {"meetings_voterecord"}, changed
    services.poll_close(poll_id=poll.pk, actor=admin)
    assert Ballot.objects.filter(poll=poll).count() == 300
    r = services.poll_result(Poll.objects.get(pk=poll.pk))
    assert ((r["rows"][0]["for"], r["rows"][0]["against"], r["rows"][0]["abstain"]), r["missing"]) == (live, 0)


def _writes_by_table():
    """Return {table: (rows, newest transaction id among them)} for every table of the schema."""
    with connection.cursor() as cur:
        cur.execute("select tablename from pg_tables where schemaname = 'public'")
        tables = [t for (t,) in cur.fetchall()]
        found = {}
        for table in tables:
            cur.execute('select count(*), max(xmin::text::bigint) from "%s"' % table)
            found[table] = cur.fetchone()
        return found


# --- secrecy -------------------------------------------------------------------------------------------


def test_secret_ballots_cannot_be_joined_back_to_voters(admin, only_test_members):
    """Every table the poll touches: no voter on a ballot, no time, no sequence, no history; no foreign
    key from the ballot table to anything but the poll; after closing, no shared transaction id."""
    everyone = members(6)
    meeting, item = meeting_with_item()
    opened(meeting, everyone, admin)
    poll = open_poll(item, admin, mode="secret")
    opt = poll.options.get().pk
    for u, v in zip(everyone, "YYNAYN"):
        services.ballot_cast(poll_id=poll.pk, voter=u, choices={opt: v})
    services.poll_close(poll_id=poll.pk, actor=admin)
    assert not Ballot.objects.filter(poll=poll, voter__isnull=False).exists()
    with connection.cursor() as cur:
        cur.execute(
            "select column_name, data_type from information_schema.columns where table_name = 'meetings_ballot'"
        )
        columns = dict(cur.fetchall())
        assert columns == {"id": "uuid", "poll_id": "bigint", "voter_id": "bigint", "choices": "jsonb"}
        cur.execute("select column_name from information_schema.columns where table_name = 'meetings_voterecord'")
        assert {c for (c,) in cur.fetchall()} == {"id", "poll_id", "user_id", "paper", "entered_by_id"}  # no time
        cur.execute("select count(*) from pg_class where relname like %s", ["%historicalballot%"])
        assert cur.fetchone()[0] == 0
        cur.execute("select count(*) from pg_class where relname like %s", ["%historicalvoterecord%"])
        assert cur.fetchone()[0] == 0
        # the rows themselves: after the close every ballot carries the close's transaction id, none a voter's
        cur.execute("select count(distinct xmin::text) from meetings_ballot where poll_id = %s", [poll.pk])
        assert cur.fetchone()[0] == 1
        cur.execute(
            "select count(*) from meetings_ballot b join meetings_voterecord v "
            "on b.xmin::text = v.xmin::text where b.poll_id = %s",
            [poll.pk],
        )
        assert cur.fetchone()[0] == 0
    # nothing in the audit trail names a secret ballot or a voter's choice
    assert not AuditEntry.objects.filter(content_type__model__in=["ballot", "voterecord"]).exists()
    assert not any("Y" == c.get("new") for e in AuditEntry.objects.all() for c in e.changes if isinstance(c, dict))
    r = services.poll_result(Poll.objects.get(pk=poll.pk))["rows"][0]
    assert (r["for"], r["against"], r["abstain"]) == (3, 2, 1)
    with pytest.raises(MeetingError):
        services.poll_named_list(poll)


def test_while_open_a_secret_poll_writes_no_ballot_to_postgresql_and_counts_live_from_redis(admin, only_test_members):
    everyone = members(5)
    meeting, item = meeting_with_item()
    opened(meeting, everyone, admin)
    poll = open_poll(item, admin, mode="secret", rule="present")
    for u, v in zip(everyone, "YYNAY"):
        services.ballot_cast(poll_id=poll.pk, voter=u, choices={poll.options.get().pk: v})
    with pytest.raises(AlreadyVoted):
        services.ballot_cast(poll_id=poll.pk, voter=everyone[0], choices={poll.options.get().pk: "N"})
    assert not Ballot.objects.filter(poll=poll).exists()
    with connection.cursor() as cur:
        cur.execute(
            "select n_tup_ins + n_tup_upd + n_tup_del from pg_stat_xact_user_tables where relname = 'meetings_ballot'"
        )
        assert cur.fetchone()[0] == 0  # not one ballot row written, updated or deleted while open
    assert services._secret_redis().hlen(services._secret_key(poll.pk)) == 5
    result = services.poll_result(Poll.objects.get(pk=poll.pk))
    assert (row(poll)[:3], result["voted"], result["missing"]) == ((3, 1, 1), 5, 0)
    services.poll_close(poll_id=poll.pk, actor=admin)
    assert Ballot.objects.filter(poll=poll, voter=None).count() == 5
    assert not services._secret_redis().exists(services._secret_key(poll.pk))
    assert row(poll) == (3, 1, 1, 5, True)
    with pytest.raises(MeetingError):
        services.poll_close(poll_id=poll.pk, actor=admin)
    assert Ballot.objects.filter(poll=poll).count() == 5  # a second close adds nothing


def test_named_ballots_keep_the_voter_and_are_audited(admin, only_test_members):
    everyone = members(2)
    meeting, item = meeting_with_item()
    opened(meeting, everyone, admin)
    poll = open_poll(item, admin)
    services.ballot_cast(poll_id=poll.pk, voter=everyone[0], choices=yes(poll))
    listed = services.poll_named_list(poll)
    assert [(r["voter"], r["choices"][0][1]) for r in listed] == [(everyone[0], "赞成")]
    assert AuditEntry.objects.filter(content_type__model="ballot", actor=everyone[0]).count() == 1


# --- paper ballots -----------------------------------------------------------------------------------


def test_paper_ballots_are_counted_once_and_block_electronic_voting(admin, only_test_members):
    everyone = members(5)
    meeting, item = meeting_with_item()
    opened(meeting, everyone, admin)
    poll = open_poll(item, admin, mode="secret", rule="present")
    opt = poll.options.get().pk
    services.ballot_cast(poll_id=poll.pk, voter=everyone[0], choices={opt: "Y"})
    with pytest.raises(AlreadyVoted):  # one of them already voted electronically: nothing entered
        services.paper_ballots_enter(poll_id=poll.pk, voters=everyone[:3], counts={opt: {"Y": 3}}, actor=admin)
    with pytest.raises(MeetingError):  # more votes than paper ballots
        services.paper_ballots_enter(poll_id=poll.pk, voters=everyone[1:3], counts={opt: {"Y": 2, "N": 1}}, actor=admin)
    assert not PaperCount.objects.exists() and VoteRecord.objects.filter(poll=poll).count() == 1
    services.paper_ballots_enter(poll_id=poll.pk, voters=everyone[1:3], counts={opt: {"Y": 1, "N": 1}}, actor=admin)
    with pytest.raises(AlreadyVoted, match="已投票"):
        services.ballot_cast(poll_id=poll.pk, voter=everyone[1], choices={opt: "Y"})
    result = services.poll_result(Poll.objects.get(pk=poll.pk))
    assert (result["voted"], result["paper"], result["electronic"]) == (3, 2, 1)
    assert row(poll) == (2, 1, 0, 5, False)  # 2 of 5 present
    services.ballot_cast(poll_id=poll.pk, voter=everyone[3], choices={opt: "Y"})
    assert row(poll)[4] is True  # 3 of 5
    assert PaperCount.objects.get().entered_by == admin
    assert AuditEntry.objects.filter(content_type__model="papercount", actor=admin).exists()
    services.poll_close(poll_id=poll.pk, actor=admin)
    assert row(poll)[:3] == (3, 1, 0)  # reshuffling the electronic ballots keeps the tally


# --- meetings, attendance, leave -----------------------------------------------------------------


def test_leave_late_request_refused_approved_leave_frozen_at_opening(role_users):
    member, staff = role_users["member"], role_users["staff"]
    meeting = Meeting.objects.create(type="standing", title="会议", date=dt.date(2023, 5, 10))
    with pytest.raises(MeetingError, match="会议当天之前"):
        services.leave_request_file(meeting=meeting, user=member, reason="出差", today=dt.date(2023, 5, 10))
    leave = services.leave_request_file(meeting=meeting, user=member, reason="出差", today=dt.date(2023, 5, 9))
    with pytest.raises(MeetingError):
        services.leave_request_file(meeting=meeting, user=member, reason="再请", today=dt.date(2023, 5, 9))
    services.leave_decide(request_id=leave.pk, approve=True, actor=staff)
    with pytest.raises(MeetingError):
        services.leave_decide(request_id=leave.pk, approve=False, actor=staff)
    services.meeting_open(meeting_id=meeting.pk, actor=staff)
    with pytest.raises(MeetingError):
        services.meeting_open(meeting_id=meeting.pk, actor=staff)
    assert Attendance.objects.get(meeting=meeting, user=member).presence == "leave"
    with pytest.raises(MeetingError, match="请假"):
        services.attendance_mark(meeting_id=meeting.pk, user_id=member.pk, presence="present", actor=staff)
    assert services.quorum(meeting)["leave"] == 1
    assert LeaveRequest.objects.get().decided_by == staff


def test_refused_leave_keeps_the_member_expected(role_users):
    member, staff = role_users["member"], role_users["staff"]
    meeting = Meeting.objects.create(type="standing", title="会议", date=dt.date(2023, 5, 10))
    leave = services.leave_request_file(meeting=meeting, user=member, reason="出差", today=dt.date(2023, 5, 1))
    services.leave_decide(request_id=leave.pk, approve=False, actor=staff)
    services.meeting_open(meeting_id=meeting.pk, actor=staff)
    assert Attendance.objects.get(meeting=meeting, user=member).presence == Presence.EXPECTED
    with pytest.raises(MeetingError):  # once the meeting is open, no more requests
        services.leave_request_file(meeting=meeting, user=role_users["leader"], reason="病", today=dt.date(2023, 5, 1))


def test_non_voting_attendees_count_in_person_times_and_not_in_quorum(role_users, admin):
    meeting, _item = meeting_with_item()
    services.meeting_open(meeting_id=meeting.pk, actor=admin)
    services.attendee_add(meeting_id=meeting.pk, actor=admin, user=role_users["deputy"])
    services.attendee_add(meeting_id=meeting.pk, actor=admin, name="王某", position="区政府副区长")
    with pytest.raises(MeetingError):
        services.attendee_add(meeting_id=meeting.pk, actor=admin, user=role_users["deputy"])
    with pytest.raises(MeetingError):
        services.attendee_add(meeting_id=meeting.pk, actor=admin, name="  ")
    assert meeting.attendance.filter(non_voting=True).count() == 2
    assert services.quorum(meeting)["members"] == 2  # the demo member and leader only
