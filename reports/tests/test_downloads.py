"""Open data: the records behind the public figures as CSV (UTF-8 with a BOM), only for a visible
year, a fixed number of queries whatever the row count, nothing beyond what the public pages show."""

import csv
import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from congress.models import Congress, Level, Session, Term
from reports.models import ReportYear

pytestmark = pytest.mark.django_db


def rows(response) -> list[dict]:
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(StringIO(text[1:])))


def queries(client, url) -> int:
    """Return the queries of a request once per-process caches (content types, ...) are warm."""
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.fixture
def year2023(role_users):
    return ReportYear.objects.create(year=2023, published=True)


def town_slate(year=2023):
    from projects.models import Slate

    town = Congress.objects.filter(level=Level.TOWN).order_by("name").first()
    term = Term.objects.create(congress=town, number=19, start_date=dt.date(2021, 9, 1))
    session = Session.objects.create(
        term=term, number=2, start_date=dt.date(year, 1, 10), end_date=dt.date(year, 1, 12)
    )
    return town, Slate.objects.create(
        session=session, year=year, places=100, electorate=30, status="decided", decided_on=dt.date(year, 1, 12)
    )  # its projects adopted at the session


def more_projects(slate, n, unit, status="in_progress"):
    from projects.models import Project

    Project.objects.bulk_create(
        [
            Project(
                slate=slate,
                title="镇级项目%03d" % i,
                implementing_unit=unit,
                status=status,
                total_wan=Decimal("90.90"),
                year_plan_wan=Decimal("50"),
                content="内容",
            )
            for i in range(n)
        ]
    )


def test_projects_csv_lists_the_years_adopted_district_and_town_projects(client, year2023):
    from projects.tests.factories import voting_slate_with_adopted

    made = voting_slate_with_adopted()
    unit = made["project"].implementing_unit
    town, slate = town_slate()
    more_projects(slate, 2, unit)
    more_projects(slate, 1, unit, status="not_adopted")
    url = reverse("reports:projects_csv", args=[2023])
    small = queries(client, url)
    data = rows(client.get(url))
    assert list(data[0]) == [
        "id",
        "title",
        "level",
        "congress",
        "implementing_unit",
        "total_wan",
        "year_plan_wan",
        "completed_wan",
        "status",
    ]
    assert [r["level"] for r in data] == ["district", "district", "town", "town"]  # candidates not adopted are out
    first = next(r for r in data if r["id"] == str(made["project"].pk))
    assert first == {
        "id": str(made["project"].pk),
        "title": made["project"].title,
        "level": "district",
        "congress": "安康市汉滨区人民代表大会",
        "implementing_unit": unit.name,
        "total_wan": "1000.50",
        "year_plan_wan": "800.25",
        "completed_wan": "300.00",
        "status": "in_progress",
    }
    assert data[2]["congress"] == town.name and data[2]["total_wan"] == "90.90" and data[2]["completed_wan"] == "0"
    more_projects(slate, 60, unit)
    assert len(rows(client.get(url))) == 64
    assert queries(client, url) == small <= 3  # the year's visibility, then one query for the rows
    ReportYear.objects.create(year=2022, published=True)
    assert rows(client.get(reverse("reports:projects_csv", args=[2022]))) == []  # a year without records: no rows


def test_proposals_csv_has_published_proposals_with_unit_and_reply_status_and_no_personal_data(client, role_users):
    from proposals import services
    from proposals.tests.factories import assigned_proposal, replied_proposal

    replied = replied_proposal(role_users, cls="B")
    services.proposal_publish(proposal_id=replied.pk, publish=True, actor=role_users["staff"])
    assigned_proposal(role_users, title="未公开的建议")  # not published: never in the file
    year = replied.submitted_on.year
    ReportYear.objects.create(year=year, published=True)
    url = reverse("reports:proposals_csv", args=[year])
    small = queries(client, url)
    response = client.get(url)
    data = rows(response)
    assert len(data) == 1
    row = data[0]
    assert list(row) == [
        "session",
        "number",
        "title",
        "kind",
        "category",
        "submitted_on",
        "status",
        "lead_units",
        "reply_status",
        "reply_class",
        "replied_on",
    ]
    reply = replied.assignments.get(role="lead").reply
    assert (row["title"], row["lead_units"], row["reply_status"], row["reply_class"], row["replied_on"]) == (
        replied.title,
        role_users["unit"].organization.name,
        "replied",
        "B",
        reply.replied_on.isoformat(),
    )
    text = response.content.decode()
    assert "陈秀兰" not in text and "经研究" not in text and "区财政局" not in text  # no deputy, reply text, assistant
    for _i in range(8):
        p = replied_proposal(role_users)
        services.proposal_publish(proposal_id=p.pk, publish=True, actor=role_users["staff"])
    assert len(rows(client.get(url))) == 9
    assert queries(client, url) == small <= 4  # the year, proposals, their lead assignments


