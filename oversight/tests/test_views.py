"""Oversight reads and pages: the annual-report selector and every list in a fixed number of queries,
decisions with the engine's own verdict, the organization seeing only its own reports, downloads."""

import datetime as dt

import pytest
from django.urls import reverse

from congress.models import Organization
from meetings.models import Poll
from meetings.services import poll_result, poll_results
from oversight import services
from oversight.models import ActivityKind, OversightActivity, SpecialReport
from oversight.selectors import decision_list, year_figures
from oversight.tests.factories import decision, heard_report, meeting, pdf

pytestmark = pytest.mark.django_db


def test_batched_results_agree_with_the_engine_poll_by_poll(role_users, django_assert_num_queries):
    at = meeting()
    decision(role_users, at=at, title="全体通过", votes=("Y", "Y", "Y"))
    decision(role_users, at=at, title="未过半数", votes=("Y", "N", "A"), base=5)
    decision(role_users, at=at, title="纸质票", votes=("Y", "Y", "N", "Y"), paper=True)
    decision(role_users, at=at, title="无记名", votes=("Y", "N", "Y"), mode="secret")
    polls = list(Poll.objects.order_by("pk"))
    with django_assert_num_queries(4):  # options, paper counts, ballots' tally, vote records: for all at once
        batched = poll_results(polls)
    for poll in polls:
        engine = poll_result(Poll.objects.get(pk=poll.pk))
        mine = batched[poll.pk]
        assert [(r["for"], r["against"], r["abstain"], r["base"], r["passed"]) for r in engine["rows"]] == [
            (r["for"], r["against"], r["abstain"], r["base"], r["passed"]) for r in mine["rows"]
        ]
        assert mine["voted"] == engine["voted"]
    assert [batched[p.pk]["passed"] for p in polls] == [True, False, True, True]


def _year(users, n):
    """n reports (half answered in time, a quarter late), n activities of each kind, n decisions (one
    of them failing, one not yet published)."""
    for i in range(n):
        r = heard_report(
            users,
            title="报告%d" % i,
            date=dt.date(2023, 3, 1 + i % 28),
            kind="budget" if i == 0 else "special",
            published=True,
        )
        services.opinions_send(report_id=r.pk, opinions="意见", on=dt.date(2023, 4, 1), months=2, actor=users["staff"])
        if i % 2 == 0:
            services.response_record(report_id=r.pk, text="答复", on=dt.date(2023, 5, 1), actor=users["staff"])
        elif i % 4 == 1:
            services.response_record(report_id=r.pk, text="答复", on=dt.date(2023, 7, 1), actor=users["staff"])
    OversightActivity.objects.bulk_create(
        [
            OversightActivity(
                kind=kind,
                title="%s%d" % (kind, i),
                law="某法" if kind == "enforcement" else "",
                start_date=dt.date(2023, 5, 1),
                end_date=dt.date(2023, 5, 2),
                report_status="adopted" if kind == "research" else "none",
                report_adopted_on=dt.date(2023, 6, 1) if kind == "research" else None,
            )
            for kind in ActivityKind.values
            for i in range(n)
        ]
    )
    at = meeting(number=20, date=dt.date(2023, 6, 28))
    for i in range(n):
        decision(users, at=at, title="决议%d" % i, votes=("N", "N", "Y") if i == 1 else ("Y", "Y", "N"), publish=i != 2)


@pytest.mark.parametrize("n", [4, 24])
def test_every_annual_report_count_from_one_selector_in_eight_queries(role_users, n, django_assert_num_queries):
    _year(role_users, n)
    with django_assert_num_queries(8):
        f = year_figures(2023)
    answered_in_time = len(range(0, n, 2))
    assert (f["research_reports"], f["inspections"], f["enforcement"], f["supervision"]) == (n, n, n, n)
    assert (f["reports_heard"], f["budget_reviews"], f["opinions_sent"]) == (n - 1, 1, n)
    assert f["responses_in_time"] == answered_in_time
    assert f["responses"] == answered_in_time + len(range(1, n, 4))
    assert (f["decisions"], f["decisions_adopted"]) == (n, n - 1)  # the closed-but-unpublished one counts
    assert year_figures(2022)["decisions"] == 0


