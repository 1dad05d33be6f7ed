import datetime as dt

import pytest
from django.urls import reverse

from congress.models import AuditEntry, Term
from deputies.models import Activity, ActivityKind, Deputy, PublicOpinion
from deputies.tests.factories import (
    ActivityFactory,
    DeputyFactory,
    LiaisonStationFactory,
    PublicOpinionFactory,
    ReceptionFactory,
)

pytestmark = pytest.mark.django_db

PRIVATE = {"id_number": "610902197503010022", "phone": "13987654321", "home_address": "汉滨区保密路8号"}


@pytest.fixture
def term(role_users):
    return Term.objects.get(number=19, congress__level="district")


@pytest.fixture
def private_deputy(term):
    return DeputyFactory(term=term, full_name="隐私测试代表", **PRIVATE)


def test_private_fields_stay_with_the_office(client_as, private_deputy):
    """ID number, phone and home address: shown to staff, never to leaders, the public or the logs."""
    detail = reverse("deputies:deputy_detail", args=[private_deputy.pk])
    staff_page = client_as("staff").get(detail).content.decode()
    assert PRIVATE["phone"] in staff_page and PRIVATE["id_number"] in staff_page
    pages = [
        client_as("leader").get(detail),
        client_as("anon").get(reverse("deputies:index")),
        client_as("anon").get(reverse("deputies:profile", args=[private_deputy.pk])),
        client_as("anon").get(reverse("deputies:index"), {"q": "隐私"}),
    ]
    for response in pages:
        assert response.status_code == 200
        body = response.content.decode()
        assert all(value not in body for value in PRIVATE.values()), response.request["PATH_INFO"]
    assert "隐私测试代表" in pages[-1].content.decode()
    trail = str(list(AuditEntry.objects.values_list("changes", flat=True)))
    assert all(value not in trail for value in PRIVATE.values())


@pytest.mark.parametrize("rows", [10, 1000])
def test_roster_costs_the_same_queries_at_10_and_1000_deputies(rows, client_as, term, django_assert_num_queries):
    Deputy.objects.bulk_create(
        [Deputy(full_name="代表%04d" % i, gender="M", congress=term.congress, term=term) for i in range(rows)]
    )
    client = client_as("staff")
    with django_assert_num_queries(12):
        response = client.get(reverse("deputies:deputy_list"), {"q": "代表", "status": "in_office"})
    assert response.status_code == 200 and len(response.context["rows"]) == min(rows, 25)
    with django_assert_num_queries(4):
        public = client_as("anon").get(reverse("deputies:index"))
    assert public.status_code == 200


@pytest.mark.parametrize("rows", [10, 1000])
def test_dossier_costs_the_same_queries_at_10_and_1000_records(
    rows, client_as, role_users, term, django_assert_num_queries
):
    deputy = DeputyFactory(term=term, user=role_users["deputy"])
    station = LiaisonStationFactory()
    activities = Activity.objects.bulk_create(
        [
            Activity(
                kind=ActivityKind.ATTENDANCE if i % 2 else ActivityKind.GROUP,
                title="活动%d" % i,
                date=dt.date(2023, 1 + i % 12, 1),
                suggestions_count=1,
            )
            for i in range(rows)
        ]
    )
    Activity.participants.through.objects.bulk_create(
        [Activity.participants.through(activity=a, deputy=deputy) for a in activities]
    )
    PublicOpinion.objects.bulk_create(
        [
            PublicOpinion(content="意见%d" % i, received_on=dt.date(2023, 3, 1), collected_by=deputy, station=station)
            for i in range(rows)
        ]
    )
    client = client_as("deputy")
    with django_assert_num_queries(15):
        response = client.get(reverse("deputies:dossier", args=[deputy.pk]), {"year": 2023})
    assert response.status_code == 200
    assert len(response.context["attendances"]) == rows // 2
    assert len(response.context["opinions"]) == rows
    assert response.context["suggestions"] == rows


def test_a_deputy_sees_only_their_own_dossier(client_as, role_users, term):
    mine = DeputyFactory(term=term, user=role_users["deputy"])
    other = DeputyFactory(term=term)
    client = client_as("deputy")
    assert client.get(reverse("deputies:my_dossier")).url == reverse("deputies:dossier", args=[mine.pk])
    assert client.get(reverse("deputies:dossier", args=[other.pk])).status_code == 404
    assert client_as("leader").get(reverse("deputies:dossier", args=[other.pk])).status_code == 200


