"""One more record of each kind moves exactly the report's figures that count it, by exactly the
right amount, as read through /report/<year>/data.json with the cache warm beforehand (so the
cache's invalidation is proven with it). The same record dated the year before moves nothing in
the report year (only the stock "deputies in office" follows a mandate whatever its year).

Each case: ``setup`` builds what the record needs (before the figures are read and cached), ``act``
adds the one record the way a real one is made (the app's services, else its factories), ``moves``
says which figures move: ``+n`` for a count, ``Exact(v)`` for a derived value (a rate, an 亿元 sum).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.urls import reverse

from reports.models import ReportYear

pytestmark = pytest.mark.django_db

YEAR = 2023
STOCK = {"deputies.in_office"}  # counts mandates in office now, not records of a year


@dataclass(frozen=True)
class Exact:
    value: float


@dataclass
class World:
    year: int
    users: dict
    state: dict = field(default_factory=dict)
    late: bool = False  # every date a record is given is 1 January of the next year

    def on(self, month: int, day: int = 1) -> dt.date:
        return dt.date(self.year + 1, 1, 1) if self.late else dt.date(self.year, month, day)


@dataclass
class Case:
    name: str
    act: Callable[[World], None]
    moves: dict
    setup: Callable[[World], None] = lambda w: None
    # The same record dated 1 January of the next year: "act" (only the record is late), "all" (what
    # it is recorded at, a meeting, is late too) or "" (the record carries no date of its own).
    late: str = "act"


# --- helpers: records made the way the apps make them ---------------------------------------------


def term19():
    from congress.models import Term

    return Term.objects.get(congress__name="安康市汉滨区人民代表大会", number=19)


def a_deputy(name="李明"):
    from deputies.tests.factories import DeputyFactory

    term = term19()
    return DeputyFactory(full_name=name, term=term, congress=term.congress)


def staff(w):
    return w.users["staff"]


def standing_meeting(w, month=10, day=31):
    """An opened standing-committee meeting of the year with its members present (set up beforehand,
    so the record under test is only what is added to it)."""
    from appointments.tests import factories

    return factories.meeting(date=w.on(month, day), title="区十九届人大常委会第%d次会议" % month)


# deputies


def by_election(w, level):
    from congress.models import Congress, Level, Term
    from deputies.models import ByElection, Entry

    if level == Level.CITY:
        city = Congress.objects.get(level=Level.CITY)
        term = Term.objects.get_or_create(congress=city, number=5, defaults={"start_date": dt.date(2021, 12, 20)})[0]
    else:
        term = term19()
    election = ByElection.objects.create(term=term, date=w.on(6, 28), seats=1)
    from deputies.tests.factories import DeputyFactory

    DeputyFactory(
        full_name="补选代表", term=term, congress=term.congress, entry=Entry.BY_ELECTION, by_election=election
    )


def activity(w, kind, **extra):
    from deputies.tests.factories import ActivityFactory

    return ActivityFactory(kind=kind, date=w.on(6, 15), **extra)


def attendance_setup(w):
    meeting = activity(w, "attendance", title="列席区人大常委会第十次会议")
    meeting.participants.add(a_deputy("张伟"))
    w.state["attendance"], w.state["deputy"] = meeting, a_deputy()


def reception(w):
    from deputies.tests.factories import ReceptionFactory

    ReceptionFactory(date=w.on(7, 1), visitors=7)


def opinion_received(w):
    from deputies.tests.factories import PublicOpinionFactory

    PublicOpinionFactory(received_on=w.on(8, 1))


def opinion_setup(w):
    from deputies.tests.factories import PublicOpinionFactory

    w.state["opinion"] = PublicOpinionFactory(received_on=dt.date(w.year - 1, 11, 20))


def opinion_resolve(w):
    from deputies.services import opinion_move

    opinion_move(
        opinion_id=w.state["opinion"].pk, status="resolved", actor=staff(w), on=w.on(3, 10), outcome="已修复路灯"
    )


def commendation(w, kind):
    from deputies.models import Commendation
    from proposals.tests.factories import deputy_mandate

    Commendation.objects.create(kind=kind, year=w.on(6).year, deputy=deputy_mandate(w.users), citation="履职成效突出")


# proposals


def proposal(w, stage, title):
    """A deputy's proposal of the year carried through the services up to ``stage``."""
    from congress.models import Organization, Session
    from proposals import services
    from proposals.tests.factories import deputy_mandate

    mandate = deputy_mandate(w.users)
    session = Session.objects.get(term=mandate.term, number=2 if w.year >= 2023 else 1)
    p = services.proposal_create(
        lead=mandate,
        session=session,
        kind="suggestion",
        title=title,
        category="城乡建设",
        content="建议内容",
        actor=w.users["deputy"],
    )
    services.proposal_submit(proposal_id=p.pk, actor=w.users["deputy"], today=w.on(1, 5))
    if stage == "submitted":
        return p
    services.proposal_register(proposal_id=p.pk, actor=staff(w))
    services.proposal_assign(
        proposal_id=p.pk,
        lead=Organization.objects.get(pk=w.users["unit"].organization_id),
        actor=staff(w),
        on=w.on(1, 31),
    )
    if stage == "assigned":
        return p
    reply(w, p, on=w.on(3, 1))
    if stage == "replied":
        return p
    evaluate(w, p, "satisfied")
    return p