def test_the_public_sees_only_published_votes(role_users):
    at = meeting()
    decision(role_users, at=at, title="已公布的决议")
    decision(role_users, at=at, title="未公布的决议", publish=False)
    assert [d["item"].title for d in decision_list(2023, public=True)] == ["已公布的决议"]
    assert len(decision_list(2023)) == 2


@pytest.mark.parametrize("n", [3, 30])
def test_decisions_page_in_fixed_queries(role_users, client, client_as, n, django_assert_num_queries):
    at = meeting()
    for i in range(n):
        decision(role_users, at=at, title="决议%d" % i)
    with django_assert_num_queries(7):
        response = client.get(reverse("oversight:decisions"), {"year": 2023})
    page = response.content.decode()
    assert "决议0" in page and "决议0（全文）" in page
    rows = list(response.context["page_obj"])
    assert len(rows) == min(n, 20) and all(r["adopted"] and r["vote"]["rows"][0]["for"] == 2 for r in rows)
    leader = client_as("leader")
    with django_assert_num_queries(14):
        assert leader.get(reverse("oversight:decisions"), {"year": 2023}).status_code == 200


@pytest.mark.parametrize("n", [3, 60])
def test_pending_dashboard_by_organization_in_fixed_queries(role_users, client_as, n, django_assert_num_queries):
    orgs = list(Organization.objects.filter(kind="department").order_by("pk")[:3])
    for i in range(n):
        r = heard_report(role_users, title="待答复%d" % i, organization=orgs[i % 3], date=dt.date(2023, 9, 1))
        services.opinions_send(
            report_id=r.pk, opinions="意见", on=dt.date(2023, 9, 10), months=2 + i % 2, actor=role_users["staff"]
        )
    client = client_as("staff")
    with django_assert_num_queries(8):
        response = client.get(reverse("oversight:pending"))
    groups = response.context["groups"]
    assert len(groups) == 3 and sum(len(g["reports"]) for g in groups) == n
    page = response.content.decode()
    assert "table-danger" in page  # the 2023 deadlines are past today
    assert all(orgs[k].name in page for k in range(3))


