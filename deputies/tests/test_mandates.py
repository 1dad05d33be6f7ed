"""A mandate in force on a date is the one source of a deputy's rights."""

import datetime as dt

import pytest
from django.utils import timezone

from congress.models import User
from congress.tests.factories import CongressFactory, TermFactory, UserFactory
from deputies.models import DeputyStatus
from deputies.selectors import mandate_holder_ids, mandate_in_force
from deputies.services import deputy_end_mandate
from deputies.tests.factories import DeputyFactory

pytestmark = pytest.mark.django_db

DAY = dt.date(2024, 6, 1)


@pytest.fixture
def staff():
    return UserFactory(username="mandate-staff")


@pytest.fixture
def english():
    """Service messages read in English (the pages are checked in Chinese)."""
    from django.utils import translation

    with translation.override("en"):
        yield


def test_holder_ids_are_the_users_with_a_mandate_of_that_congress_in_force(staff, django_assert_num_queries):
    term = TermFactory(start_date=dt.date(2021, 9, 27))
    other = TermFactory(start_date=dt.date(2021, 9, 27))
    serving, resigned, elsewhere = UserFactory(), UserFactory(), UserFactory()
    DeputyFactory(term=term, user=serving)
    DeputyFactory(term=term, user=None)
    gone = DeputyFactory(term=term, user=resigned)
    DeputyFactory(term=other, user=elsewhere)
    deputy_end_mandate(deputy_id=gone.pk, status=DeputyStatus.RESIGNED, on=DAY, actor=staff)
    with django_assert_num_queries(1):
        assert list(mandate_holder_ids(congress=term.congress, on=DAY)) == [serving.pk]
    # the day before it ended, the resigned deputy still held the mandate
    assert set(mandate_holder_ids(congress=term.congress, on=DAY - dt.timedelta(days=1))) == {serving.pk, resigned.pk}
    # usable as a subquery
    assert list(User.objects.filter(pk__in=mandate_holder_ids(congress=term.congress, on=DAY))) == [serving]


def test_a_term_that_ended_gives_no_rights(django_assert_num_queries):
    term = TermFactory(start_date=dt.date(2016, 9, 27), end_date=dt.date(2021, 9, 27))
    user = UserFactory()
    mandate = DeputyFactory(term=term, user=user)
    assert mandate_in_force(user=user, on=dt.date(2021, 9, 26)) == mandate
    with django_assert_num_queries(1):
        assert mandate_in_force(user=user, on=dt.date(2021, 9, 27)) is None
    assert not mandate_holder_ids(congress=term.congress, on=dt.date(2021, 9, 27)).exists()
    assert mandate_in_force(user=user, on=dt.date(2016, 9, 26)) is None  # not yet begun


def test_two_mandates_one_ended_keep_the_other(staff):
    user = UserFactory()
    city = DeputyFactory(term=TermFactory(congress=CongressFactory(level="city")), user=user)
    district = DeputyFactory(term=TermFactory(), user=user)
    deputy_end_mandate(deputy_id=city.pk, status=DeputyStatus.RECALLED, on=DAY, actor=staff)
    assert mandate_in_force(user=user, on=DAY) == district
    assert mandate_in_force(user=user, on=DAY, congress=city.congress) is None
    assert mandate_in_force(user=user, on=DAY, congress=district.congress) == district
    assert list(mandate_holder_ids(congress=district.congress, on=DAY)) == [user.pk]
    assert not mandate_holder_ids(congress=city.congress, on=DAY).exists()


def test_no_user_no_mandate():
    from django.contrib.auth.models import AnonymousUser

    assert mandate_in_force(user=AnonymousUser(), on=DAY) is None
    assert mandate_in_force(user=None, on=DAY) is None


# --- ending a mandate: the service ---------------------------------------------------------------


