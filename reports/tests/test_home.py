"""The public home page: a door to each thing the standing committee publishes, every door open
without login and readable on a 375 px phone."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from reports.models import ReportYear

pytestmark = pytest.mark.django_db


def tile_links(html: str) -> list[str]:
    return re.findall(r'(?:portal-tile"|data-testid="home-report") href="([^"]+)"', html)


def test_home_links_every_public_page_and_each_opens_without_login(client, role_users):
    ReportYear.objects.create(year=2023, published=True)
    ReportYear.objects.create(year=2024, published=False)  # the latest *published* year is linked
    html = client.get(reverse("reports:home")).content.decode()
    links = tile_links(html)
    this_year = timezone.localdate().year
    for expected in [
        reverse("reports:report", args=[2023]),
        "%s?year=%d" % (reverse("projects:index"), this_year),
        reverse("proposals:published"),
        reverse("oversight:decisions"),
        reverse("deputies:index"),
        reverse("deputies:stations"),
    ]:
        assert expected in links, expected
    assert reverse("reports:report", args=[2024]) not in html
    for url in set(links):
        assert client.get(url.replace("&amp;", "&")).status_code == 200, url


def test_home_links_the_latest_year_with_decided_projects(client, role_users):
    from projects.tests.factories import voting_slate_with_adopted

    voting_slate_with_adopted()  # 2023 decided, 2024 being voted
    html = client.get(reverse("reports:home")).content.decode()
    assert "%s?year=2023" % reverse("projects:index") in tile_links(html)


def test_home_without_a_published_year_links_no_report(client, role_users):
    ReportYear.objects.create(year=2024, published=False)
    html = client.get(reverse("reports:home")).content.decode()
    assert "/report/" not in html
    assert all(client.get(url).status_code == 200 for url in tile_links(html))


def test_home_is_a_few_queries(client, role_users, django_assert_num_queries):
    ReportYear.objects.bulk_create([ReportYear(year=y, published=True) for y in range(1990, 2024)])
    with django_assert_num_queries(2):
        assert client.get(reverse("reports:home")).status_code == 200


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("plain_static_names")
def test_every_door_reads_on_a_375px_phone(live_server, page, artifacts):
    from congress import demo

    demo.seed_core()
    ReportYear.objects.create(year=2023, published=True)
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(live_server.url + "/")
    tiles = page.locator('[data-testid="home-tiles"] a')
    hrefs = [tiles.nth(i).get_attribute("href") for i in range(tiles.count())]
    assert len(hrefs) >= 6 and all(tiles.nth(i).is_visible() for i in range(tiles.count()))
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(artifacts / "home-375.png"), full_page=True)
    for href in hrefs:
        response = page.goto(live_server.url + href)
        assert response.status == 200, href
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, href
        assert "login" not in page.url
