"""A mandate in force on a date is the one source of a deputy's rights."""

import datetime as dt

import pytest

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
