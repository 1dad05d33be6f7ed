"""A performance review's report is due 20 days before its meeting, counted back: a holiday added on
that day moves it to the working day before, while the report is not filed; a filed one never moves."""

import datetime as dt

import pytest
from django.utils import timezone

from appointments import services
from appointments.models import Review
from appointments.tests import factories as f
from congress import holidays
from congress.deadlines import Calendar, deadline_note_for

pytestmark = pytest.mark.django_db


def _review(upcoming_in_days):
    from congress.models import Organization

    appointed = f.decided(m=f.meeting(date=timezone.localdate() - dt.timedelta(days=100), title="第5次会议"))
    upcoming = f.meeting(
        date=timezone.localdate() + dt.timedelta(days=upcoming_in_days), title="第6次会议", open_=False
    )
    return services.review_create(
        nomination_id=appointed.pk,
        meeting_id=upcoming.pk,
        actor=f.admin(),
        unit=Organization.objects.get(name="区住房和城乡建设局"),
    )


def test_a_holiday_on_the_due_day_moves_an_unfiled_review_report_back(role_users):
    review = _review(40)
    due = review.report_due
    holidays.calendar_day_save(
        day=due, kind="holiday", holiday="other", name="临时假日", reason="区政府通知第9号", actor=role_users["staff"]
    )
    review = Review.objects.get(pk=review.pk)
    moved = review.report_due
    assert moved < due and moved == Calendar().previous_working(due)
    assert deadline_note_for(review, "report_due").reason == "区政府通知第9号"
    holidays.calendar_day_remove(day=due, reason="录入错误", actor=role_users["staff"])
    assert Review.objects.get(pk=review.pk).report_due == due  # taken off again: back where it was


def test_a_filed_review_report_never_moves(role_users):
    review = _review(40)
    due = review.report_due
    services.review_report_file(review_id=review.pk, report="述职报告", actor=role_users["unit"], today=due)
    holidays.calendar_day_save(
        day=due, kind="holiday", holiday="other", name="临时假日", reason="区政府通知第9号", actor=role_users["staff"]
    )
    assert Review.objects.get(pk=review.pk).report_due == due


def test_the_reminder_says_how_the_due_date_was_counted(role_users):
    from congress.models import Notification
    from congress.reminders import sweep
    from congress.tests.factories import as_working_day

    review = _review(40)
    day = review.report_due - dt.timedelta(days=7)
    as_working_day(day)
    assert sweep(today=day) == 1
    note = Notification.objects.get(recipient=role_users["unit"])
    assert "20" in deadline_note_for(review, "report_due").explanation
    assert deadline_note_for(review, "report_due").explanation in note.body
