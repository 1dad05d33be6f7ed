"""The demo year reproduces the 2023 work summary's figures, computed through the report's selector."""

from decimal import Decimal

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

SEED_2023 = {
    "deputies.by_elected_city": 4,
    "deputies.by_elected_district": 35,
    "deputies.group_activities": 10,
    "deputies.group_suggestions": 40,
    "deputies.attendance": 229,
    "deputies.reception_visits": 3150,
    "deputies.opinions_collected": 1073,
    "deputies.opinions_resolved": 739,
    "deputies.dialogues": 15,
    "deputies.commended": 30,
    "projects.district_voted": 20,
    "projects.district_total": Decimal("6.35"),
    "projects.district_completed": Decimal("5.87"),
    "projects.town_voted": 100,
    "projects.town_total": Decimal("9.09"),
    "projects.inspections": 12,
    "projects.suggestions": 27,
    "oversight.research_reports": 10,
    "appointments.person_times": 45,
    "meetings.party_group": 13,
    "meetings.central_study": 9,
    "meetings.themed_study": 5,
    "meetings.exchanges": 3,
    "meetings.delegations": 12,
    "proposals.received": 257,
    "proposals.reply_rate": 100.0,
    "proposals.commended": 15,
}


def assert_the_demo_year_looks_real():
    """Open polls the demo voters can cast now, varied project figures, history on its own days,
    committee votes by the committee."""
    import datetime as dt

    from django.db.models import Count, Max, Min
    from django.utils import timezone

    from congress.models import AuditEntry, Role, User
    from meetings.models import MeetingType, Poll, PollStatus
    from meetings.selectors import poll_for_user, polls_for_voter
    from projects.models import Project
    from proposals.models import Reply

    # 1. each demo voter account may vote now (the engine's own checks), the deputy at the congress
    kinds = {}
    for username in ("deputy", "member", "leader"):
        user = User.objects.get(username=username)
        assert user.has_perm("meetings.take_part")
        waiting = [p for p in polls_for_voter(user) if not p.voted]
        assert waiting, username
        poll, me = poll_for_user(poll_id=waiting[0].pk, user=user)
        assert (poll.status, me["entitled"], me["voted"]) == (PollStatus.OPEN, True, False)
        kinds[username] = poll.item.meeting.type
    assert kinds == {"deputy": MeetingType.CONGRESS, "member": MeetingType.STANDING, "leader": MeetingType.STANDING}
    # 2. the adopted district projects' figures differ, each status occurs, the votes are ranked
    district = Project.objects.filter(
        slate__year=2023, slate__session__term__congress__level="district", rank__isnull=False, rank__lte=20
    )
    assert district.count() == 20
    assert len(set(district.values_list("total_wan", flat=True))) >= 18
    assert len(set(district.values_list("votes_for", flat=True))) == 20
    assert set(district.values_list("status", flat=True)) == {"completed", "mostly", "unfinished"}
    # 3. the audit trail spreads over the year, each reply's lines on its day, none on the seeding day
    span = AuditEntry.objects.aggregate(first=Min("created_at"), last=Max("created_at"))
    assert span["last"] - span["first"] > dt.timedelta(days=300)
    assert not AuditEntry.objects.filter(created_at__date__gte=timezone.localdate() - dt.timedelta(days=1)).exists()
    reply = Reply.objects.filter(replied_on__year=2023).order_by("pk").first()
    line = AuditEntry.objects.get(
        content_type__app_label="proposals", content_type__model="reply", object_id=str(reply.pk), action="+"
    )
    assert timezone.localtime(line.created_at).date() == reply.replied_on
    assert reply.assignment.proposal.history.earliest("history_date").history_date.year == 2023
    # 4. the committee's votes are cast by two thirds of its members or more
    members = User.objects.filter(groups__name=Role.MEMBER, is_active=True).count()
    assert members >= 25
    polls = Poll.objects.filter(item__meeting__type=MeetingType.STANDING).annotate(cast=Count("vote_records"))
    assert polls.count() >= 8
    assert [p.pk for p in polls if p.cast * 3 < members * 2] == []