def test_ending_twice_is_refused_and_the_first_end_stays(staff, english):
    from deputies.services import DeputyError

    deputy = DeputyFactory(term=TermFactory(start_date=dt.date(2021, 9, 27)))
    deputy_end_mandate(deputy_id=deputy.pk, status=DeputyStatus.RESIGNED, on=DAY, reason="工作调动", actor=staff)
    with pytest.raises(DeputyError, match="already ended"):
        deputy_end_mandate(
            deputy_id=deputy.pk, status=DeputyStatus.RECALLED, on=DAY + dt.timedelta(days=3), actor=staff
        )
    deputy.refresh_from_db()
    assert (deputy.status, deputy.status_date, deputy.status_reason) == (DeputyStatus.RESIGNED, DAY, "工作调动")
    assert deputy.history.count() == 2  # created, ended: the refused second end left no trace


@pytest.mark.parametrize(
    "on, status, message",
    [
        (dt.date(2021, 9, 26), DeputyStatus.RESIGNED, "began on 2021-09-27"),
        (dt.date(2026, 11, 1), DeputyStatus.RESIGNED, "term ended on 2026-09-27"),
        (dt.date(2024, 6, 1), DeputyStatus.IN_OFFICE, "Choose how"),
        (dt.date(2024, 6, 1), "retired", "Choose how"),
        (None, DeputyStatus.RESIGNED, "Give the date"),
    ],
)
def test_end_dates_lie_within_the_mandate(staff, english, on, status, message):
    from deputies.services import DeputyError

    deputy = DeputyFactory(term=TermFactory(start_date=dt.date(2021, 9, 27), end_date=dt.date(2026, 9, 27)))
    with pytest.raises(DeputyError, match=message):
        deputy_end_mandate(deputy_id=deputy.pk, status=status, on=on, actor=staff, today=dt.date(2026, 12, 2))
    deputy.refresh_from_db()
    assert deputy.status == DeputyStatus.IN_OFFICE and deputy.status_date is None


def test_an_end_is_recorded_at_most_a_month_ahead(staff, english):
    from deputies.services import DeputyError

    deputy = DeputyFactory(term=TermFactory(start_date=dt.date(2021, 9, 27)))
    today = dt.date(2024, 6, 1)
    with pytest.raises(DeputyError, match="at most 31 days ahead"):
        deputy_end_mandate(
            deputy_id=deputy.pk,
            status=DeputyStatus.RESIGNED,
            on=today + dt.timedelta(days=32),
            actor=staff,
            today=today,
        )
    ahead = today + dt.timedelta(days=31)
    deputy_end_mandate(deputy_id=deputy.pk, status=DeputyStatus.RESIGNED, on=ahead, actor=staff, today=today)
    # the rights run until the day it ends
    assert mandate_in_force(user=None, on=today) is None  # (no user: nothing to hold)
    assert mandates_in_force_ids(deputy, ahead - dt.timedelta(days=1)) == {deputy.pk}
    assert mandates_in_force_ids(deputy, ahead) == set()


def test_a_by_elected_mandate_cannot_end_before_its_by_election(staff, english):
    from deputies.models import ByElection, Entry
    from deputies.services import DeputyError

    term = TermFactory(start_date=dt.date(2021, 9, 27))
    by = ByElection.objects.create(term=term, date=dt.date(2023, 4, 26), seats=1)
    deputy = DeputyFactory(term=term, entry=Entry.BY_ELECTION, by_election=by)
    with pytest.raises(DeputyError, match="began on 2023-04-26"):
        deputy_end_mandate(deputy_id=deputy.pk, status=DeputyStatus.RESIGNED, on=dt.date(2023, 4, 1), actor=staff)


def mandates_in_force_ids(deputy, day):
    from deputies.selectors import mandates_in_force

    return mandates_in_force(deputies=[deputy], on=day)


# --- the staff screen ------------------------------------------------------------------------------


