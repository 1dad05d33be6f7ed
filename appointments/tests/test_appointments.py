import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from appointments import services
from appointments.models import ExamResult, ExamSitting, Nomination
from appointments.services import AppointmentError
from congress.models import Organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def nomination(role_users):
    return Nomination.objects.create(kind="appoint", person="王某", post="区民政局局长",
                                     organ=Organization.objects.get(name="汉滨区人民政府"), nominated_by="party")


@pytest.fixture
def sittings():
    return (ExamSitting.objects.create(date=dt.date(2023, 3, 1), paper="考试"),
            ExamSitting.objects.create(date=dt.date(2023, 3, 8), paper="补考"))


def test_a_second_failure_withdraws_the_nomination(nomination, sittings, role_users):
    services.exam_record(nomination_id=nomination.pk, sitting=sittings[0], score=Decimal(59), actor=role_users["staff"])
    nomination.refresh_from_db()
    assert nomination.status == "nominated"
    services.exam_record(nomination_id=nomination.pk, sitting=sittings[1], score=Decimal("59.5"), actor=role_users["staff"])
    nomination.refresh_from_db()
    assert nomination.status == "withdrawn"
    with pytest.raises(AppointmentError):
        services.exam_record(nomination_id=nomination.pk, sitting=sittings[1], score=Decimal(90), actor=role_users["staff"])


def test_pass_mark_is_a_setting(nomination, sittings, role_users, settings):
    settings.APPOINTMENT_PASS_MARK = 70
    services.exam_record(nomination_id=nomination.pk, sitting=sittings[0], score=Decimal(65), actor=role_users["staff"])
    nomination.refresh_from_db()
    assert nomination.status == "nominated"
    assert services.band(Decimal(95)) == "优秀" and services.band(Decimal(85)) == "良好"


def test_the_database_allows_one_resit_only(nomination, sittings):
    with pytest.raises(IntegrityError), transaction.atomic():
        ExamResult.objects.create(sitting=sittings[0], nomination=nomination, attempt=3, score=80)


def test_vote_needs_more_than_half_of_all_members(nomination, role_users):
    services.exam_exempt(nomination_id=nomination.pk, reason="连任同级同类职务", actor=role_users["staff"])
    # 29 members, 16 present: 14 for is not more than half of all members even though it is most of those present
    services.vote_record(nomination_id=nomination.pk, votes_for=14, votes_against=1, votes_abstain=1, members=29,
                         on=dt.date(2023, 4, 26), actor=role_users["staff"])
    nomination.refresh_from_db()
    assert nomination.status == "rejected"
    with pytest.raises(AppointmentError):  # voted once only
        services.vote_record(nomination_id=nomination.pk, votes_for=20, votes_against=0, votes_abstain=0, members=29,
                             on=dt.date(2023, 4, 27), actor=role_users["staff"])


def test_no_vote_before_the_exam(nomination, role_users):
    with pytest.raises(AppointmentError):
        services.vote_record(nomination_id=nomination.pk, votes_for=20, votes_against=0, votes_abstain=0, members=29,
                             on=dt.date(2023, 4, 26), actor=role_users["staff"])


def test_the_pipeline_through_the_pages(client_as, nomination, sittings, role_users):
    client = client_as("staff")
    client.post(reverse("appointments:exam", args=[nomination.pk]), {"sitting": sittings[0].pk, "score": "88"})
    client.post(reverse("appointments:vote", args=[nomination.pk]), {
        "votes_for": 25, "votes_against": 2, "votes_abstain": 1, "members": 29, "on": "2023-04-26"})
    response = client.post(reverse("appointments:oath"), {"date": "2023-04-26", "kind": "group", "leader": "",
                                                          "nominations": [nomination.pk]})
    assert "领誓人" in response.content.decode()  # a group oath needs its leader
    client.post(reverse("appointments:oath"), {"date": "2023-04-26", "kind": "individual",
                                               "nominations": [nomination.pk]})
    nomination.refresh_from_db()
    assert nomination.status == "sworn"
    public = client_as("anon").get(reverse("appointments:index"), {"year": 2023}).content.decode()
    assert "王某" in public and "区民政局局长" in public


def test_demo_year_45_person_times(role_users):
    from appointments.demo import seed_appointments
    from appointments.selectors import year_figures

    seed_appointments()
    assert seed_appointments() == {"created": False}
    assert year_figures(2023)["person_times"] == 45