def test_decisions_csv_has_only_adopted_decisions_with_a_published_vote(client, role_users, year2023):
    from oversight.tests.factories import decision, meeting

    at = meeting(date=dt.date(2023, 10, 31))
    decision(role_users, at=at, title="关于批准2022年区级财政决算的决议", votes=("Y", "Y", "Y"))
    decision(role_users, at=at, title="未通过的决定", votes=("N", "N", "Y"))
    decision(role_users, at=at, title="未公布表决结果的决定", votes=("Y", "Y", "Y"), publish=False)
    url = reverse("reports:decisions_csv", args=[2023])
    small = queries(client, url)
    data = rows(client.get(url))
    assert list(data[0]) == [
        "date",
        "meeting",
        "title",
        "option",
        "votes_for",
        "votes_against",
        "abstentions",
        "base",
        "adopted",
    ]
    assert [(r["date"], r["meeting"], r["title"], r["option"], r["votes_for"], r["votes_against"]) for r in data] == [
        ("2023-10-31", at.title, "关于批准2022年区级财政决算的决议", "", "3", "0")
    ]
    later = meeting(number=13, date=dt.date(2023, 12, 20))
    for i in range(4):
        decision(role_users, at=later, title="决定%d" % i, votes=("Y", "Y", "N"))
    assert len(rows(client.get(url))) == 5
    assert queries(client, url) == small <= 8  # the year, then oversight's public list (six)


def test_decisions_csv_gives_each_option_of_a_slate_its_own_votes(client, role_users, year2023):
    """A vote on several appointees at once: every appointee's row, not the first one's only."""
    from meetings import services as meetings
    from meetings.models import AgendaItem
    from oversight.tests.factories import meeting

    at = meeting(date=dt.date(2023, 6, 28))
    item = AgendaItem.objects.create(meeting=at, order=1, kind="decision", title="关于任命区政府组成人员的决定")
    voters = [role_users[r] for r in ("member", "leader", "staff")]
    poll = meetings.poll_create(
        agenda_item=item,
        question="表决任命",
        kind="slate",
        options=["张明任区财政局局长", "李华任区教育局局长"],
        electorate=voters,
        actor=role_users["staff"],
    )
    poll = meetings.poll_open(poll_id=poll.pk, actor=role_users["staff"])
    first, second = poll.options.order_by("pk")
    for voter, (a, b) in zip(voters, [("Y", "N"), ("Y", "N"), ("Y", "A")]):
        meetings.ballot_cast(poll_id=poll.pk, voter=voter, choices={first.pk: a, second.pk: b})
    meetings.poll_close(poll_id=poll.pk, actor=role_users["staff"])
    meetings.poll_publish(poll_id=poll.pk, actor=role_users["staff"])
    data = rows(client.get(reverse("reports:decisions_csv", args=[2023])))
    got = [(r["option"], r["votes_for"], r["votes_against"], r["abstentions"], r["adopted"]) for r in data]
    assert got == [("张明任区财政局局长", "3", "0", "0", "1"), ("李华任区教育局局长", "0", "2", "1", "0")]


@pytest.mark.parametrize("name", ["projects_csv", "proposals_csv", "decisions_csv", "report_csv"])
def test_csv_of_a_year_not_published_is_for_staff_only(client, client_as, role_users, name):
    ReportYear.objects.create(year=2019, published=False)
    url = reverse("reports:" + name, args=[2019])
    assert client.get(url).status_code == 404
    assert client_as("deputy").get(url).status_code == 404
    assert client_as("leader").get(url).status_code == 200
    assert client.get(reverse("reports:" + name, args=[2018])).status_code == 404  # no such report year
    assert client_as("leader").get(reverse("reports:" + name, args=[1800])).status_code == 404


def test_the_report_page_links_every_csv(client, year2023):
    page = client.get(reverse("reports:report", args=[2023])).content.decode()
    for name in ("projects_csv", "proposals_csv", "decisions_csv", "report_csv", "report_data"):
        assert 'href="%s"' % reverse("reports:" + name, args=[2023]) in page
