"""The rules that join apps: the electorate from mandates, quorum at opening, ties at the cut, secret ballots that
cannot be joined to their voters (row, transaction id, physical order, heap pages, WAL)."""

import datetime as dt
import json
import os
import re
import shutil
import subprocess

import pytest
from django.db import connection

from congress.models import User
from congress.services import user_ensure
from congress.tests.factories import SessionFactory
from deputies.models import DeputyStatus
from deputies.tests.factories import DeputyFactory
from meetings import services
from meetings.models import AgendaItem, Ballot, Meeting, Poll, PollTieBreak, PollVoter, VoteRecord
from meetings.services import MeetingError
from meetings.tests.factories import meeting_with_item, members, open_poll, opened

pytestmark = pytest.mark.django_db


# --- electorate from mandates --------------------------------------------------------------------


def test_a_congress_session_freezes_the_deputies_whose_mandate_is_in_force_not_the_role(admin):
    session = SessionFactory(start_date=dt.date(2023, 1, 3), end_date=dt.date(2023, 1, 6))
    congress = session.term.congress
    people = [user_ensure(username="cd%03d" % i, full_name="代表%03d" % i, roles=["deputy"]) for i in range(5)]
    for u in people:
        DeputyFactory(term=session.term, congress=congress, user=u, full_name=u.full_name)
    ended = people[4].mandates.get()
    ended.status, ended.status_date = DeputyStatus.RESIGNED, dt.date(2022, 12, 1)  # ended before the session
    ended.save()
    other = user_ensure(username="cd_other", full_name="外区代表", roles=["deputy"])  # a deputy role, no mandate here
    meeting = Meeting.objects.create(
        type="congress", title="区第十九届人民代表大会第二次会议", date=dt.date(2023, 1, 4), session=session
    )
    services.meeting_open(meeting_id=meeting.pk, actor=admin)
    frozen = set(meeting.attendance.filter(non_voting=False).values_list("user_id", flat=True))
    assert frozen == {u.pk for u in people[:4]} and other.pk not in frozen
    with pytest.raises(MeetingError):
        services.meeting_open(meeting_id=meeting.pk, actor=admin)  # a second opening freezes nothing more
    assert meeting.attendance.count() == 4
    item = AgendaItem.objects.create(meeting=meeting, kind="decision", title="决议")
    services.attendance_mark(meeting_id=meeting.pk, user_id=people[0].pk, presence="present", actor=admin)
    early = services.poll_create(agenda_item=item, question="表决", rule="deputies", actor=admin)
    with pytest.raises(MeetingError, match="出席 1 人，未过全体代表 4 人的半数，不能开始表决"):
        services.poll_open(poll_id=early.pk, actor=admin)
    for u in people[:3]:
        services.attendance_mark(meeting_id=meeting.pk, user_id=u.pk, presence="present", actor=admin)
    poll = open_poll(item, admin, rule="deputies")
    assert (poll.base, poll.present) == (4, 3)  # all deputies by mandates in force, never the role's 6


# --- ties at the cut -----------------------------------------------------------------------------


def _choose_with_tie(admin, places=2):
    """甲 4, 乙 3, 丙 3, 丁 0 of 5 ballots, rule 'valid' (more than half of 5), 2 places: 乙 and 丙 tie
    for the last place."""
    everyone = members(5, prefix="t")
    meeting, item = meeting_with_item()
    opened(meeting, everyone, admin)
    poll = open_poll(
        item, admin, kind="choose", options=["甲", "乙", "丙", "丁"], max_choices=places, rule="valid", question="推选"
    )
    a, b, c, d = poll.options.all()
    for u, picks in zip(everyone, [(a, b), (a, c), (a, b), (a, c), (b, c)]):
        services.ballot_cast(poll_id=poll.pk, voter=u, choices={o.pk: "Y" for o in picks})
    return poll, (a, b, c, d)


