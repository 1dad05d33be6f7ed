import datetime as dt

import factory

from congress.models import Congress, Level, Organization, OrganizationKind, Session, Term, User


class CongressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Congress

    name = factory.Sequence(lambda n: "测试区第%d人民代表大会" % n)
    level = Level.DISTRICT


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term

    congress = factory.SubFactory(CongressFactory)
    number = factory.Sequence(lambda n: n + 1)
    start_date = dt.date(2021, 9, 27)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    term = factory.SubFactory(TermFactory)
    number = factory.Sequence(lambda n: n + 1)
    start_date = dt.date(2023, 1, 3)
    end_date = dt.date(2023, 1, 6)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: "测试局%d" % n)
    kind = OrganizationKind.DEPARTMENT
    congress = factory.SubFactory(CongressFactory)
    is_handling_unit = True


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: "user%d" % n)
    full_name = factory.Faker("name", locale="zh_CN")
    email = factory.LazyAttribute(lambda u: "%s@example.localhost" % u.username)


def as_working_day(day):
    """Make ``day`` a working day (a 调休 row) if the calendar has it as a rest day: reminder sweeps
    send on working days only, and a test that sweeps "today" must not depend on the weekday it runs."""
    from congress.deadlines import Calendar
    from congress.models import CalendarDay

    if not Calendar().is_working(day):
        CalendarDay.objects.update_or_create(day=day, defaults={"kind": "workday", "holiday": "other", "name": "测试"})
