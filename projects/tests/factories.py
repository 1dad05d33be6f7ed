import datetime as dt
from decimal import Decimal

from congress.models import Congress, Level, Organization, Session, User
from projects import services
from projects.models import Idea, Inspection, Project, Slate, Suggestion


def slate(places=2, candidates=3, year=2023, number=None):
    district = Congress.objects.get(level=Level.DISTRICT, name="安康市汉滨区人民代表大会")
    session = Session.objects.get(term__congress=district, term__number=19, number=number or 2)
    s = Slate.objects.create(session=session, year=year, places=places)
    unit = Organization.objects.filter(is_handling_unit=True).first()
    for i in range(candidates):
        Project.objects.create(slate=s, title="候选项目%d" % (i + 1), implementing_unit=unit, total_wan=Decimal("1000.50"),
                               year_plan_wan=Decimal("800.25"), content="项目内容")
    return s


def voting_slate_with_adopted():
    """A decided 2023 slate with one report, visit and suggestion; a 2024 slate put to the vote."""
    admin = User.objects.get(username="admin")
    decided = slate()
    services.slate_open_vote(slate_id=decided.pk, actor=admin)
    ids = list(decided.projects.order_by("pk").values_list("pk", flat=True))
    services.slate_decide(slate_id=decided.pk, electorate=10, actor=admin, on=dt.date(2023, 1, 6),
                          tallies={ids[0]: (9, 1, 0), ids[1]: (8, 2, 0), ids[2]: (3, 7, 0)})
    project = Project.objects.get(pk=ids[0])
    report = services.progress_report_file(project=project, date=dt.date(2023, 6, 1), completed_wan=Decimal(300),
                                           note="进展", actor=admin)
    visit = Inspection.objects.create(project=project, date=dt.date(2023, 5, 1), findings="查看现场")
    suggestion = Suggestion.objects.create(inspection=visit, text="加快进度")
    voting = slate(year=2024, number=3)
    services.slate_open_vote(slate_id=voting.pk, actor=admin)
    idea = Idea.objects.create(congress=decided.congress, year=2024, source="public", title="修一座桥",
                               description="村口需要一座桥", contact="13900000000")
    return {"slate": decided, "voting_slate": voting, "project": project, "progressreport": report,
            "inspection": visit, "suggestion": suggestion, "idea": idea}