def test_a_tie_at_the_cut_passes_neither_until_decided_then_ranks_follow_the_decision(admin, only_test_members):
    poll, (a, b, c, d) = _choose_with_tie(admin)
    with pytest.raises(MeetingError, match="表决结束后"):
        services.poll_break_tie(poll_id=poll.pk, order=[c.pk, b.pk], reason="抽签", actor=admin)
    services.poll_close(poll_id=poll.pk, actor=admin)
    result = services.poll_result(Poll.objects.get(pk=poll.pk))
    assert [(r["option"].label, r["for"], r["rank"], r["tied"], r["pending"], r["passed"]) for r in result["rows"]] == [
        ("甲", 4, 1, False, False, True),
        ("乙", 3, 2, True, True, False),
        ("丙", 3, 2, True, True, False),
        ("丁", 0, 4, False, False, False),
    ]
    tie = result["tie"]
    assert (tie["option_ids"], tie["places"], tie["votes"], tie["resolved"], tie["decision"]) == (
        [b.pk, c.pk],
        1,
        3,
        False,
        None,
    )
    assert (result["adopted"], result["total"], result["places"]) == (1, 4, 2)
    for bad in ([b.pk], [b.pk, d.pk], [b.pk, c.pk, d.pk], [b.pk, b.pk], ["x", c.pk]):
        with pytest.raises(MeetingError, match="乙、丙"):
            services.poll_break_tie(poll_id=poll.pk, order=bad, reason="抽签", actor=admin)
    with pytest.raises(MeetingError):
        services.poll_break_tie(poll_id=poll.pk, order=[c.pk, b.pk], reason="  ", actor=admin)
    assert not PollTieBreak.objects.exists()
    decision = services.poll_break_tie(poll_id=poll.pk, order=[c.pk, b.pk], reason="第二轮投票", actor=admin)
    assert decision.history.get().history_user == admin  # audited with its actor
    with pytest.raises(MeetingError, match="已经作出决定"):
        services.poll_break_tie(poll_id=poll.pk, order=[b.pk, c.pk], reason="再议", actor=admin)
    result = services.poll_result(Poll.objects.get(pk=poll.pk))
    assert [(r["option"].label, r["rank"], r["pending"], r["passed"]) for r in result["rows"]] == [
        ("甲", 1, False, True),
        ("乙", 3, False, False),
        ("丙", 2, False, True),
        ("丁", 4, False, False),
    ]
    assert result["tie"]["resolved"] and result["tie"]["decision"].reason == "第二轮投票"
    assert (result["adopted"], result["total"]) == (2, 4)


def test_no_tie_when_the_tied_options_all_fit_and_poll_without_tie_refuses_a_decision(admin, only_test_members):
    poll, (a, b, c, d) = _choose_with_tie(admin, places=3)
    services.poll_close(poll_id=poll.pk, actor=admin)
    result = services.poll_result(Poll.objects.get(pk=poll.pk))
    assert result["tie"] is None and [r["passed"] for r in result["rows"]] == [True, True, True, False]
    with pytest.raises(MeetingError, match="没有需要决定"):
        services.poll_break_tie(poll_id=poll.pk, order=[b.pk, c.pk], reason="抽签", actor=admin)


def test_a_slate_given_places_is_cut_and_reports_its_tie(admin, only_test_members):
    everyone = members(3, prefix="s")
    meeting, item = meeting_with_item()
    opened(meeting, everyone, admin)
    poll = open_poll(item, admin, kind="slate", options=["一", "二", "三"], max_choices=1, rule="valid", mode="secret")
    one, two, three = poll.options.all()
    for u, votes in zip(everyone, ["YYN", "YYN", "NNY"]):
        services.ballot_cast(poll_id=poll.pk, voter=u, choices=dict(zip([one.pk, two.pk, three.pk], votes)))
    services.poll_close(poll_id=poll.pk, actor=admin)
    result = services.poll_result(Poll.objects.get(pk=poll.pk))
    assert result["tie"]["option_ids"] == [one.pk, two.pk] and result["tie"]["places"] == 1
    assert [r["passed"] for r in result["rows"]] == [False, False, False]


