"""The annual report's charts and tables, the cache under the change stamp, and the drill-down links."""

import datetime as dt
from decimal import Decimal
from io import BytesIO
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse

from congress.models import Organization, Session
from deputies.tests.factories import ReceptionFactory
from proposals import services as proposal_services
from proposals.models import Status
from proposals.tests.factories import deputy_mandate
from reports.charts import charts_for
from reports.models import Narrative, ReportYear

pytestmark = pytest.mark.django_db

DAY = dt.date(2023, 2, 1)


@pytest.fixture
def year(role_users):
    ReportYear.objects.create(year=2023, published=True)
    return 2023


def replied(role_users, unit, cls, *, title="关于加快停车场建设的建议", evaluate=None):
    """A 2023 proposal through the services: submitted, registered, assigned to ``unit``, replied."""
    staff, admin = role_users["staff"], role_users["admin"]
    mandate = deputy_mandate(role_users)
    p = proposal_services.proposal_create(
        lead=mandate,
        session=Session.objects.get(term=mandate.term, number=2),
        kind="suggestion",
        title=title,
        category="城乡建设",
        content="建议内容",
        actor=role_users["deputy"],
    )
    proposal_services.proposal_submit(proposal_id=p.pk, actor=role_users["deputy"], today=DAY)
    proposal_services.proposal_register(proposal_id=p.pk, actor=staff)
    proposal_services.proposal_assign(proposal_id=p.pk, lead=unit, actor=staff, on=DAY)
    if cls:
        lead = p.assignments.get(role="lead")
        proposal_services.reply_submit(
            assignment_id=lead.pk, cls=cls, text="经研究，答复如下", actor=admin, on=DAY + dt.timedelta(days=30)
        )
    if evaluate:
        proposal_services.proposal_evaluate(
            proposal_id=p.pk, result=evaluate, comment="", actor=role_users["deputy"], today=DAY + dt.timedelta(days=40)
        )
    return p


def adopted_projects(completed=Decimal(300)):
    """A decided 2023 district slate (two adopted projects, one with a progress report)."""
    from projects.tests.factories import voting_slate_with_adopted

    return voting_slate_with_adopted()


def more_projects(objects, n, role_users):
    """``n`` more adopted projects on the decided slate, each with two progress reports."""
    from projects import services as project_services
    from projects.models import Project, ProjectStatus

    first = objects["project"]
    for i in range(n):
        p = Project.objects.create(
            slate=first.slate,
            title="追加项目%d" % i,
            implementing_unit=first.implementing_unit,
            total_wan=Decimal(500),
            year_plan_wan=Decimal(400),
            content="内容",
            status=ProjectStatus.IN_PROGRESS,
            rank=10 + i,
        )
        for month in (6, 9):
            project_services.progress_report_file(
                project=p,
                date=dt.date(2023, month, 1),
                completed_wan=Decimal(month),
                note="进展",
                actor=role_users["admin"],
            )


def by_key(year=2023):
    return {c["key"]: c for c in charts_for(year)}


def units(n):
    return list(Organization.objects.filter(is_handling_unit=True).order_by("pk")[:n])


def test_charts_carry_the_year_s_records(role_users, year):
    first, second = units(2)
    replied(role_users, first, "A", evaluate="satisfied")
    replied(role_users, second, "B")
    replied(role_users, second, None, title="关于改善农村饮水的建议")  # assigned, not replied yet
    adopted_projects()
    ReceptionFactory(date=dt.date(2023, 3, 9), visitors=12)
    charts = by_key()

    status = charts["proposal-status"]
    assert dict(zip(status["categories"], status["series"][0]["values"])) == {
        str(Status.ASSIGNED.label): 1,
        str(Status.REPLIED.label): 1,
        str(Status.CLOSED.label): 1,
    }
    classes = charts["proposal-class"]
    assert [c[0] for c in classes["categories"]] == ["A", "B"] and classes["series"][0]["values"] == [1, 1]
    per_unit = charts["proposal-units"]
    rates = {
        name: (per_unit["series"][0]["values"][i], per_unit["series"][1]["values"][i])
        for i, name in enumerate(per_unit["categories"])
    }
    assert rates == {first.name: (100.0, 100.0), second.name: (50.0, None)}  # none evaluated: no rate
    assert dict(per_unit["rows"])[second.name] == ["50.0", "—"]
    investment = charts["project-investment"]
    assert investment["categories"] == ["候选项目1", "候选项目2"]
    assert investment["series"][0]["values"] == [800.25, 800.25] and investment["series"][1]["values"] == [300.0, 0]
    assert investment["rows"][0] == ("候选项目1", ["800.25", "300.00"])
    assert charts["receptions"]["series"][0]["values"][2] == 12 and len(charts["receptions"]["categories"]) == 12


