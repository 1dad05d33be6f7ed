import datetime as dt

import factory

from congress.tests.factories import TermFactory
from deputies.models import Activity, ActivityKind, Deputy, DeputyGroup, LiaisonStation, PublicOpinion, Reception


class DeputyGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeputyGroup

    term = factory.SubFactory(TermFactory)
    name = factory.Sequence(lambda n: "第%d代表小组" % n)


class LiaisonStationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LiaisonStation

    name = factory.Sequence(lambda n: "测试镇代表联络站%d" % n)
    town = "测试镇"
    address = "测试镇政府一楼"
    schedule = "每月15日 9:00-12:00"


class DeputyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deputy

    full_name = factory.Faker("name", locale="zh_CN")
    gender = "F"
    term = factory.SubFactory(TermFactory)
    congress = factory.LazyAttribute(lambda d: d.term.congress)
    birth_date = dt.date(1975, 3, 1)
    occupation = "测试单位职工"


class ReceptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reception

    station = factory.SubFactory(LiaisonStationFactory)
    date = dt.date(2023, 5, 15)
    visitors = 10


class PublicOpinionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PublicOpinion

    content = "村道路灯损坏，夜间出行不便"
    received_on = dt.date(2023, 5, 15)


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    kind = ActivityKind.GROUP
    title = factory.Sequence(lambda n: "代表小组活动%d" % n)
    date = dt.date(2023, 6, 1)