def test_the_tie_shows_on_the_poll_page_projector_csv_and_minutes(client_as, role_users):
    from io import BytesIO

    from pypdf import PdfReader

    admin = role_users["admin"]
    User.objects.filter(groups__name="member").update(is_active=False)
    poll, (a, b, c, d) = _choose_with_tie(admin)
    services.poll_close(poll_id=poll.pk, actor=admin)
    client = client_as("admin")
    page = client.get("/meetings/polls/%d/" % poll.pk).content.decode()
    assert "票数相同，待决定" in page and "争 1 个名额" in page and 'data-testid="tie-form"' in page
    assert "通过 1 项（共 4 项）" in page
    assert "票数相同，待决定" in client.get("/meetings/polls/%d/projector/" % poll.pk).content.decode()
    csv = client.get("/meetings/polls/%d/export.csv" % poll.pk).content.decode()
    assert "票数相同，待决定" in csv and "末位票数相同" in csv
    bad = client.post("/meetings/polls/%d/tie/" % poll.pk, {"o%d" % b.pk: "1", "o%d" % c.pk: "1", "reason": "抽签"})
    assert bad.status_code == 302 and not PollTieBreak.objects.exists()
    client.post("/meetings/polls/%d/tie/" % poll.pk, {"o%d" % b.pk: "2", "o%d" % c.pk: "1", "reason": "抽签"})
    assert PollTieBreak.objects.get().order == [c.pk, b.pk]
    again = client.post("/meetings/polls/%d/tie/" % poll.pk, {"o%d" % b.pk: "1", "o%d" % c.pk: "2", "reason": "再议"})
    assert again.status_code == 302 and PollTieBreak.objects.get().order == [c.pk, b.pk]
    page = client.get("/meetings/polls/%d/" % poll.pk).content.decode()
    assert "记录决定：抽签" in page and "票数相同，待决定" not in page
    csv = client.get("/meetings/polls/%d/export.csv" % poll.pk).content.decode()
    assert "抽签" in csv and "待决定" not in csv
    reader = PdfReader(BytesIO(client.get("/meetings/%d/minutes.pdf" % poll.item.meeting_id).content))
    text = "".join(p.extract_text() for p in reader.pages).replace(" ", "")
    assert "抽签" in text and "名次" in text and "通过2项（共4项）" in text


def test_the_chair_page_lists_who_is_missing(client_as, role_users, django_assert_num_queries):
    admin = role_users["admin"]
    User.objects.filter(groups__name="member").update(is_active=False)
    everyone = members(5, prefix="w")
    meeting, item = meeting_with_item()
    opened(meeting, everyone[:3], admin)
    services.attendance_mark(meeting_id=meeting.pk, user_id=everyone[3].pk, presence="absent", actor=admin)
    poll = services.poll_create(agenda_item=item, question="表决", actor=admin)
    client = client_as("admin")
    with django_assert_num_queries(13):
        page = client.get("/meetings/polls/%d/" % poll.pk).content.decode()
    assert "2 名组成人员未登记出席" in page and "尚未登记（1 人）" in page and "缺席（1 人）" in page
    assert everyone[4].full_name in page


# --- secret ballots cannot be joined to their voters ------------------------------------------------


def _ballot_heap(cur) -> list[tuple]:
    """Every tuple version in meetings_ballot's heap pages, dead ones too: (page, item, xmin, xmax)."""
    cur.execute("select pg_relation_size('meetings_ballot') / current_setting('block_size')::int")
    pages = cur.fetchone()[0]
    found = []
    for page in range(pages):
        cur.execute(
            "select lp, t_xmin::text, t_xmax::text, t_data from heap_page_items(get_raw_page('meetings_ballot', %s)) "
            "where t_xmin is not null",
            [page],
        )
        found += [(page, lp, xmin, xmax, bytes(data or b"")) for lp, xmin, xmax, data in cur.fetchall()]
    return found


def _waldump(cur, start_lsn: str, superuser: bool) -> str | None:
    """The WAL records since ``start_lsn`` touching meetings_ballot, or None when pg_waldump or the
    WAL directory cannot be read here."""
    tool = "/usr/lib/postgresql/15/bin/pg_waldump"
    cur.execute("show data_directory")
    wal = os.path.join(cur.fetchone()[0], "pg_wal")
    if not superuser or not os.path.exists(tool) or not os.access(wal, os.R_OK | os.X_OK):
        return None
    cur.execute("select pg_switch_wal()")  # close the segment so pg_waldump reads it to its end
    cur.execute("select pg_relation_filenode('meetings_ballot')")
    node = cur.fetchone()[0]
    out = subprocess.run([tool, "-p", wal, "-s", start_lsn], capture_output=True, text=True)
    return "\n".join(line for line in out.stdout.splitlines() if re.search(r"/%d(\s|;|$| )" % node, line))