def test_past_thirty_projects_the_rest_are_one_bar(role_users, year):
    from projects.models import Project

    objects = adopted_projects()
    Project.objects.bulk_create(
        [
            Project(
                slate=objects["slate"],
                title="追加项目%02d" % i,
                rank=10 + i,
                implementing_unit=objects["project"].implementing_unit,
                total_wan=Decimal(500),
                year_plan_wan=Decimal("400.5"),
                content="内容",
                status="in_progress",
            )
            for i in range(38)
        ]
    )  # 2 + 38 adopted
    investment = by_key()["project-investment"]
    assert len(investment["categories"]) == 30
    assert investment["categories"][:3] == ["候选项目1", "候选项目2", "追加项目00"]
    assert investment["categories"][-1] == "其余11个项目"
    assert investment["series"][0]["values"][-1] == 11 * 400.5
    assert sum(investment["series"][0]["values"]) == 2 * 800.25 + 38 * 400.5  # nothing lost


def test_the_page_has_a_table_for_each_chart_and_the_chart_data(client, role_users, year):
    (first,) = units(1)
    replied(role_users, first, "C")
    adopted_projects()
    page = client.get(reverse("reports:report", args=[2023])).content.decode()
    for key in ("receptions", "proposal-status", "proposal-class", "proposal-units", "project-investment"):
        assert 'id="chart-%s"' % key in page and 'id="chart-%s-table"' % key in page
    assert '<th scope="row" class="fw-normal">C' in page
    assert '<td class="text-end">800.25</td>' in page and first.name in page
    assert 'id="chart-data"' in page and '"hbar"' in page


def test_chart_queries_do_not_grow_with_the_records(role_users, year):
    first, second, third = units(3)
    replied(role_users, first, "A")
    with CaptureQueriesContext(connection) as small:
        charts_for(2023)
    for unit, cls in ((second, "B"), (third, "C"), (first, "D"), (second, "A")):
        replied(role_users, unit, cls, title="建议%s%s" % (unit.pk, cls), evaluate="basic")
    adopted_projects()
    for month in range(1, 13):
        ReceptionFactory(date=dt.date(2023, month, 2), visitors=month)
    with CaptureQueriesContext(connection) as large:
        charts = by_key()
    assert len(large) == len(small) <= 8
    assert len(charts["proposal-units"]["categories"]) == 3


def _warm_anonymous(client, url, django_assert_num_queries):
    client.get(url)  # cold: fills the cache
    with django_assert_num_queries(0):
        response = client.get(url)
    assert response.status_code == 200
    return response


def test_anonymous_warm_report_issues_no_query_and_cold_is_bounded(client, role_users, year, django_assert_num_queries):
    ReportYear.objects.create(year=2022, published=True)
    url = reverse("reports:report", args=[2023])
    Narrative.objects.create(report=ReportYear.objects.get(year=2023), part="people", text="悠悠万事，民生为大。")
    first, second = units(2)
    replied(role_users, first, "A")
    with django_assert_num_queries(53):  # cold: each app's figures for 2023 and 2022, the charts
        client.get(url)
    _warm_anonymous(client, url, django_assert_num_queries)
    for i in range(6):  # more records, same query count cold
        replied(role_users, second if i % 2 else first, "ABCD"[i % 4], title="建议%d" % i)
    adopted_projects()
    ReceptionFactory.create_batch(5, date=dt.date(2023, 7, 1))
    with django_assert_num_queries(59):
        page = client.get(url).content.decode()
    assert "悠悠万事，民生为大。" in page and "候选项目1" in page
    response = _warm_anonymous(client, url, django_assert_num_queries)
    assert "悠悠万事，民生为大。" in response.content.decode()
    for name in ("reports:report_data", "reports:report_xlsx", "reports:report_pdf"):
        _warm_anonymous(client, reverse(name, args=[2023]), django_assert_num_queries)
    with django_assert_num_queries(0):
        assert client.get(reverse("reports:report_latest"))["Location"] == url