def reply(w, p, on):
    from proposals import services

    lead = p.assignments.get(role="lead", round=1)
    services.reply_submit(assignment_id=lead.pk, cls="A", text="经研究，答复如下", actor=w.users["unit"], on=on)


def evaluate(w, p, result):
    from proposals import services

    services.proposal_evaluate(proposal_id=p.pk, result=result, comment="", actor=w.users["deputy"], today=w.on(4, 1))


def two_assigned_one_replied(w):
    proposal(w, "replied", "关于加快停车场建设的建议")
    w.state["open"] = proposal(w, "assigned", "关于增设公交站点的建议")


def one_evaluated_one_replied(w):
    proposal(w, "evaluated", "关于加快停车场建设的建议")
    w.state["replied"] = proposal(w, "replied", "关于增设公交站点的建议")


# projects


def project_vote(w, congress, *, total_wan, places=1, title="民生实事"):
    """A slate of the year for ``congress`` with one more candidate than places, put to the vote as
    counted paper ballots, closed and decided: the first ``places`` candidates adopted."""
    from django.db.models import Max

    from congress.models import Organization, Session, Term
    from meetings import services as engine
    from projects import services
    from projects.models import Project, Slate
    from projects.tests.factories import voters

    term = Term.objects.get_or_create(congress=congress, number=19, defaults={"start_date": dt.date(2021, 9, 20)})[0]
    day = w.on(1, 10)  # the session of the slate's year votes it (its meeting is dated by the session)
    session = Session.objects.filter(term=term, start_date__year=day.year).order_by("start_date").first()
    if session is None:
        number = (Session.objects.filter(term=term).aggregate(n=Max("number"))["n"] or 0) + 1
        session = Session.objects.create(term=term, number=number, start_date=day, end_date=day)
    slate = Slate.objects.create(session=session, year=w.year, places=places, electorate=10)
    unit = Organization.objects.filter(is_handling_unit=True).order_by("pk").first()
    for i in range(places + 1):
        Project.objects.create(
            slate=slate,
            title="%s%d" % (title, i + 1),
            implementing_unit=unit,
            total_wan=Decimal(total_wan),
            year_plan_wan=Decimal(total_wan),
            content="项目内容",
        )
    people = voters(10, prefix="pv%d" % slate.pk)
    admin = w.users["admin"]
    services.slate_open_vote(slate_id=slate.pk, actor=admin, electorate=people)
    slate.refresh_from_db()
    engine.poll_open(poll_id=slate.poll_id, actor=admin)
    ordered = list(slate.projects.order_by("pk"))
    engine.paper_ballots_enter(
        poll_id=slate.poll_id,
        voters=people,
        actor=admin,
        counts={
            p.option_id: ({"Y": 9, "N": 1, "A": 0} if i < places else {"Y": 3, "N": 7, "A": 0})
            for i, p in enumerate(ordered)
        },
    )
    engine.poll_close(poll_id=slate.poll_id, actor=admin)
    return services.slate_decide(slate_id=slate.pk, actor=admin, on=w.on(1, 10))  # decided in the slate's year


def district():
    from congress.models import Congress

    return Congress.objects.get(name="安康市汉滨区人民代表大会")


def a_town():
    from congress.models import Congress, Level

    return Congress.objects.filter(level=Level.TOWN).order_by("name").first()


def adopted_project(w):
    w.state["project"] = project_vote(w, district(), total_wan=2500)[0]