def assert_every_account_has_work_today():
    """The issue's demo: the unit's assignments due in 5 and 20 days and one overdue, the deputy's reply to
    evaluate (and a co-signature, a draft), the member's open poll and next meeting, the office's leave
    request; the past years' notices read, today's not; each notice names its session."""
    import re

    from congress.models import Notification, User
    from congress.workbench import workbench_for

    def sections(username):
        return {s.key: s for s in workbench_for(User.objects.get(username=username))}

    unit = sections("unit")["proposals.assignments"]
    left = [int(re.sub(r"\D", "", i.note)) * (-1 if i.note.startswith("逾期") else 1) for i in unit.items]
    assert unit.count == 3 and -7 <= left[0] <= -4 and 1 <= left[1] <= 5 and 16 <= left[2] <= 20, left
    deputy = sections("deputy")
    assert deputy["proposals.to_evaluate"].count == 1 and deputy["proposals.cosign"].count == 1
    assert deputy["proposals.drafts"].count == 1 and deputy["meetings.ballots"].count == 1
    member = sections("member")
    assert member["meetings.ballots"].count == 1 and member["meetings.coming"].count == 1
    assert sections("staff")["meetings.leaves"].count == 1
    unread = Notification.objects.filter(recipient__username="unit", read_at__isnull=True)
    assert sorted(re.sub(r"第\d+号", "第N号", n.title) for n in unread) == [
        "交由贵单位办理：十九届三次会议第N号 关于%s的建议" % t
        for t in sorted(["加快汉江沿岸步道贯通", "增设老旧小区充电设施", "整治城区背街小巷积水"])
    ]
    titles = list(Notification.objects.filter(recipient__username="deputy").values_list("title", flat=True))
    assert len(titles) == len(set(titles)) and any(t.startswith("您的建议已答复：十九届三次会议") for t in titles)


def test_the_2023_figures_come_out_of_the_demo_year():
    from django.utils import translation

    call_command("seed_demo", stdout=open("/dev/null", "w"))
    assert_the_demo_year_looks_real()
    with translation.override("zh-hans"):
        assert_every_account_has_work_today()
    from reports.selectors import report_for

    values = {f.key: f.value for f in report_for(2023)["figures"]}
    assert {k: values.get(k) for k in SEED_2023} == SEED_2023
    assert values["deputies.in_office"] >= 300  # "300+ deputies"
    assert values["reports.articles"] >= 400  # "400+ articles"
    from reports.models import Narrative

    narrative = Narrative.objects.filter(report__year=2023, report__published=True)
    assert sorted(narrative.exclude(photo="").values_list("part", flat=True)) == [
        "deputies",
        "people",
        "political",
        "self",
    ]
    # 2022 is there to compare with: every count of the seed is there, thinner (no by-elections that year)
    before = {f.key: f.value for f in report_for(2022)["figures"]}
    compared = [k for k in SEED_2023 if not k.startswith("deputies.by_elected")]
    assert [k for k in compared if not 0 < before[k] <= SEED_2023[k]] == []
    assert before["proposals.received"] < SEED_2023["proposals.received"]
    assert before["projects.district_total"] < SEED_2023["projects.district_total"]
    assert Narrative.objects.filter(report__year=2022, report__published=True).count() == 4
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # a second run changes no figure, adds no work
    with translation.override("zh-hans"):
        assert_every_account_has_work_today()
    from reports.figures import compute

    assert {f.key: f.value for f in compute(2023)} == values
    assert {f.key: f.value for f in compute(2022)} == before
    # every figure's staff records link shows the figure; its public link answers the public
    from django.test import Client

    from congress.models import User
    from reports.tests import drilldown

    staff = Client()
    staff.force_login(User.objects.get(username="staff"))
    assert drilldown.mismatches(staff, Client(), 2023) == {}
