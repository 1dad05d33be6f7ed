"""A report year's ``published`` changes only through report_year_publish: the year's record form no
longer carries it, and the year's record page publishes and withdraws through that service (audited,
asked twice writes once), coming back to the page that asked."""

import pytest
from django.urls import reverse

from congress.models import AuditEntry
from reports import services
from reports.models import ReportYear

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client_as):
    return client_as("staff")


def entries(report):
    return AuditEntry.objects.filter(content_type__model="reportyear", object_id=str(report.pk))


def test_the_year_form_does_not_publish_even_when_asked_twice(staff, role_users):
    report = services.report_year_ensure(year=2024, actor=role_users["staff"])
    url = reverse("reports:reportyear_update", args=[report.pk])
    assert "published" not in staff.get(url).content.decode().split("<form", 1)[-1].split("</form>")[0]
    for _attempt in range(2):
        response = staff.post(url, {"year": 2024, "title": "2024年工作综述", "published": "on"})
        assert response.status_code == 302
        report.refresh_from_db()
        assert (report.title, report.published) == ("2024年工作综述", False)
    response = staff.post(reverse("reports:reportyear_create"), {"year": 2025, "published": "on"})
    assert response.status_code == 302 and ReportYear.objects.get(year=2025).published is False


def test_a_published_year_keeps_its_number(staff, role_users):
    report = services.report_year_publish(year=2023, published=True, actor=role_users["staff"])
    url = reverse("reports:reportyear_update", args=[report.pk])
    for _attempt in range(2):
        refused = staff.post(url, {"year": 2030, "title": "改名"})
        page = refused.content.decode()
        assert refused.status_code == 200
        assert "已发布的年度不能改年份" in page or "A published year keeps its number" in page
    report.refresh_from_db()
    assert (report.year, report.title, report.published) == (2023, "", True)
    assert not ReportYear.objects.filter(year=2030).exists()
    assert staff.post(url, {"year": 2023, "title": "改名"}).status_code == 302  # the title may change
    report.refresh_from_db()
    assert (report.year, report.title, report.published) == (2023, "改名", True)


def test_the_year_page_publishes_and_withdraws_through_the_service(
    client, client_as, staff, role_users, django_assert_num_queries
):
    report = services.report_year_ensure(year=2024, actor=role_users["staff"])
    page_url = reverse("reports:reportyear_detail", args=[report.pk])
    publish_url = reverse("reports:report_publish", args=[2024])
    with django_assert_num_queries(9):
        page = staff.get(page_url).content.decode()
    assert 'action="%s"' % publish_url in page and 'value="publish"' in page and "未发布" in page
    leader = client_as("leader").get(page_url)  # leaders read the page but do not manage the report
    assert leader.status_code == 200 and 'action="%s"' % publish_url not in leader.content.decode()

    response = staff.post(publish_url, {"action": "publish", "next": page_url})
    assert response.status_code == 302 and response["Location"] == page_url
    report.refresh_from_db()
    assert report.published and client.get(reverse("reports:report", args=[2024])).status_code == 200
    assert entries(report).count() == 2 and {e.actor for e in entries(report)} == {role_users["staff"]}
    staff.post(publish_url, {"action": "publish", "next": page_url})  # the second click writes nothing
    assert entries(report).count() == 2
    assert 'value="unpublish"' in staff.get(page_url).content.decode()

    response = staff.post(publish_url, {"action": "unpublish", "next": page_url}, follow=True)
    assert response.redirect_chain[-1][0] == page_url and "撤回" in response.content.decode()
    report.refresh_from_db()
    assert not report.published and entries(report).count() == 3
    assert client.get(reverse("reports:report", args=[2024])).status_code == 404


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", ""])
def test_publishing_goes_back_only_to_a_page_of_this_site(staff, role_users, target):
    response = staff.post(reverse("reports:report_publish", args=[2024]), {"action": "publish", "next": target})
    assert response.status_code == 302 and response["Location"] == reverse("reports:narrative_editor", args=[2024])
    assert ReportYear.objects.get(year=2024).published


@pytest.mark.parametrize("action", ["", "publish ", "<script>alert('x')</script>", "长" * 5000])
def test_a_junk_publish_request_changes_nothing(staff, role_users, action):
    report = services.report_year_ensure(year=2024, actor=role_users["staff"])
    before = AuditEntry.objects.count()
    response = staff.post(
        reverse("reports:report_publish", args=[2024]), {"action": action, "next": "长" * 5000}, follow=True
    )
    assert response.status_code == 200 and "请选择" in response.content.decode()
    report.refresh_from_db()
    assert not report.published and AuditEntry.objects.count() == before