def reported_project(w):
    from projects import services

    adopted_project(w)
    services.progress_report_file(
        project=w.state["project"],
        date=w.on(6, 30),
        completed_wan=Decimal(1000),
        note="上半年进展",
        actor=w.users["admin"],
    )


def progress_report(w):
    from projects import services

    services.progress_report_file(
        project=w.state["project"],
        date=w.on(12, 20),
        completed_wan=Decimal(2000),
        note="年度任务基本完成",
        actor=w.users["admin"],
    )


def inspection(w, suggestions):
    from projects import services

    services.inspection_record(
        project=w.state["project"],
        date=w.on(9, 18),
        findings="实地查看项目进度",
        suggestions=suggestions,
        actor=w.users["admin"],
    )


# oversight


def oversight_activity(w, kind, **extra):
    from oversight.services import activity_create

    activity_create(
        actor=staff(w), kind=kind, title="关于%s的活动" % kind, start_date=w.on(5, 10), end_date=w.on(5, 12), **extra
    )


def meeting_setup(w):
    w.state["meeting"] = standing_meeting(w)


def heard(w, kind="special", title="住房保障工作情况的报告"):
    from oversight.tests.factories import heard_report

    return heard_report(w.users, title=title, at=w.state["meeting"], kind=kind)


def opinions_sent(w):
    from oversight.services import opinions_send

    meeting_setup(w)
    report = heard(w)
    w.state["report"] = opinions_send(
        report_id=report.pk, opinions="加大保障力度", on=w.on(11, 10), actor=staff(w), months=2
    )


def respond(w, on):
    from oversight.services import response_record

    response_record(report_id=w.state["report"].pk, text="已整改", on=on, actor=staff(w))


def listed(w):
    """The deputy (with an account and a mandate) put on the meeting's own 列席 list."""
    from meetings.services import attendee_add

    attendee_add(meeting_id=w.state["meeting"].pk, actor=staff(w), user=w.users["deputy"], position="区人大代表")


def decision(w, votes):
    from oversight.tests.factories import decision as decided

    decided(w.users, at=w.state["meeting"], title="关于某事项的决定", votes=votes)


# appointments


def appointment(w, passed):
    from appointments.tests.factories import decided

    decided(person="赵某", post="区水利局局长", m=w.state["meeting"], passed=passed)


def meeting(w, type):
    from meetings.models import Meeting

    Meeting.objects.create(type=type, title="%s（%d）" % (type, w.year), date=w.on(5, 20), place="区人大常委会会议室")


def article(w):
    from reports.models import Article

    Article.objects.create(title="区人大常委会开展视察", outlet="安康日报", published_on=w.on(7, 1))