def test_dossier_counts_the_chosen_year_only(client_as, role_users, term):
    deputy = DeputyFactory(term=term, user=role_users["deputy"])
    for year in (2022, 2023, 2023):
        ActivityFactory(kind=ActivityKind.ATTENDANCE, date=dt.date(year, 5, 1)).participants.add(deputy)
    reception = ReceptionFactory(date=dt.date(2023, 6, 1), visitors=17)
    reception.deputies.add(deputy)
    client = client_as("deputy")
    ctx = client.get(reverse("deputies:dossier", args=[deputy.pk]), {"year": 2023}).context
    assert len(ctx["attendances"]) == 2 and ctx["visitors"] == 17
    ctx = client.get(reverse("deputies:dossier", args=[deputy.pk]), {"year": "all"}).context
    assert len(ctx["attendances"]) == 3
    assert client.get(reverse("deputies:dossier", args=[deputy.pk]), {"year": "x<script>"}).status_code == 200


def test_station_message_reaches_the_office(client, role_users):
    station = LiaisonStationFactory()
    response = client.post(
        reverse("deputies:station", args=[station.pk]),
        {"content": "小区门口路灯坏了三个月", "raised_by": "", "contact": "13900001111"},
        follow=True,
    )
    assert "谢谢" in response.content.decode()
    opinion = PublicOpinion.objects.get(station=station)
    assert opinion.source == "message" and opinion.raised_by == "" and opinion.status == "new"
    assert "13900001111" not in client.get(reverse("deputies:station", args=[station.pk])).content.decode()


def test_station_message_honeypot_writes_nothing(client, role_users):
    station = LiaisonStationFactory()
    response = client.post(
        reverse("deputies:station", args=[station.pk]), {"content": "买药加微信", "website": "http://spam.example"}
    )
    assert response.status_code == 302
    assert not PublicOpinion.objects.filter(station=station).exists()


def test_station_messages_are_rate_limited_per_client(client, role_users):
    station = LiaisonStationFactory()
    url = reverse("deputies:station", args=[station.pk])
    for i in range(5):
        client.post(url, {"content": "第%d条留言内容" % i}, REMOTE_ADDR="10.9.8.7")
    response = client.post(url, {"content": "第六条留言内容"}, REMOTE_ADDR="10.9.8.7")
    assert response.status_code == 200 and "太多" in response.content.decode()
    assert PublicOpinion.objects.filter(station=station).count() == 5
    client.post(url, {"content": "另一位群众的留言"}, REMOTE_ADDR="10.9.8.8")
    assert PublicOpinion.objects.filter(station=station).count() == 6


