import datetime as dt
from decimal import Decimal

from django.contrib.auth.hashers import make_password

from congress.models import Congress, Level, Organization, Session, User
from meetings import services as engine
from projects import services
from projects.models import Idea, Project, Slate


def slate(places=2, candidates=3, year=2023, number=None, electorate=10):
    district = Congress.objects.get(level=Level.DISTRICT, name="安康市汉滨区人民代表大会")
    session = Session.objects.get(term__congress=district, term__number=19, number=number or 2)
    s = Slate.objects.create(session=session, year=year, places=places, electorate=electorate)
    account = User.objects.filter(username="unit", organization__isnull=False).select_related("organization").first()
    unit = account.organization if account else Organization.objects.filter(is_handling_unit=True).first()
    for i in range(candidates):
        Project.objects.create(
            slate=s,
            title="候选项目%d" % (i + 1),
            implementing_unit=unit,
            total_wan=Decimal("1000.50"),
            year_plan_wan=Decimal("800.25"),
            content="项目内容",
        )
    return s


def voters(n, prefix="pv"):
    password = make_password(None)
    User.objects.bulk_create(
        [User(username="%s%04d" % (prefix, i), full_name="代表%04d" % i, password=password) for i in range(n)],
        ignore_conflicts=True,
    )
    return list(User.objects.filter(username__startswith=prefix).order_by("username")[:n])


def put_to_vote(s, n_voters=10, prefix="pv"):
    """Put the slate to the vote with ``n_voters`` named voters and open the poll; return (slate, voters)."""
    admin = User.objects.get(username="admin")
    people = voters(n_voters, prefix)
    services.slate_open_vote(slate_id=s.pk, actor=admin, electorate=people)
    s.refresh_from_db()
    engine.poll_open(poll_id=s.poll_id, actor=admin)
    return s, people


def counted(s, tallies: dict[int, tuple[int, int, int]], n_voters=10, prefix="pv", close=True):
    """Vote ``tallies`` (project id → for, against, abstain) as counted paper ballots and close."""
    admin = User.objects.get(username="admin")
    s, people = put_to_vote(s, n_voters, prefix)
    options = dict(s.projects.values_list("pk", "option_id"))
    engine.paper_ballots_enter(
        poll_id=s.poll_id,
        voters=people,
        actor=admin,
        counts={options[p]: dict(zip("YNA", c)) for p, c in tallies.items()},
    )
    if close:
        engine.poll_close(poll_id=s.poll_id, actor=admin)
    return s


def voting_slate_with_adopted():
    """A decided 2023 slate with a milestone, report, visit and suggestion; a 2024 slate being voted."""
    admin = User.objects.get(username="admin")
    decided = slate()
    ids = list(decided.projects.order_by("pk").values_list("pk", flat=True))
    counted(decided, {ids[0]: (9, 1, 0), ids[1]: (8, 2, 0), ids[2]: (3, 7, 0)})
    services.slate_decide(slate_id=decided.pk, actor=admin, on=dt.date(2023, 1, 6))
    project = Project.objects.get(pk=ids[0])
    milestone = services.milestone_add(project=project, title="主体完工", due=dt.date(2023, 9, 30), actor=admin)
    report = services.progress_report_file(
        project=project, date=dt.date(2023, 6, 1), completed_wan=Decimal(300), note="进展", actor=admin
    )
    visit = services.inspection_record(
        project=project, date=dt.date(2023, 5, 1), findings="查看现场", suggestions=["加快进度"], actor=admin
    )
    suggestion = visit.suggestions.get()
    voting = slate(year=2024, number=3)
    put_to_vote(voting, prefix="pw")
    idea = Idea.objects.create(
        congress=decided.congress,
        year=2024,
        source="public",
        title="修一座桥",
        description="村口需要一座桥",
        contact="13900000000",
    )
    return {
        "slate": decided,
        "voting_slate": voting,
        "project": project,
        "progressreport": report,
        "inspection": visit,
        "suggestion": suggestion,
        "idea": idea,
        "milestone": milestone,
    }