CASES = [
    # deputies
    Case("city deputy by-elected", lambda w: by_election(w, "city"), {"deputies.by_elected_city": 1}),
    Case(
        "district deputy by-elected",
        lambda w: by_election(w, "district"),
        {"deputies.by_elected_district": 1, "deputies.in_office": 1},
    ),
    Case(
        "deputy-group activity with 4 suggestions",
        lambda w: activity(w, "group", suggestions_count=4),
        {"deputies.group_activities": 1, "deputies.group_suggestions": 4},
    ),
    Case(
        "deputy attending a meeting (列席)",
        lambda w: w.state["attendance"].participants.add(w.state["deputy"]),
        {"deputies.attendance": 1},
        setup=attendance_setup,
        late="",
    ),  # the activity's date is the record's
    Case("deputy on a meeting's own 列席 list", listed, {"deputies.attendance": 1}, setup=meeting_setup, late="all"),
    Case("reception of 7 constituents", reception, {"deputies.reception_visits": 7}),
    Case("public opinion received", opinion_received, {"deputies.opinions_collected": 1}),
    Case("last year's opinion resolved", opinion_resolve, {"deputies.opinions_resolved": 1}, setup=opinion_setup),
    Case("bureau-chief–deputy dialogue", lambda w: activity(w, "dialogue"), {"deputies.dialogues": 1}),
    Case("deputy of the 19th term", lambda w: a_deputy(), {"deputies.in_office": 1}, late=""),  # dated by its term
    Case("excellent deputy commended", lambda w: commendation(w, "deputy"), {"deputies.commended": 1}),
    # proposals
    Case(
        "proposal submitted", lambda w: proposal(w, "submitted", "关于加快停车场建设的建议"), {"proposals.received": 1}
    ),
    Case(
        "proposal assigned beside a replied one",
        lambda w: proposal(w, "assigned", "关于增设公交站点的建议"),
        {"proposals.received": 1, "proposals.reply_rate": Exact(50.0)},
        setup=lambda w: proposal(w, "replied", "关于加快停车场建设的建议"),
    ),
    Case(
        "reply in time",
        lambda w: reply(w, w.state["open"], on=w.on(4, 1)),
        {"proposals.reply_rate": Exact(100.0), "proposals.in_time": 1},
        setup=two_assigned_one_replied,
    ),
    Case(
        "reply after the deadline",
        lambda w: reply(w, w.state["open"], on=w.on(12, 1)),
        {"proposals.reply_rate": Exact(100.0)},
        setup=two_assigned_one_replied,
    ),
    Case(
        "deputy unsatisfied with a reply",
        lambda w: evaluate(w, w.state["replied"], "unsatisfied"),
        {"proposals.satisfaction": Exact(50.0)},
        setup=one_evaluated_one_replied,
    ),
    Case("excellent proposal commended", lambda w: commendation(w, "proposal"), {"proposals.commended": 1}),
    # meetings
    *[
        Case("%s meeting" % t, lambda w, t=t: meeting(w, t), {key: 1})
        for t, key in [
            ("party", "meetings.party_group"),
            ("study", "meetings.central_study"),
            ("themed", "meetings.themed_study"),
            ("exchange", "meetings.exchanges"),
            ("standing", "meetings.standing"),
            ("delegation", "meetings.delegations"),
        ]
    ],
    # projects
    Case(
        "district project adopted (2,500 万元)",
        lambda w: project_vote(w, district(), total_wan=2500),
        {"projects.district_voted": 1, "projects.district_total": Exact(0.25), "oversight.decisions_adopted": 1},
        late="all",
    ),  # the district congress's own decision, adopted 1 of 2
    Case(
        "progress report (2,000 万元 completed, was 1,000)",
        progress_report,
        {"projects.district_completed": Exact(0.2)},
        setup=reported_project,
    ),
    Case(
        "town project adopted (900 万元)",
        lambda w: project_vote(w, a_town(), total_wan=900),
        {"projects.town_voted": 1, "projects.town_total": Exact(0.09)},
        late="all",
    ),  # not a district decision
    Case(
        "supervision visit without suggestions",
        lambda w: inspection(w, []),
        {"projects.inspections": 1},
        setup=adopted_project,
    ),
    Case(
        "supervision visit with 2 suggestions",
        lambda w: inspection(w, ["加快进度", "注意安全"]),
        {"projects.inspections": 1, "projects.suggestions": 2},
        setup=adopted_project,
    ),
    # oversight
    Case(
        "research report adopted",
        lambda w: oversight_activity(
            w, "research", report="调研报告", report_status="adopted", report_adopted_on=w.on(6, 30)
        ),
        {"oversight.research_reports": 1},
    ),
    Case("inspection tour", lambda w: oversight_activity(w, "inspection"), {"oversight.inspections": 1}),
    Case(
        "law-enforcement inspection",
        lambda w: oversight_activity(w, "enforcement", law="中华人民共和国食品安全法"),
        {"oversight.enforcement": 1},
    ),
    Case("special report heard", lambda w: heard(w), {"oversight.reports_heard": 1}, setup=meeting_setup, late="all"),
    Case(
        "final accounts reviewed",
        lambda w: heard(w, kind="accounts", title="2022年区级财政决算"),
        {"oversight.budget_reviews": 1},
        setup=meeting_setup,
        late="all",
    ),
    Case(
        "response by the due date",
        lambda w: respond(w, w.on(12, 20)),
        {"oversight.responses_in_time": 1},
        setup=opinions_sent,
    ),
    Case("response after the due date", lambda w: respond(w, dt.date(w.year + 1, 3, 1)), {}, setup=opinions_sent),
    Case(
        "decision adopted",
        lambda w: decision(w, ("Y", "Y", "Y")),
        {"oversight.decisions_adopted": 1},
        setup=meeting_setup,
        late="all",
    ),
    Case("decision voted down", lambda w: decision(w, ("N", "N", "A")), {}, setup=meeting_setup, late="all"),
    # appointments
    Case(
        "appointment adopted",
        lambda w: appointment(w, True),
        {"appointments.person_times": 1},
        setup=meeting_setup,
        late="all",
    ),
    Case("appointment voted down", lambda w: appointment(w, False), {}, setup=meeting_setup, late="all"),
    # reports
    Case("media article", article, {"reports.articles": 1}),
]