@pytest.mark.django_db(transaction=True)
def test_ten_secret_voters_cannot_be_joined_to_their_choices_while_open_or_after_close(only_test_members):
    from congress import demo

    demo.seed_core()
    admin = [u for u in demo.seed_accounts() if u.username == "admin"][0]
    User.objects.filter(groups__name="member").update(is_active=False)
    voters = members(10, prefix="x")
    meeting, item = meeting_with_item()
    opened(meeting, voters, admin)
    # ten options, voter i chooses option i: a ballot's content names its voter's place in the vote order
    poll = open_poll(
        item,
        admin,
        kind="choose",
        options=["候选%d" % i for i in range(10)],
        max_choices=1,
        rule="valid",
        mode="secret",
        question="无记名推选",
    )
    options = list(poll.options.values_list("pk", flat=True))
    with connection.cursor() as cur:
        cur.execute("select rolsuper from pg_roles where rolname = current_user")
        superuser = cur.fetchone()[0]
        inspect = False
        if superuser:
            cur.execute("create extension if not exists pageinspect")
            inspect = True
        cur.execute("select pg_current_wal_lsn()::text")
        start_lsn = cur.fetchone()[0]
        heap_before = _ballot_heap(cur) if inspect else []
    for voter, option in zip(voters, options):
        services.ballot_cast(poll_id=poll.pk, voter=voter, choices={option: "Y"})
    with pytest.raises(services.AlreadyVoted):
        services.ballot_cast(poll_id=poll.pk, voter=voters[0], choices={options[1]: "Y"})

    # while open: who voted is in PostgreSQL, what they chose is nowhere in it
    with connection.cursor() as cur:
        cur.execute("select count(*) from meetings_ballot where poll_id = %s", [poll.pk])
        assert cur.fetchone()[0] == 0
        if inspect:
            assert _ballot_heap(cur) == heap_before  # not even a dead tuple version
        dump = _waldump(cur, start_lsn, superuser)
        if dump is not None:
            assert "INSERT" not in dump and "UPDATE" not in dump, dump  # no WAL record of a ballot
        cur.execute("select count(distinct xmin::text) from meetings_voterecord where poll_id = %s", [poll.pk])
        assert cur.fetchone()[0] == 10  # each vote record its own transaction, and nothing else in it
        cur.execute("select pg_current_wal_lsn()::text")
        close_lsn = cur.fetchone()[0]
    assert services.poll_result(Poll.objects.get(pk=poll.pk))["rows"][3]["for"] == 1  # live counts from Redis

    services.poll_close(poll_id=poll.pk, actor=admin)
    with connection.cursor() as cur:
        cur.execute("select xmin::text, choices from meetings_ballot where poll_id = %s order by ctid", [poll.pk])
        rows = cur.fetchall()
        assert len(rows) == 10 and len({x for x, _c in rows}) == 1  # one transaction id for all the ballots
        cur.execute(
            "select count(*) from meetings_ballot b join meetings_voterecord v on b.xmin::text = v.xmin::text "
            "where b.poll_id = %s",
            [poll.pk],
        )
        assert cur.fetchone()[0] == 0
        physical = [int(next(iter(json.loads(c) if isinstance(c, str) else c))) for _x, c in rows]
        assert sorted(physical) == sorted(options)
        assert physical != options  # shuffled: the chance of the vote order surviving is 1 in 10! = 3,628,800
        cur.execute("select user_id from meetings_voterecord where poll_id = %s order by ctid", [poll.pk])
        vote_order = [u for (u,) in cur.fetchall()]
        assert vote_order == [v.pk for v in voters]  # vote records do keep the order, but only of who voted
        if inspect:
            heap = [h for h in _ballot_heap(cur) if h not in heap_before]
            assert len(heap) == 10 and len({h[2] for h in heap}) == 1 and all(h[3] == "0" for h in heap)
        dump = _waldump(cur, close_lsn, superuser)
        if dump is not None:
            inserts = [line for line in dump.splitlines() if "INSERT" in line]
            assert inserts and len({re.search(r"tx:\s*(\d+)", line).group(1) for line in inserts}) == 1
    assert not Ballot.objects.filter(poll=poll, voter__isnull=False).exists()
    assert not services._secret_redis().exists(services._secret_key(poll.pk))
    assert VoteRecord.objects.filter(poll=poll).count() == 10 and PollVoter.objects.filter(poll=poll).count() == 10
    # The project's own cluster (bin/services) has a superuser and a readable WAL: both sub-checks must run.
    assert inspect, "pageinspect needs a superuser: the heap-page check did not run"
    assert dump is not None, "pg_waldump or the WAL directory is not readable: the WAL check did not run"


def test_waldump_and_pageinspect_are_available_here():
    """Say plainly whether the heap-page and WAL sub-checks above ran on this machine."""
    with connection.cursor() as cur:
        cur.execute("select rolsuper from pg_roles where rolname = current_user")
        assert cur.fetchone()[0], "the test database user is not a superuser: no pageinspect"
        cur.execute("show data_directory")
        wal = os.path.join(cur.fetchone()[0], "pg_wal")
    assert shutil.which("pg_waldump") or os.path.exists("/usr/lib/postgresql/15/bin/pg_waldump"), "no pg_waldump"
    assert os.access(wal, os.R_OK), "WAL not readable"