def test_staff_end_a_mandate_on_its_page_audited_with_the_actor(client_as, role_users, django_assert_num_queries):
    from django.urls import reverse

    from congress.models import AuditEntry, Term

    term = Term.objects.get(number=19, congress__level="district")
    deputy = DeputyFactory(term=term, full_name="辞职测试代表", user=UserFactory())
    staff = client_as("staff")
    page = reverse("deputies:deputy_detail", args=[deputy.pk])
    with django_assert_num_queries(13):  # the list, and the audit trail names its user, congress and term
        body = staff.get(page).content.decode()
    assert reverse("deputies:deputy_end_mandate", args=[deputy.pk]) in body
    assert client_as("leader").get(page).status_code == 200
    assert (
        reverse("deputies:deputy_end_mandate", args=[deputy.pk]) not in client_as("leader").get(page).content.decode()
    )

    url = reverse("deputies:deputy_end_mandate", args=[deputy.pk])
    today = timezone.localdate()
    response = staff.post(
        url, {"status": "resigned", "on": today.isoformat(), "reason": "因工作调动辞去代表职务"}, follow=True
    )
    assert response.status_code == 200
    deputy.refresh_from_db()
    assert (deputy.status, deputy.status_date, deputy.status_reason) == ("resigned", today, "因工作调动辞去代表职务")
    body = response.content.decode()
    assert "代表资格已于%s终止" % today.isoformat() in body
    assert "因工作调动辞去代表职务" in body and url not in body  # the form is gone once ended
    entry = AuditEntry.objects.filter(object_id=str(deputy.pk), content_type__model="deputy").first()
    assert entry.actor == role_users["staff"]
    assert {c["field"] for c in entry.changes} == {"status", "status_date", "status_reason"}
    assert mandate_in_force(user=deputy.user, on=today) is None

    # the second attempt: refused with a message, nothing changes
    again = staff.post(url, {"status": "recalled", "on": today.isoformat(), "reason": "再次"}, follow=True)
    assert "该代表资格已经终止" in again.content.decode()
    deputy.refresh_from_db()
    assert (
        deputy.status == "resigned"
        and AuditEntry.objects.filter(object_id=str(deputy.pk), content_type__model="deputy").count() == 2
    )


def test_the_end_form_refuses_bad_input_and_writes_nothing(client_as, role_users):
    from django.urls import reverse

    from congress.models import Term

    deputy = DeputyFactory(term=Term.objects.get(number=19, congress__level="district"))
    url = reverse("deputies:deputy_end_mandate", args=[deputy.pk])
    staff = client_as("staff")
    for data in (
        {"status": "in_office", "on": "2024-01-01", "reason": "x"},
        {"status": "resigned", "on": "2024-02-30", "reason": "x"},
        {"status": "resigned", "on": "2024-01-01", "reason": ""},
        {"status": "resigned", "on": "2099-01-01", "reason": "x"},
    ):
        assert staff.post(url, data).status_code == 302
    deputy.refresh_from_db()
    assert deputy.status == "in_office" and deputy.history.count() == 1
    assert client_as("leader").post(url, {"status": "resigned", "on": "2024-01-01", "reason": "x"}).status_code == 403
    assert client_as("deputy").post(url, {"status": "resigned", "on": "2024-01-01", "reason": "x"}).status_code == 403


def test_no_staff_edit_form_exposes_a_transition_field():
    from deputies.forms import DeputyForm, PublicOpinionForm
    from deputies.models import Deputy, PublicOpinion

    assert {"status", "status_date", "status_reason"} <= set(Deputy.transition_fields)
    assert {"status", "closed_on", "outcome", "forwarded_to", "forwarded_on"} <= set(PublicOpinion.transition_fields)
    assert not set(DeputyForm().fields) & set(Deputy.transition_fields)
    assert not set(PublicOpinionForm().fields) & set(PublicOpinion.transition_fields)