@pytest.fixture
def users(role_users):
    """The demo accounts, the deputy's mandate in the 19th term, and both years published."""
    from proposals.tests.factories import deputy_mandate

    deputy_mandate(role_users)
    ReportYear.objects.create(year=YEAR, published=True)
    ReportYear.objects.create(year=YEAR - 1, published=True)
    return role_users


def read(client, year):
    response = client.get(reverse("reports:report_data", args=[year]))
    assert response.status_code == 200
    return {f["key"]: f["value"] for f in response.json()["figures"]}


def moved(before, after):
    return {k: after[k] for k in after if after[k] != before.get(k)}


def expected(before, moves):
    return {k: (m.value if isinstance(m, Exact) else before[k] + m) for k, m in moves.items()}


def test_every_figure_of_the_report_has_a_case(users):
    """A figure added to the report without a case here fails: every figure must be movable by a record."""
    from reports.figures import compute

    covered = {key for case in CASES for key in case.moves}
    assert {f.key for f in compute(YEAR)} == covered


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_one_record_moves_exactly_its_figures(client, users, case):
    w = World(YEAR, users)
    case.setup(w)
    before = read(client, YEAR)  # computed and cached now
    assert read(client, YEAR) == before  # (served warm)
    case.act(w)
    after = read(client, YEAR)
    assert moved(before, after) == expected(before, case.moves)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_the_same_record_a_year_earlier_moves_nothing_this_year(client, users, case):
    w = World(YEAR - 1, users)
    case.setup(w)
    before, last_before = read(client, YEAR), read(client, YEAR - 1)
    case.act(w)
    after, last_after = read(client, YEAR), read(client, YEAR - 1)
    assert moved(last_before, last_after) == expected(last_before, case.moves)  # it did count, in its year
    stock = {k: m for k, m in case.moves.items() if k in STOCK}
    assert moved(before, after) == expected(before, stock)


# --- records of a later year must not rewrite a past year's report --------------------------------
def test_a_mandate_ended_next_year_leaves_this_years_deputies_in_office(client, users):
    from deputies.services import deputy_end_mandate

    deputy = a_deputy()
    before = read(client, YEAR)
    deputy_end_mandate(deputy_id=deputy.pk, status="resigned", on=dt.date(YEAR + 1, 3, 1), actor=users["staff"])
    assert moved(before, read(client, YEAR)) == {}


def test_a_progress_report_of_next_year_leaves_this_years_completed_investment(client, users):
    from projects import services

    w = World(YEAR, users)
    reported_project(w)
    before = read(client, YEAR)
    services.progress_report_file(
        project=w.state["project"],
        date=dt.date(YEAR + 1, 1, 15),
        completed_wan=Decimal(2500),
        note="竣工决算",
        actor=users["admin"],
    )
    assert moved(before, read(client, YEAR)) == {}


# --- the same record dated 1 January of the next year moves nothing in the year -----------------
LATE = [c for c in CASES if c.late]


@pytest.mark.parametrize("case", LATE, ids=[c.name for c in LATE])
def test_the_same_record_dated_1_january_of_the_next_year_moves_nothing(client, users, case):
    """Every figure is as of 31 December: a reply, an evaluation, a response, a progress report, a
    vote... dated the next day never moves the year (cases marked "all": the meeting it is recorded at
    is the next year's too)."""
    w = World(YEAR, users, late=case.late == "all")
    case.setup(w)
    before = read(client, YEAR)
    w.late = True
    case.act(w)
    assert moved(before, read(client, YEAR)) == {}


def test_a_reply_in_time_dated_1_january_counts_in_no_rate_of_the_year(client, users):
    """Assigned on 30 November (due 28 February): a reply on 1 January is in time, but of the next year."""
    from proposals import services

    w = World(YEAR, users)
    p = proposal(w, "submitted", "关于增设公交站点的建议")
    from congress.models import Organization

    services.proposal_register(proposal_id=p.pk, actor=staff(w))
    services.proposal_assign(
        proposal_id=p.pk,
        lead=Organization.objects.get(pk=users["unit"].organization_id),
        actor=staff(w),
        on=w.on(11, 30),
    )
    before = read(client, YEAR)
    reply(w, p, on=dt.date(YEAR + 1, 1, 1))
    assert moved(before, read(client, YEAR)) == {}
    evaluate(World(YEAR + 1, users), p, "satisfied")
    assert moved(before, read(client, YEAR)) == {}
