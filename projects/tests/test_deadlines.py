"""The next progress report's due date is a computed deadline: it explains itself on the staff's and the
unit's pages, and a calendar change moves it while the project is open, never after its year-end status."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from congress import holidays
from congress.deadlines import Calendar, deadline_note_for
from congress.models import DeadlineNote, Notification
from projects import services
from projects.models import Project
from projects.tests.factories import voting_slate_with_adopted

pytestmark = pytest.mark.django_db


def _project(role_users):
    project = voting_slate_with_adopted()["project"]
    Project.objects.filter(pk=project.pk).update(implementing_unit=role_users["unit"].organization)
    return Project.objects.get(pk=project.pk)


def test_the_report_due_date_explains_itself_on_both_pages(client_as, role_users):
    project = _project(role_users)
    with translation.override("zh-hans"):
        why = deadline_note_for(project, "report_due").explanation
    assert project.report_due.strftime("%Y-%m-%d") in why
    for role, url in (
        ("staff", reverse("projects:project_detail", args=[project.pk])),
        ("unit", reverse("projects:my_project", args=[project.pk])),
    ):
        page = client_as(role).get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        assert 'data-testid="deadline-explanation"' in page and why in page, role


def test_a_holiday_added_on_the_due_day_moves_an_open_report_and_tells_the_unit(role_users):
    project = _project(role_users)
    due, unit = project.report_due, role_users["unit"]
    told = Notification.objects.filter(recipient=unit).count()
    holidays.calendar_day_save(
        day=due, kind="holiday", holiday="other", name="临时假日", reason="区政府通知第9号", actor=role_users["staff"]
    )
    project = Project.objects.get(pk=project.pk)
    moved = project.report_due
    assert moved > due and moved == Calendar().next_working(due)
    note = deadline_note_for(project, "report_due")
    assert (note.due, note.reason) == (moved, "区政府通知第9号")
    assert Notification.objects.filter(recipient=unit).count() == told + 1
    # Once assessed at year end the project is closed: a later change moves nothing.
    services.project_set_year_end_status(
        project_id=project.pk, status="completed", on=dt.date(2023, 12, 31), actor=role_users["staff"]
    )
    holidays.calendar_day_remove(day=due, reason="录入错误", actor=role_users["staff"])
    assert Project.objects.get(pk=project.pk).report_due is None
    assert (
        DeadlineNote.objects.get(object_id=project.pk, field="report_due", content_type__model="project").due == moved
    )


def test_the_reminder_says_how_the_due_date_was_counted(role_users):
    from congress.reminders import sweep
    from congress.tests.factories import as_working_day

    project = _project(role_users)
    late = project.report_due + dt.timedelta(days=3)
    as_working_day(late)
    assert sweep(today=late) >= 1
    with translation.override("zh-hans"):
        why = deadline_note_for(project, "report_due").explanation
    note = Notification.objects.filter(recipient=role_users["unit"]).latest("pk")
    assert project.title in note.body and why in note.body
