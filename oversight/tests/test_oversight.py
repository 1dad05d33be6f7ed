import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from congress.dates import add_months
from congress.models import Notification, Organization
from oversight import services
from oversight.models import OversightActivity, SpecialReport
from oversight.services import OversightError

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "day, months, expected",
    [
        (dt.date(2023, 1, 31), 1, dt.date(2023, 2, 28)),
        (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),
        (dt.date(2023, 12, 15), 2, dt.date(2024, 2, 15)),
        (dt.date(2023, 3, 31), -1, dt.date(2023, 2, 28)),
        (dt.date(2023, 8, 31), 3, dt.date(2023, 11, 30)),
    ],
)
def test_add_months_clamps_to_month_end(day, months, expected):
    assert add_months(day, months) == expected


@pytest.fixture
def report(role_users):
    unit = role_users["unit"]
    return SpecialReport.objects.create(
        title="住房保障工作情况的报告",
        organization=unit.organization,
        meeting="第十二次会议",
        heard_on=dt.date(2023, 10, 31),
    )


def test_opinions_are_sent_once_with_a_clamped_deadline_and_the_unit_is_notified(report, role_users, settings):
    settings.OVERSIGHT_RESPONSE_MONTHS = 2
    services.opinions_send(
        report_id=report.pk, opinions="加大保障力度", on=dt.date(2023, 12, 31), actor=role_users["staff"]
    )
    report.refresh_from_db()
    assert report.response_due == dt.date(2024, 2, 29)
    note = Notification.objects.get(recipient=role_users["unit"])
    assert "住房保障工作情况的报告" in note.title and "2024-02-29" in note.body
    with pytest.raises(OversightError):
        services.opinions_send(report_id=report.pk, opinions="再次", on=dt.date(2024, 1, 2), actor=role_users["staff"])
    assert Notification.objects.filter(recipient=role_users["unit"]).count() == 1


def test_response_rules_and_in_time(report, role_users):
    with pytest.raises(OversightError):
        services.response_record(report_id=report.pk, text="答复", on=dt.date(2023, 12, 1), actor=role_users["staff"])
    services.opinions_send(report_id=report.pk, opinions="意见", on=dt.date(2023, 11, 10), actor=role_users["staff"])
    services.response_record(report_id=report.pk, text="已整改", on=dt.date(2024, 1, 10), actor=role_users["staff"])
    report.refresh_from_db()
    assert report.answered_in_time is True


def test_database_refuses_an_enforcement_inspection_without_its_law():
    with pytest.raises(IntegrityError), transaction.atomic():
        OversightActivity.objects.create(
            kind="enforcement", title="执法检查", start_date=dt.date(2023, 6, 1), end_date=dt.date(2023, 6, 2)
        )


def test_staff_send_and_record_through_the_report_page_and_pending_list(client_as, report, role_users):
    client = client_as("staff")
    page = client.get(report.get_absolute_url()).content.decode()
    assert reverse("oversight:send_opinions", args=[report.pk]) in page
    client.post(reverse("oversight:send_opinions", args=[report.pk]), {"opinions": "意见一", "on": "2023-11-05"})
    pending = client.get(reverse("oversight:pending")).content.decode()
    assert "住房保障工作情况的报告" in pending and "2024-01-05" in pending
    client.post(reverse("oversight:record_response", args=[report.pk]), {"text": "已落实", "on": "2023-12-20"})
    assert "住房保障工作情况的报告" not in client.get(reverse("oversight:pending")).content.decode()


def test_demo_year_figures(role_users):
    from deputies.demo import seed_deputies
    from oversight.demo import seed_oversight
    from oversight.selectors import year_figures

    seed_deputies()
    seed_oversight()
    assert seed_oversight() == {"created": False}
    f = year_figures(2023)
    assert (
        f["research_reports"],
        f["inspections"],
        f["enforcement"],
        f["reports_heard"],
        f["budget_reviews"],
        f["decisions_adopted"],
        f["opinions_sent"],
        f["responses_in_time"],
    ) == (10, 3, 1, 5, 2, 3, 5, 4)


def test_public_page_shows_only_published(client, report):
    report.published = True
    report.save()
    SpecialReport.objects.create(
        title="未公开的报告", organization=Organization.objects.first(), meeting="会", heard_on=dt.date(2023, 5, 1)
    )
    page = client.get(reverse("oversight:index"), {"year": 2023}).content.decode()
    assert "住房保障工作情况的报告" in page and "未公开的报告" not in page


def test_response_deadlines_use_the_shared_reminders_once(report, role_users, settings):
    from congress.models import Notification
    from congress.reminders import sweep

    settings.OVERSIGHT_RESPONSE_MONTHS = 2
    services.opinions_send(report_id=report.pk, opinions="意见", on=dt.date(2023, 11, 15), actor=role_users["staff"])
    before = Notification.objects.filter(recipient=role_users["unit"]).count()
    assert sweep(today=dt.date(2024, 1, 8)) == 1  # 7 days before 2024-01-15
    assert sweep(today=dt.date(2024, 1, 8)) == 0  # never twice
    assert Notification.objects.filter(recipient=role_users["unit"]).count() == before + 1
    services.response_record(report_id=report.pk, text="已办理", on=dt.date(2024, 1, 10), actor=role_users["staff"])
    assert sweep(today=dt.date(2024, 1, 14)) == 0  # answered: no more reminders
