"""Oversight rules in the services: a report tied to its agenda item both ways, deadlines clamped to
the month's end, the organization's own response in time or late, documents checked by content,
reminders through the shared sweep exactly once."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType

from congress.models import Notification, Organization, ReminderLog
from congress.reminders import sweep
from meetings.models import AgendaItem
from oversight import services
from oversight.models import Document, SpecialReport
from oversight.services import OversightError
from oversight.tests.factories import PNG, decision, heard_report, meeting, pdf

pytestmark = pytest.mark.django_db


def test_a_report_heard_is_tied_to_its_agenda_item_both_ways(role_users):
    report = heard_report(role_users, date=dt.date(2023, 6, 28))
    item = AgendaItem.objects.get(pk=report.item_id)
    assert item.concerns == report
    assert (report.heard_on, report.meeting) == (dt.date(2023, 6, 28), item.meeting.title)


def test_an_agenda_item_hears_one_report_and_the_second_writes_nothing(role_users):
    report = heard_report(role_users)
    with pytest.raises(OversightError):
        services.report_save(
            actor=role_users["staff"],
            kind="special",
            title="另一份报告",
            item=report.item,
            organization=report.organization,
        )
    assert SpecialReport.objects.count() == 1


def test_only_a_report_item_at_a_deciding_meeting_can_be_heard(role_users):
    party = meeting(type="party")
    for item in (
        AgendaItem.objects.create(meeting=party, kind="heard", title="党组会议听取"),
        AgendaItem.objects.create(meeting=meeting(), kind="decision", title="决定"),
    ):
        with pytest.raises(OversightError):
            services.report_save(
                actor=role_users["staff"],
                kind="special",
                title="报告",
                item=item,
                organization=role_users["unit"].organization,
            )
    assert not SpecialReport.objects.exists()


def test_a_budget_review_names_its_decision_and_only_a_decision(role_users):
    at = meeting(number=10, date=dt.date(2023, 4, 26))
    item, _poll = decision(role_users, at=at)
    plain = AgendaItem.objects.create(meeting=at, kind="heard", title="听取关于教育工作的报告")
    heard = AgendaItem.objects.create(meeting=at, kind="budget", title="听取关于2022年区级财政决算的报告")
    finance = Organization.objects.get(name="区财政局")
    with pytest.raises(OversightError, match="预算调整"):  # final accounts only under a budget item
        services.report_save(
            actor=role_users["staff"],
            kind="accounts",
            title="决算报告",
            item=plain,
            decision=item,
            organization=finance,
        )
    with pytest.raises(OversightError, match="预算调整"):  # and a budget item takes nothing else
        services.report_save(
            actor=role_users["staff"], kind="special", title="专项报告", item=heard, organization=finance
        )
    with pytest.raises(OversightError):
        services.report_save(
            actor=role_users["staff"],
            kind="accounts",
            title="决算报告",
            item=heard,
            decision=heard,
            organization=finance,
        )
    report = services.report_save(
        actor=role_users["staff"], kind="accounts", title="决算报告", item=heard, decision=item, organization=finance
    )
    assert report.decision == item and report.kind == "accounts"


def test_moving_a_report_to_another_item_releases_the_first(role_users):
    report = heard_report(role_users)
    first = report.item
    other = AgendaItem.objects.create(
        meeting=meeting(number=13, date=dt.date(2023, 11, 20)), kind="heard", title="听取"
    )
    services.report_save(
        actor=role_users["staff"],
        kind="special",
        title=report.title,
        item=other,
        organization=report.organization,
        report_id=report.pk,
    )
    first.refresh_from_db()
    other.refresh_from_db()
    assert first.content_type_id is None and first.object_id == ""
    assert other.concerns == SpecialReport.objects.get(pk=report.pk)
    assert SpecialReport.objects.get(pk=report.pk).heard_on == dt.date(2023, 11, 20)


@pytest.mark.parametrize(
    "sent, months, due",
    [
        (dt.date(2023, 12, 31), 2, dt.date(2024, 2, 29)),
        (dt.date(2023, 11, 30), 3, dt.date(2024, 2, 29)),
        (dt.date(2023, 8, 31), 1, dt.date(2023, 10, 7)),  # 30 Sep in the National Day holiday; 7 Oct a make-up day
        (dt.date(2023, 11, 15), None, dt.date(2024, 1, 15)),
    ],
)
def test_the_response_deadline_clamps_to_the_month_end(role_users, settings, sent, months, due):
    settings.OVERSIGHT_RESPONSE_MONTHS = 2
    report = heard_report(role_users, date=dt.date(2023, 8, 30))
    services.opinions_send(report_id=report.pk, opinions="意见", on=sent, months=months, actor=role_users["staff"])
    assert SpecialReport.objects.get(pk=report.pk).response_due == due


def test_a_deadline_outside_one_to_twelve_months_is_refused(role_users):
    report = heard_report(role_users)
    with pytest.raises(OversightError):
        services.opinions_send(
            report_id=report.pk, opinions="意见", on=dt.date(2023, 11, 5), months=13, actor=role_users["staff"]
        )
    assert SpecialReport.objects.get(pk=report.pk).opinions_sent_on is None


def _sent(users, **kw):
    report = heard_report(users, **kw)
    return services.opinions_send(
        report_id=report.pk, opinions="意见", on=dt.date(2023, 11, 15), months=2, actor=users["staff"]
    )


def test_the_organization_answers_its_own_in_time_once(role_users):
    report = _sent(role_users)
    services.response_record(
        report_id=report.pk, text="已整改", on=dt.date(2024, 1, 15), actor=role_users["unit"], upload=pdf("复函.pdf")
    )
    report.refresh_from_db()
    assert report.answered_in_time is True and report.responded_by == role_users["unit"]
    assert report.documents.get().role == "response"
    with pytest.raises(OversightError):
        services.response_record(report_id=report.pk, text="再次", on=dt.date(2024, 1, 16), actor=role_users["unit"])


def test_a_response_the_day_after_the_deadline_is_late(role_users):
    report = _sent(role_users)
    services.response_record(report_id=report.pk, text="已整改", on=dt.date(2024, 1, 16), actor=role_users["staff"])
    assert SpecialReport.objects.get(pk=report.pk).answered_in_time is False


def test_another_organizations_contact_cannot_answer(role_users):
    report = _sent(role_users, organization=Organization.objects.get(name="区民政局"))
    for who in ("unit", "deputy", "member", "leader"):
        with pytest.raises(OversightError):
            services.response_record(report_id=report.pk, text="答复", on=dt.date(2024, 1, 2), actor=role_users[who])
    assert SpecialReport.objects.get(pk=report.pk).responded_on is None


def test_documents_are_checked_by_content_and_a_refused_file_writes_nothing(role_users):
    report = heard_report(role_users)
    for bad in (pdf("报告.pdf", PNG), pdf("报告.exe", b"MZ\x90\x00" * 8), pdf("空.pdf", b"")):
        with pytest.raises(OversightError):
            services.document_add(upload=bad, role="report", report_id=report.pk, actor=role_users["staff"])
    assert not Document.objects.exists()
    doc = services.document_add(
        upload=pdf("图.png", PNG), role="material", report_id=report.pk, actor=role_users["staff"]
    )
    assert (doc.mime, doc.report_id, doc.activity_id) == ("image/png", report.pk, None)


def test_reminders_through_the_shared_sweep_each_exactly_once(role_users):
    """Sent 2023-11-15, due 2024-01-15: 15, 7 and 1 days before, overdue, seriously overdue: once each,
    however many times the beat runs; an answer stops them."""
    report = _sent(role_users)
    days = [dt.date(2023, 12, 1) + dt.timedelta(days=n) for n in range(90)]
    sent = [sweep(today=d) for d in days]
    assert sum(sent) == 5 and sum(sweep(today=d) for d in days) == 0
    ct = ContentType.objects.get_for_model(SpecialReport)
    assert sorted(ReminderLog.objects.filter(content_type=ct, object_id=report.pk).values_list("kind", flat=True)) == [
        "before_1",
        "before_15",
        "before_7",
        "overdue",
        "serious",
    ]
    unit_notes = Notification.objects.filter(recipient=role_users["unit"])
    assert unit_notes.count() == 6  # the opinions, then five reminders
    assert all("/oversight/mine/%d/" % report.pk in n.url for n in unit_notes)
    assert Notification.objects.filter(recipient=role_users["staff"]).count() == 2  # overdue and seriously overdue


def test_an_answered_report_gets_no_more_reminders(role_users):
    report = _sent(role_users)
    assert sweep(today=dt.date(2023, 12, 29)) == 1  # 15 days before is in the New Year holiday: the Friday before
    services.response_record(report_id=report.pk, text="已办理", on=dt.date(2024, 1, 2), actor=role_users["unit"])
    assert sum(sweep(today=dt.date(2024, 1, 1) + dt.timedelta(days=n)) for n in range(60)) == 0


def test_activity_participants_and_law(role_users):
    from deputies.tests.factories import DeputyFactory

    deputy = DeputyFactory()
    activity = services.activity_create(
        actor=role_users["staff"],
        kind="enforcement",
        title="科普法执法检查",
        law="中华人民共和国科学技术普及法",
        start_date=dt.date(2023, 6, 12),
        end_date=dt.date(2023, 6, 16),
        members=[role_users["member"]],
        deputies=[deputy],
        organizations=Organization.objects.filter(name="区卫生健康局"),
    )
    assert list(activity.deputies.all()) == [deputy] and activity.organizations.count() == 1
    with pytest.raises(OversightError):
        services.activity_create(
            actor=role_users["staff"],
            kind="enforcement",
            title="没有法律名称",
            start_date=dt.date(2023, 6, 12),
            end_date=dt.date(2023, 6, 16),
        )
