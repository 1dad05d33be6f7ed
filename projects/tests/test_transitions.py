"""Each transition has its own service and screen, and no staff record form edits what a service owns:
progress reports (dated from the adoption to today, filed by staff through the unit's service),
the year-end status, a suggestion's answer and close, an idea's screening."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from congress.deadlines import deadline_compute, deadline_note_for
from projects import services, views
from projects.models import Idea, ProgressReport, Project, Slate, Suggestion
from projects.services import ProjectError
from projects.tests.factories import voting_slate_with_adopted

pytestmark = pytest.mark.django_db

ADOPTED_ON = dt.date(2023, 1, 6)  # the decision date in voting_slate_with_adopted


@pytest.fixture
def objects(role_users):
    return voting_slate_with_adopted()


def _file(project, date, actor, amount=Decimal(400)):
    return services.progress_report_file(project=project, date=date, completed_wan=amount, note="进展", actor=actor)


# --- progress reports: dated from the adoption up to today ------------------------------------------


def test_a_report_dated_before_the_adoption_or_in_the_future_is_refused(objects, role_users):
    project, staff = objects["project"], role_users["staff"]
    count, due = project.reports.count(), Project.objects.get(pk=project.pk).report_due
    for date in (ADOPTED_ON - dt.timedelta(days=1), dt.date(2022, 12, 31), timezone.localdate() + dt.timedelta(days=1)):
        for _attempt in range(2):  # refused the second time as well
            with pytest.raises(ProjectError, match="不能早于项目票决通过|不能晚于今天"):
                _file(project, date, staff)
    assert project.reports.count() == count and Project.objects.get(pk=project.pk).report_due == due
    assert _file(project, ADOPTED_ON, staff).date == ADOPTED_ON  # the adoption day itself is fine
    assert _file(project, timezone.localdate(), staff).date == timezone.localdate()  # and today


def test_the_units_form_refuses_the_dates_and_writes_nothing(objects, client_as):
    project = objects["project"]
    url = reverse("projects:my_project", args=[project.pk])
    unit = client_as("unit")
    before = project.reports.count()
    for day in ("2022-12-01", (timezone.localdate() + dt.timedelta(days=3)).isoformat()):
        response = unit.post(url, {"date": day, "completed_wan": "500", "note": "主体完工"})
        assert response.status_code == 200
        assert "票决通过" in response.content.decode() or "不能晚于今天" in response.content.decode()
    assert project.reports.count() == before


def test_staff_enter_a_report_through_the_units_service_and_the_next_due_moves(objects, client_as, settings):
    project = objects["project"]
    Project.objects.filter(pk=project.pk).update(report_due=dt.date(2023, 3, 1))
    staff = client_as("staff")
    url = reverse("projects:progressreport_create")
    page = staff.get(url, {"project": project.pk}).content.decode()
    assert objects["milestone"].title in page  # the project's milestones are offered
    response = staff.post(
        url, {"project": project.pk, "date": "2022-06-01", "completed_wan": "600", "note": "人工录入"}
    )
    assert response.status_code == 200 and not ProgressReport.objects.filter(note="人工录入").exists()
    response = staff.post(
        url,
        {
            "project": project.pk,
            "date": timezone.localdate().isoformat(),
            "completed_wan": "600",
            "note": "人工录入",
            "milestones": [objects["milestone"].pk],
        },
    )
    assert response.status_code == 302
    report = ProgressReport.objects.get(note="人工录入")
    assert report.history.first().history_user.username == "staff"
    project.refresh_from_db()
    due = deadline_compute(start=timezone.localdate(), days=settings.PROJECTS_REPORT_EVERY_DAYS, working_days=False)
    assert (
        project.report_due == due.date >= timezone.localdate() + dt.timedelta(days=settings.PROJECTS_REPORT_EVERY_DAYS)
    )
    assert deadline_note_for(project, "report_due").due == due.date  # it says how the date was computed
    objects["milestone"].refresh_from_db()
    assert objects["milestone"].done_on == timezone.localdate()


def test_editing_a_report_keeps_its_project_and_the_date_rules(objects, client_as):
    report = objects["progressreport"]
    url = reverse("projects:progressreport_update", args=[report.pk])
    staff = client_as("staff")
    response = staff.post(url, {"project": report.project_id, "date": "2022-01-01", "completed_wan": "300", "note": ""})
    assert response.status_code == 200
    report.refresh_from_db()
    assert report.date == dt.date(2023, 6, 1)
    assert staff.post(url, {"date": "2023-07-01", "completed_wan": "350", "note": "更正"}).status_code == 302
    report.refresh_from_db()
    assert (report.date, report.completed_wan, report.project_id) == (dt.date(2023, 7, 1), 350, objects["project"].pk)


# --- the year-end status ---------------------------------------------------------------------------


def test_the_year_end_status_is_set_by_its_service_dated_and_audited(objects, role_users):
    project, staff = objects["project"], role_users["staff"]
    services.project_set_year_end_status(project_id=project.pk, status="mostly", on=dt.date(2023, 12, 28), actor=staff)
    project.refresh_from_db()
    assert (project.status, project.year_end_on, project.report_due) == ("mostly", dt.date(2023, 12, 28), None)
    assert project.history.first().history_user == staff
    with pytest.raises(ProjectError, match="已登记"):  # the second attempt with the same status
        services.project_set_year_end_status(
            project_id=project.pk, status="mostly", on=dt.date(2023, 12, 28), actor=staff
        )
    services.project_set_year_end_status(
        project_id=project.pk, status="completed", on=dt.date(2024, 1, 10), actor=staff
    )  # a correction, audited
    assert Project.objects.get(pk=project.pk).status == "completed" and project.history.count() >= 2


@pytest.mark.parametrize(
    "status,on",
    [
        ("in_progress", dt.date(2023, 12, 1)),
        ("completed", dt.date(2023, 1, 1)),
        ("completed", dt.date(2025, 1, 1)),
        ("completed", dt.date(2099, 1, 1)),
        ("完成", dt.date(2023, 12, 1)),
    ],
)
def test_the_year_end_status_is_refused_out_of_the_projects_year(objects, role_users, status, on):
    project = objects["project"]
    with pytest.raises(ProjectError):
        services.project_set_year_end_status(project_id=project.pk, status=status, on=on, actor=role_users["staff"])
    project.refresh_from_db()
    assert (project.status, project.year_end_on) == ("in_progress", None)


def test_only_an_adopted_project_gets_a_year_end_status(objects, role_users):
    loser = Project.objects.get(slate=objects["slate"], status="not_adopted")
    with pytest.raises(ProjectError, match="通过"):
        services.project_set_year_end_status(
            project_id=loser.pk, status="completed", on=dt.date(2023, 12, 1), actor=role_users["staff"]
        )
    candidate = objects["voting_slate"].projects.first()
    with pytest.raises(ProjectError):
        services.project_set_year_end_status(
            project_id=candidate.pk, status="completed", on=dt.date(2024, 12, 1), actor=role_users["staff"]
        )


def test_the_year_end_screen(objects, client_as, django_assert_num_queries):
    project = objects["project"]
    staff = client_as("staff")
    detail = staff.get(reverse("projects:project_detail", args=[project.pk])).content.decode()
    url = reverse("projects:project_year_end", args=[project.pk])
    assert url in detail
    response = staff.post(url, {"status": "completed", "on": "2031-01-01"})
    assert response.status_code == 200 and Project.objects.get(pk=project.pk).status == "in_progress"
    response = staff.post(url, {"status": "bogus", "on": "2023-12-20"})
    assert response.status_code == 200 and Project.objects.get(pk=project.pk).status == "in_progress"
    assert staff.post(url, {"status": "unfinished", "on": "2023-12-20"}).status_code == 302
    assert Project.objects.get(pk=project.pk).status == "unfinished"
    response = staff.post(url, {"status": "unfinished", "on": "2023-12-20"})  # the second attempt
    assert response.status_code == 200 and "已登记" in response.content.decode()
    with django_assert_num_queries(7):
        page = staff.get(reverse("projects:project_detail", args=[project.pk]))
    assert 'data-testid="project-state"' in page.content.decode() and "未完成" in page.content.decode()
    loser = Project.objects.get(slate=objects["slate"], status="not_adopted")
    assert staff.get(reverse("projects:project_year_end", args=[loser.pk])).status_code == 404


# --- suggestions: answered, then closed --------------------------------------------------------------


def test_staff_record_the_answer_and_close_a_suggestion(objects, client_as, role_users):
    suggestion = objects["suggestion"]
    staff = client_as("staff")
    close = reverse("projects:suggestion_close", args=[suggestion.pk])
    staff.post(close)
    assert Suggestion.objects.get(pk=suggestion.pk).closed_on is None  # not answered yet: refused
    respond = reverse("projects:suggestion_respond", args=[suggestion.pk])
    staff.post(respond, {"suggestion": suggestion.pk, "status": "explained", "response": " "})
    assert Suggestion.objects.get(pk=suggestion.pk).status == "open"
    staff.post(respond, {"suggestion": suggestion.pk + 999, "status": "adopted", "response": "已采纳"})
    assert Suggestion.objects.get(pk=suggestion.pk).status == "open"  # another suggestion's id
    assert (
        staff.post(respond, {"suggestion": suggestion.pk, "status": "adopted", "response": "已采纳"}).status_code == 302
    )
    s = Suggestion.objects.get(pk=suggestion.pk)
    assert (s.status, s.response, s.history.first().history_user) == ("adopted", "已采纳", role_users["staff"])
    with pytest.raises(ProjectError):  # the same answer twice
        services.suggestion_respond(suggestion_id=s.pk, status="adopted", response="已采纳", actor=role_users["staff"])
    assert staff.post(close).status_code == 302
    s.refresh_from_db()
    assert s.closed_on == timezone.localdate()
    with pytest.raises(ProjectError):
        services.suggestion_close(suggestion_id=s.pk, actor=role_users["staff"])
    unit = client_as("unit")  # closed: the unit can no longer change it either
    unit.post(
        reverse("projects:my_project", args=[objects["project"].pk]),
        {"suggestion": s.pk, "status": "explained", "response": "另作说明"},
    )
    assert Suggestion.objects.get(pk=s.pk).response == "已采纳"
    page = staff.get(reverse("projects:suggestion_detail", args=[s.pk])).content.decode()
    assert 'data-testid="suggestion-state"' in page and respond not in page


# --- ideas: screened through their service ----------------------------------------------------------


def test_an_idea_is_screened_through_its_service(objects, client_as, role_users):
    idea = objects["idea"]
    staff = client_as("staff")
    url = reverse("projects:idea_screen", args=[idea.pk])
    staff.post(url, {"status": "declined", "note": ""})
    assert Idea.objects.get(pk=idea.pk).status == "new"  # declined needs its reason
    assert staff.post(url, {"status": "declined", "note": "已列入明年计划"}).status_code == 302
    idea.refresh_from_db()
    assert (idea.status, idea.screening_note) == ("declined", "已列入明年计划")
    with pytest.raises(ProjectError):
        services.idea_screen(idea_id=idea.pk, status="declined", note="已列入明年计划", actor=role_users["staff"])
    # the generic edit form no longer carries the status
    data = {
        "congress": idea.congress_id,
        "year": 2024,
        "source": "public",
        "title": "修一座桥",
        "description": "村口需要一座桥",
        "status": "accepted",
        "screening_note": "改",
    }
    assert staff.post(reverse("projects:idea_update", args=[idea.pk]), data).status_code == 302
    idea.refresh_from_db()
    assert (idea.status, idea.screening_note) == ("declined", "已列入明年计划")


# --- no staff record form edits a field a service owns --------------------------------------------


def test_no_staff_form_of_projects_exposes_a_transition_field(objects, client_as):
    for crud in views.CRUDS:
        owned = set(getattr(crud.model, "transition_fields", ()))
        assert not owned & set(crud.form_class.base_fields), crud.model
    slate = objects["slate"]  # decided: its settings no longer change
    response = client_as("staff").post(
        reverse("projects:slate_update", args=[slate.pk]),
        {"session": slate.session_id, "year": slate.year, "places": 1, "vote_kind": "slate", "electorate": 99},
    )
    assert response.status_code == 200 and Slate.objects.get(pk=slate.pk).places == 2
    suggestion = objects["suggestion"]
    client_as("staff").post(
        reverse("projects:suggestion_update", args=[suggestion.pk]),
        {"inspection": suggestion.inspection_id, "text": "加快进度", "status": "adopted", "response": "改"},
    )
    assert Suggestion.objects.get(pk=suggestion.pk).status == "open"


def test_the_transition_pages_issue_a_bounded_number_of_queries(
    objects, client_as, role_users, django_assert_num_queries
):
    for i in range(30):  # more milestones to choose from: the page must not grow with them
        services.milestone_add(
            project=objects["project"], title="节点%d" % i, due=dt.date(2023, 10, 1), actor=role_users["staff"]
        )
    staff = client_as("staff")
    pages = [
        (reverse("projects:suggestion_detail", args=[objects["suggestion"].pk]), 10),
        (reverse("projects:idea_detail", args=[objects["idea"].pk]), 4),
        (reverse("projects:project_year_end", args=[objects["project"].pk]), 2),
        (reverse("projects:progressreport_create") + "?project=%d" % objects["project"].pk, 5),
        (reverse("projects:progressreport_create"), 2),
        (reverse("projects:milestone_detail", args=[objects["milestone"].pk]), 4),
    ]
    for url, queries in pages:
        with django_assert_num_queries(queries, info=url):
            response = staff.get(url)
        assert response.status_code == 200, url
    assert "节点29" in staff.get(pages[3][0]).content.decode()