def test_cold_query_count_is_the_same_at_larger_row_counts(client, role_users, year):
    url = reverse("reports:report", args=[2023])
    first, second = units(2)
    replied(role_users, first, "A")
    objects = adopted_projects()
    ReceptionFactory()
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for i in range(5):
        replied(role_users, second, "B", title="建议%d" % i, evaluate="satisfied")
    more_projects(objects, 8, role_users)
    ReceptionFactory.create_batch(8)
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    import collections
    import re

    def norm(ctx):
        return collections.Counter(re.sub(r"\d+", "N", q["sql"])[:150] for q in ctx)

    assert norm(large) - norm(small) == {} and len(large) == len(small)


def test_a_record_change_invalidates_the_warm_page(client, role_users, year):
    url = reverse("reports:report", args=[2023])
    client.get(url)
    ReceptionFactory(date=dt.date(2023, 4, 1), visitors=777)
    assert '<td class="text-end">777</td>' in client.get(url).content.decode()
    report = ReportYear.objects.get(year=2023)
    Narrative.objects.create(report=report, part="self", text="打铁还需自身硬。")
    assert "打铁还需自身硬。" in client.get(url).content.decode()
    report.published = False
    report.save()
    assert client.get(url).status_code == 404
    assert client.get(reverse("reports:report_data", args=[2023])).status_code == 404


def test_staff_warm_page_reads_only_the_session_and_the_user(client_as, role_users, year):
    staff = client_as("staff")
    url = reverse("reports:report", args=[2023])
    staff.get(url)
    with CaptureQueriesContext(connection) as warm:
        assert staff.get(url).status_code == 200
    counted = ("reports_", "deputies_", "proposals_", "projects_", "meetings_", "oversight_", "appointments_")
    assert not [q["sql"] for q in warm if any(t in q["sql"] for t in counted)]
    with CaptureQueriesContext(connection) as home:
        staff.get(reverse("reports:home"))
    assert len(warm) <= len(home)  # the same session and user reads as the home page, nothing else


def test_year_selector_comparison_and_an_empty_year(client, client_as, role_users, year):
    ReportYear.objects.create(year=2021, published=True)
    ReportYear.objects.create(year=2024, published=False)
    page = client.get(reverse("reports:report", args=[2023])).content.decode()
    assert 'href="/report/2021/"' in page and 'href="/report/2024/"' not in page
    assert "上年：" not in page  # 2022 is not a report year: nothing to compare
    staff_page = client_as("leader").get(reverse("reports:report", args=[2023])).content.decode()
    assert 'href="/report/2024/"' in staff_page
    ReportYear.objects.create(year=2022, published=True)
    assert "上年：" in client.get(reverse("reports:report", args=[2023])).content.decode()

    empty = client.get(reverse("reports:report", args=[2021]))
    assert empty.status_code == 200
    assert empty.context["charts_js"] == [
        c for c in empty.context["charts_js"] if c["id"] == "chart-receptions"
    ]  # only the 12 months (zeros)
    assert empty.content.decode().count("本年没有记录。") == 4
    data = client.get(reverse("reports:report_data", args=[2021])).json()
    assert all(not c["categories"] or c["key"] == "receptions" for c in data["charts"])


def test_every_figure_links_staff_to_its_records_and_the_public_to_a_summary(client, client_as, role_users, year):
    from reports.selectors import report_for

    staff = client_as("staff")
    figures = report_for(2023)["figures"]
    assert figures and all(f.staff_url for f in figures)
    for f in figures:
        resolve(urlsplit(f.staff_url).path)
        assert staff.get(f.staff_url).status_code == 200, f.key
        if f.public_url:
            assert client.get(f.public_url).status_code == 200, f.key
    assert len([f for f in figures if f.public_url]) >= 10
    page = staff.get(reverse("reports:report", args=[2023])).content.decode()
    assert 'data-testid="records-deputies.reception_visits"' in page