def test_the_organization_sees_and_answers_only_its_own(role_users, client_as):
    own = heard_report(role_users, title="本单位报告")
    other = heard_report(role_users, title="他单位报告", organization=Organization.objects.get(name="区民政局"))
    unsent = heard_report(role_users, title="未送达报告")
    for r in (own, other):
        services.opinions_send(report_id=r.pk, opinions="审议意见", on=dt.date(2023, 11, 10), actor=role_users["staff"])
    doc = services.document_add(upload=pdf(), role="report", report_id=other.pk, actor=role_users["staff"])
    client = client_as("unit")
    listing = client.get(reverse("oversight:my_reports")).content.decode()
    assert "本单位报告" in listing and "他单位报告" not in listing and "未送达报告" not in listing
    assert client.get(reverse("oversight:my_report", args=[other.pk])).status_code == 404
    assert client.get(reverse("oversight:my_report", args=[unsent.pk])).status_code == 404
    assert client.get(reverse("oversight:document", args=[doc.pk])).status_code == 404
    response = client.post(
        reverse("oversight:my_report", args=[own.pk]), {"text": "已逐条整改", "letter": pdf("复函.pdf")}
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.response == "已逐条整改" and own.responded_by == role_users["unit"]
    letter = own.documents.get()
    download = client.get(reverse("oversight:document", args=[letter.pk]))
    assert download.status_code == 200 and download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_a_refused_response_letter_writes_nothing(role_users, client_as):
    report = heard_report(role_users)
    services.opinions_send(report_id=report.pk, opinions="意见", on=dt.date(2023, 11, 10), actor=role_users["staff"])
    response = client_as("unit").post(
        reverse("oversight:my_report", args=[report.pk]), {"text": "答复", "letter": pdf("复函.pdf", b"MZ not a pdf")}
    )
    assert response.status_code == 200
    assert SpecialReport.objects.get(pk=report.pk).responded_on is None and not report.documents.exists()


def test_staff_create_a_report_at_its_agenda_item_through_the_form(role_users, client_as):
    from meetings.models import AgendaItem

    item = AgendaItem.objects.create(meeting=meeting(), kind="reviewed", title="审议专项报告")
    client = client_as("staff")
    form = client.get(reverse("oversight:specialreport_create")).content.decode()
    assert "审议专项报告" in form
    data = {"kind": "special", "title": "专项报告", "organization": role_users["unit"].organization_id, "item": item.pk}
    response = client.post(reverse("oversight:specialreport_create"), data)
    report = SpecialReport.objects.get(title="专项报告")
    assert response.status_code == 302 and AgendaItem.objects.get(pk=item.pk).concerns == report
    again = client.post(reverse("oversight:specialreport_create"), dict(data, title="重复"))
    assert again.status_code == 200 and not SpecialReport.objects.filter(title="重复").exists()


def test_staff_upload_an_activity_report_and_the_deputy_dossier_counts_the_activity(role_users, client_as):
    from deputies.tests.factories import DeputyFactory

    deputy = DeputyFactory(user=role_users["deputy"])
    activity = services.activity_create(
        actor=role_users["staff"],
        kind="inspection",
        title="重点项目建设视察",
        start_date=dt.date(2023, 5, 20),
        end_date=dt.date(2023, 5, 20),
        deputies=[deputy],
    )
    client = client_as("staff")
    client.post(reverse("oversight:activity_document_add", args=[activity.pk]), {"role": "report", "file": pdf()})
    doc = activity.documents.get()
    assert client.get(activity.get_absolute_url()).content.decode().count(reverse("oversight:document", args=[doc.pk]))
    assert client_as("unit").get(reverse("oversight:document", args=[doc.pk])).status_code == 404
    dossier = client_as("deputy").get(reverse("deputies:dossier", args=[deputy.pk]), {"year": 2023})
    assert "重点项目建设视察" in dossier.content.decode()
    assert (
        client_as("deputy")
        .get(reverse("deputies:dossier", args=[deputy.pk]), {"year": 2022})
        .context["sections"][0]["rows"]
        == []
    )


@pytest.mark.parametrize("n", [3, 40])
def test_the_organizations_list_and_the_public_year_in_fixed_queries(
    role_users, client, client_as, n, django_assert_num_queries
):
    for i in range(n):
        r = heard_report(role_users, title="报告%d" % i, date=dt.date(2023, 9, 1), published=True)
        services.opinions_send(
            report_id=r.pk, opinions="审议意见%d" % i, on=dt.date(2023, 9, 10), actor=role_users["staff"]
        )
    unit = client_as("unit")
    with django_assert_num_queries(9):
        listing = unit.get(reverse("oversight:my_reports"))
    assert len(listing.context["page_obj"]) == min(n, 25)
    with django_assert_num_queries(3):
        page = client.get(reverse("oversight:index"), {"year": 2023}).content.decode()
    assert "审议意见0" in page and "报告%d" % (n - 1) in page


def test_junk_in_the_organizations_response_form_never_500_and_rejected_posts_write_nothing(role_users, client_as):
    """The shared junk test crawls as the admin, whom this page sends on to the staff page; the
    organization's own form is posted here with the same junk values."""
    from tests.test_junk_input import JUNK, MUST_REJECT, writes

    report = heard_report(role_users)
    services.opinions_send(report_id=report.pk, opinions="意见", on=dt.date(2023, 11, 10), actor=role_users["staff"])
    client, url = client_as("unit"), reverse("oversight:my_report", args=[report.pk])
    reject = MUST_REJECT - {"bad_date"}  # no date field here: "2023-02-30" is plain text
    for kind in sorted(JUNK, key=lambda k: k not in reject):  # rejections first, while the form is open
        before = writes()
        response = client.post(url, {"text": JUNK[kind], "letter": JUNK[kind]})
        changed = {t for t, n in writes().items() if n != before.get(t, 0)}
        assert response.status_code < 500, kind
        if kind in reject or response.status_code == 200:
            assert not changed, (kind, changed)
    assert SpecialReport.objects.get(pk=report.pk).responded_on is not None  # one valid post was taken, once
