"""Year pages open on the newest year that has records (not the calendar year, empty until its first
record), show the shared year switch (congress/_year_switch.html) and answer junk years cleanly.
The records here are in 2021 and 2023 while the calendar says otherwise."""

import datetime as dt

import pytest
from django.urls import reverse

from congress.years import years_with_records
from deputies.models import Activity, Contribution
from deputies.tests.factories import ActivityFactory, DeputyFactory
from oversight.models import OversightActivity
from oversight.tests.factories import decision, heard_report, meeting

pytestmark = pytest.mark.django_db

INVALID = "所选年份无效"  # zh-hans of the switch's notice: the page shows its default year instead


def current(year: int) -> str:
    return 'href="?year=%d" aria-current="page"' % year


def assert_switch(page: str, shown: int, listed: list[int]):
    assert 'data-testid="year-switch"' in page and current(shown) in page
    switch = page.split('data-testid="year-switch"')[1].split("</nav>")[0]
    assert switch.count('aria-current="page"') == 1  # only the year shown is marked
    for year in listed:
        assert 'href="?year=%d"' % year in page


def test_the_years_of_several_sources_in_one_query_newest_first(role_users, django_assert_num_queries):
    ActivityFactory(date=dt.date(2021, 3, 1))
    ActivityFactory(date=dt.date(2023, 3, 1))
    ActivityFactory(date=dt.date(2023, 9, 1))
    OversightActivity.objects.create(
        kind="research", title="调研", start_date=dt.date(2019, 6, 1), end_date=dt.date(2019, 6, 2)
    )
    with django_assert_num_queries(1):
        years = years_with_records(Activity.objects.all(), "date", (OversightActivity.objects.all(), "start_date"))
    assert years == [2023, 2021, 2019]
    assert years_with_records(Activity.objects.none(), "date") == []


def test_oversight_and_its_decisions_open_on_the_newest_published_year(
    client, client_as, role_users, django_assert_num_queries
):
    heard_report(role_users, title="2023年的报告", date=dt.date(2023, 9, 1), published=True)
    OversightActivity.objects.create(
        kind="research",
        title="2021年的调研",
        start_date=dt.date(2021, 6, 1),
        end_date=dt.date(2021, 6, 2),
        published=True,
    )
    OversightActivity.objects.create(  # not published: gives the public no year
        kind="research", title="未公开", start_date=dt.date(2020, 6, 1), end_date=dt.date(2020, 6, 2)
    )
    with django_assert_num_queries(3):
        response = client.get(reverse("oversight:index"))
    page = response.content.decode()
    assert response.context["year"] == 2023 and response.context["years"] == [2023, 2021]
    assert "2023年的报告" in page and "2021年的调研" not in page
    assert_switch(page, 2023, [2021])
    earlier = client.get(reverse("oversight:index"), {"year": 2021}).content.decode()
    assert "2021年的调研" in earlier and current(2021) in earlier and current(2023) not in earlier
    for junk in ("abc", "99999", "-1", "2023.5"):
        bad = client.get(reverse("oversight:index"), {"year": junk})
        assert bad.status_code == 200 and bad.context["year"] == 2023 and INVALID in bad.content.decode()

    decision(role_users, at=meeting(date=dt.date(2023, 10, 31)), title="2023年的决议")
    decision(role_users, at=meeting(number=3, date=dt.date(2021, 4, 1)), title="未公布的决议", publish=False)
    with django_assert_num_queries(7):
        public = client.get(reverse("oversight:decisions"))
    assert public.context["year"] == 2023 and public.context["years"] == [2023]
    assert "2023年的决议" in public.content.decode() and current(2023) in public.content.decode()
    staff = client_as("staff").get(reverse("oversight:decisions"))
    assert staff.context["years"] == [2023, 2021]  # staff also see a closed, unpublished vote's year
    assert client.get(reverse("oversight:decisions"), {"year": "x<script>"}).status_code == 200


def test_appointments_open_on_the_year_of_the_last_decision(client, role_users, django_assert_num_queries):
    from appointments.tests import factories as f

    f.decided("甲某", m=f.meeting(date=dt.date(2023, 5, 10)))
    with django_assert_num_queries(4):
        response = client.get(reverse("appointments:index"))
    page = response.content.decode()
    assert response.context["year"] == 2023 and "甲某" in page
    assert_switch(page, 2023, [2023])
    other = client.get(reverse("appointments:index"), {"year": 2022})
    assert other.context["year"] == 2022 and "甲某" not in other.content.decode()
    bad = client.get(reverse("appointments:index"), {"year": "99999"})
    assert bad.status_code == 200 and bad.context["year"] == 2023 and INVALID in bad.content.decode()


def test_projects_open_on_the_last_decided_slate_and_cache_the_default_apart(client, role_users):
    """The page is served from the cache to the public: the default page and a chosen year are cached
    under their own keys, so neither is answered with the other."""
    from projects import services
    from projects.tests.factories import counted, slate

    s = slate(places=1, candidates=2, year=2023)
    first, second = s.projects.order_by("pk").values_list("pk", flat=True)
    counted(s, {first: (9, 0, 0), second: (1, 0, 0)})
    services.slate_decide(slate_id=s.pk, actor=role_users["staff"], on=dt.date(2023, 1, 6))
    for _attempt in range(2):  # the second answer comes from the cache
        page = client.get(reverse("projects:index")).content.decode()
        assert "候选项目1" in page and current(2023) in page
        chosen = client.get(reverse("projects:index"), {"year": 2022}).content.decode()
        assert "候选项目1" not in chosen and current(2023) not in chosen and 'href="?year=2023"' in chosen
    bad = client.get(reverse("projects:index"), {"year": "abc"})
    assert bad.status_code == 200 and INVALID in bad.content.decode() and "候选项目1" in bad.content.decode()


def test_a_deputys_dossier_opens_on_the_newest_year_of_their_records(client_as, role_users, django_assert_num_queries):
    from congress.models import Term

    deputy = DeputyFactory(term=Term.objects.get(number=19, congress__level="district"), user=role_users["deputy"])
    ActivityFactory(title="2023年的活动", date=dt.date(2023, 6, 1)).participants.add(deputy)
    Contribution.objects.create(deputy=deputy, year=2021, description="2021年的贡献")
    ActivityFactory(title="别人的活动", date=dt.date(2024, 6, 1))  # another deputy's year is not theirs
    client = client_as("deputy")
    url = reverse("deputies:dossier", args=[deputy.pk])
    with django_assert_num_queries(15):
        response = client.get(url)
    page = response.content.decode()
    assert response.context["year"] == 2023 and response.context["years"] == [2023, 2021]
    assert "2023年的活动" in page and "2021年的贡献" not in page
    assert_switch(page, 2023, [2021])
    whole = client.get(url, {"year": "all"})
    assert whole.context["year"] is None and 'href="?year=all" aria-current="page"' in whole.content.decode()
    assert "2021年的贡献" in whole.content.decode()
    bad = client.get(url, {"year": "abc"})
    assert bad.status_code == 200 and bad.context["year"] == 2023 and INVALID in bad.content.decode()