def test_a_roster_edit_cannot_revive_an_ended_mandate(client_as, role_users, staff):
    from django.urls import reverse

    from congress.models import Term

    term = Term.objects.get(number=19, congress__level="district")
    deputy = DeputyFactory(term=term, full_name="复活测试")
    deputy_end_mandate(deputy_id=deputy.pk, status=DeputyStatus.RESIGNED, on=DAY, actor=staff)
    response = client_as("staff").post(
        reverse("deputies:deputy_update", args=[deputy.pk]),
        {
            "full_name": "复活测试",
            "gender": "F",
            "ethnicity": "汉族",
            "party": "cpc",
            "congress": term.congress_id,
            "term": term.pk,
            "entry": "general",
            "status": "in_office",
            "status_date": "",
        },
    )
    assert response.status_code == 302
    deputy.refresh_from_db()
    assert deputy.status == DeputyStatus.RESIGNED and deputy.status_date == DAY


# --- the public directory ----------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [5, 200])
def test_the_directory_lists_only_mandates_in_force_today(rows, client, role_users, staff, django_assert_num_queries):
    from django.urls import reverse

    from congress.models import Level, Term
    from deputies.models import Deputy

    term = Term.objects.get(number=19, congress__level="district")
    Deputy.objects.bulk_create(
        [Deputy(full_name="在任%04d" % i, gender="M", congress=term.congress, term=term) for i in range(rows)]
    )
    resigned = DeputyFactory(term=term, full_name="已辞职代表")
    deputy_end_mandate(deputy_id=resigned.pk, status=DeputyStatus.RESIGNED, on=DAY, actor=staff)
    old_term = TermFactory(
        congress=term.congress, number=18, start_date=dt.date(2016, 9, 27), end_date=dt.date(2021, 9, 27)
    )
    DeputyFactory(term=old_term, full_name="上届代表")
    city = TermFactory(congress=CongressFactory(level=Level.CITY), start_date=dt.date(2021, 9, 20))
    DeputyFactory(term=city, full_name="市级在任代表")

    with django_assert_num_queries(4):
        response = client.get(reverse("deputies:index"), {"q": ""})
    names = [d.full_name for d in response.context["page_obj"].paginator.object_list]
    assert "已辞职代表" not in names and "上届代表" not in names
    assert "市级在任代表" in names and len([n for n in names if n.startswith("在任")]) == rows
    # the filters still work on what is in office
    by_level = client.get(reverse("deputies:index"), {"level": "city"}).context["page_obj"].paginator.object_list
    assert [d.full_name for d in by_level] == ["市级在任代表"]
    searched = client.get(reverse("deputies:index"), {"q": "辞职"}).context["page_obj"].paginator.object_list
    assert list(searched) == []
    assert client.get(reverse("deputies:profile", args=[resigned.pk])).status_code == 404


def test_a_stations_duty_deputies_are_those_in_office(client, role_users, staff):
    from django.urls import reverse

    from congress.models import Term
    from deputies.tests.factories import LiaisonStationFactory

    term = Term.objects.get(number=19, congress__level="district")
    station = LiaisonStationFactory()
    serving, gone = DeputyFactory(term=term, full_name="值班在任"), DeputyFactory(term=term, full_name="值班已离任")
    station.duty_deputies.set([serving, gone])
    deputy_end_mandate(deputy_id=gone.pk, status=DeputyStatus.DECEASED, on=DAY, actor=staff)
    body = client.get(reverse("deputies:station", args=[station.pk])).content.decode()
    assert "值班在任" in body and "值班已离任" not in body


def test_bulk_sql_loads_that_name_only_the_older_columns_still_insert():
    """bench/ loads deputies with plain SQL; the end reason has a database default for them."""
    from django.db import connection

    from deputies.models import Deputy

    term = TermFactory()
    with connection.cursor() as cur:
        cur.execute(
            "insert into deputies_deputy (full_name, gender, ethnicity, party, occupation, constituency,"
            " congress_id, term_id, status, entry, id_number, phone, home_address)"
            " values ('批量代表', 'M', '汉族', 'cpc', '', '', %s, %s, 'in_office', 'general', '', '', '')",
            [term.congress_id, term.pk],
        )
    assert Deputy.objects.get(full_name="批量代表").status_reason == ""
    assert DeputyFactory(term=term).status_reason == ""