def test_staff_edit_of_a_deputy_is_audited(client_as, role_users, term, private_deputy):
    data = {
        f: getattr(private_deputy, f) or ""
        for f in (
            "full_name",
            "gender",
            "ethnicity",
            "party",
            "occupation",
            "constituency",
            "status",
            "entry",
            "id_number",
            "phone",
            "home_address",
        )
    }
    data.update(congress=term.congress_id, term=term.pk, birth_date="1975-03-01", occupation="区人民医院院长")
    response = client_as("staff").post(reverse("deputies:deputy_update", args=[private_deputy.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    entry = AuditEntry.objects.filter(content_type__model="deputy", object_id=str(private_deputy.pk)).latest(
        "created_at"
    )
    assert entry.actor == role_users["staff"]
    assert {"field": "occupation", "old": "测试单位职工", "new": "区人民医院院长"} in entry.changes


def test_deputy_form_refuses_mismatched_term_and_bad_id(client_as, role_users, term):
    from congress.tests.factories import TermFactory

    other = TermFactory()
    response = client_as("staff").post(
        reverse("deputies:deputy_create"),
        {
            "full_name": "错误代表",
            "gender": "M",
            "ethnicity": "汉族",
            "party": "cpc",
            "congress": term.congress_id,
            "term": other.pk,
            "status": "in_office",
            "entry": "general",
            "id_number": "610902197503010021",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "该届次属于另一个人大" in body and "不是有效的18位公民身份号码" in body
    assert not Deputy.objects.filter(full_name="错误代表").exists()


def test_opinion_moves_follow_the_rules(role_users):
    from congress.models import Organization
    from deputies.services import DeputyError, opinion_move

    opinion = PublicOpinionFactory()
    unit = Organization.objects.filter(is_handling_unit=True).first()
    opinion_move(opinion_id=opinion.pk, status="forwarded", organization=unit, actor=role_users["staff"])
    opinion_move(opinion_id=opinion.pk, status="resolved", outcome="已修复路灯", actor=role_users["staff"])
    opinion.refresh_from_db()
    assert opinion.status == "resolved" and opinion.closed_on and opinion.forwarded_to == unit
    with pytest.raises(DeputyError, match="不能"):
        opinion_move(opinion_id=opinion.pk, status="handling", actor=role_users["staff"])


def test_year_figures_count_from_records(role_users, term):
    from deputies.models import ByElection, Commendation
    from deputies.selectors import year_figures

    ReceptionFactory(date=dt.date(2023, 3, 1), visitors=30)
    ReceptionFactory(date=dt.date(2022, 3, 1), visitors=99)
    PublicOpinionFactory(received_on=dt.date(2023, 1, 5))
    PublicOpinionFactory(received_on=dt.date(2022, 12, 20), status="resolved", closed_on=dt.date(2023, 1, 3))
    by = ByElection.objects.create(term=term, date=dt.date(2023, 4, 1), seats=2)
    DeputyFactory.create_batch(2, term=term, entry="by_election", by_election=by)
    meeting = ActivityFactory(kind=ActivityKind.ATTENDANCE, date=dt.date(2023, 2, 1))
    meeting.participants.add(*DeputyFactory.create_batch(3, term=term))
    Commendation.objects.create(kind="deputy", year=2023, deputy=Deputy.objects.first(), citation="优秀")
    figures = year_figures(2023)
    assert figures["reception_visits"] == 30
    assert figures["opinions_collected"] == 1 and figures["opinions_resolved"] == 1
    assert figures["by_elected_district"] == 2 and figures["by_elected_city"] == 0
    assert figures["attendance_person_times"] == 3
    assert figures["deputies_commended"] == 1


def test_the_database_refuses_a_by_elected_deputy_without_the_by_election(term):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        DeputyFactory(term=term, entry="by_election", by_election=None)


def test_demo_year_matches_the_2023_summary(role_users):
    from deputies.demo import seed_deputies
    from deputies.selectors import year_figures

    seed_deputies()
    assert seed_deputies() == {"created": False}  # idempotent
    figures = year_figures(2023)
    # 列席: 226 from the deputies' own activities; meetings.demo adds the 3 on meetings' own lists (229 in
    # reports/tests/test_demo_year.py, which seeds every app).
    assert figures == {
        **figures,
        "reception_visits": 3150,
        "opinions_collected": 1073,
        "opinions_resolved": 739,
        "group_activities": 10,
        "group_suggestions": 40,
        "attendance_person_times": 226,
        "dialogues": 15,
        "by_elected_city": 4,
        "by_elected_district": 35,
        "deputies_commended": 30,
    }
    assert Deputy.objects.filter(congress__level="district", status="in_office").count() >= 300


def test_staff_move_an_opinion_from_its_page(client_as, role_users):
    from congress.models import Organization

    opinion = PublicOpinionFactory()
    unit = Organization.objects.filter(is_handling_unit=True, is_active=True).first()
    client = client_as("staff")
    page = client.get(reverse("deputies:publicopinion_detail", args=[opinion.pk])).content.decode()
    assert reverse("deputies:opinion_move", args=[opinion.pk]) in page
    url = reverse("deputies:opinion_move", args=[opinion.pk])
    client.post(url, {"status": "forwarded", "on": "2023-05-20"})  # no organization: refused
    opinion.refresh_from_db()
    assert opinion.status == "new"
    client.post(url, {"status": "forwarded", "organization": unit.pk, "on": "2023-05-20"})
    response = client.post(url, {"status": "resolved", "on": "2023-06-01", "outcome": "已修复"}, follow=True)
    opinion.refresh_from_db()
    assert (opinion.status, opinion.forwarded_to, opinion.closed_on.isoformat()) == ("resolved", unit, "2023-06-01")
    assert "已记录" in response.content.decode()
    assert (
        AuditEntry.objects.filter(
            content_type__model="publicopinion", object_id=str(opinion.pk), actor=role_users["staff"]
        ).count()
        == 2
    )