def test_exports_carry_the_charts(client, role_users, year):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    adopted_projects()
    data = client.get(reverse("reports:report_data", args=[2023])).json()
    investment = {c["key"]: c for c in data["charts"]}["project-investment"]
    assert investment["unit"] == "万元" and investment["series"][0]["values"] == [800.25, 800.25]
    book = load_workbook(BytesIO(client.get(reverse("reports:report_xlsx", args=[2023])).content))
    sheet = next(s for s in book.worksheets if "民生实事" in s.title)
    assert list(sheet.iter_rows(values_only=True))[1] == ("候选项目1", 800.25, 300.0)
    pdf = client.get(reverse("reports:report_pdf", args=[2023])).content
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages).replace(" ", "")
    assert "候选项目1" in text and "800.25" in text
    Narrative.objects.create(report=ReportYear.objects.get(year=2023), part="people", text="民生实事办到群众心坎上")
    pdf = client.get(reverse("reports:report_pdf", args=[2023])).content  # the cached document is not reused
    assert "民生实事办到群众心坎上" in "".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages).replace(" ", "")


def test_a_figure_s_records_link_lists_only_that_year_s_records_of_its_kind(client_as, role_users, year):
    """The staff lists behind the figures filter by the year (and type or kind) the figure counts."""
    from meetings.models import Meeting
    from oversight.models import OversightActivity
    from reports.models import Article
    from reports.selectors import report_for

    Meeting.objects.create(type="party", title="党组会议甲", date=dt.date(2023, 3, 1))
    Meeting.objects.create(type="party", title="党组会议乙", date=dt.date(2022, 3, 1))
    Meeting.objects.create(type="standing", title="常委会会议丙", date=dt.date(2023, 4, 1))
    Article.objects.create(title="报道甲", outlet="安康日报", published_on=dt.date(2023, 5, 1))
    Article.objects.create(title="报道乙", outlet="安康日报", published_on=dt.date(2022, 5, 1))
    for kind, title, day in [
        ("inspection", "视察甲", dt.date(2023, 6, 1)),
        ("research", "调研乙", dt.date(2023, 6, 2)),
        ("inspection", "视察丙", dt.date(2022, 6, 1)),
    ]:
        OversightActivity.objects.create(kind=kind, title=title, start_date=day, end_date=day)
    from deputies.models import PublicOpinion

    for content, received, closed in [
        ("去年收到今年办结", dt.date(2022, 12, 20), dt.date(2023, 1, 5)),
        ("去年收到去年办结", dt.date(2022, 11, 1), dt.date(2022, 11, 20)),
    ]:
        PublicOpinion.objects.create(content=content, received_on=received, status="resolved", closed_on=closed)
    from deputies.tests.factories import DeputyFactory

    DeputyFactory(full_name="年末在任甲")
    DeputyFactory(full_name="次年辞职乙", status="resigned", status_date=dt.date(2024, 3, 1))
    DeputyFactory(full_name="年中辞职丙", status="resigned", status_date=dt.date(2023, 5, 1))
    links = {f.key: f.staff_url for f in report_for(2023)["figures"]}
    staff = client_as("staff")

    def listed(key):
        return staff.get(links[key]).content.decode()

    page = listed("meetings.party_group")
    assert "党组会议甲" in page and "党组会议乙" not in page and "常委会会议丙" not in page
    page = listed("reports.articles")
    assert "报道甲" in page and "报道乙" not in page
    page = listed("deputies.opinions_resolved")  # counted by the year it was closed in, whenever received
    assert "去年收到今年办结" in page and "去年收到去年办结" not in page
    page = listed("deputies.in_office")  # in office on 31 December, as later records still tell it
    assert "年末在任甲" in page and "次年辞职乙" in page and "年中辞职丙" not in page
    page = listed("oversight.inspections")
    assert "视察甲" in page and "调研乙" not in page and "视察丙" not in page
    assert staff.get(reverse("meetings:meeting_list") + "?year=不是年份").status_code == 200  # junk: the whole list
