import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from congress.models import ReminderLog
from meetings import services as engine
from meetings.models import Poll
from projects import services
from projects.models import Idea, Project, ProjectStatus, Slate
from projects.services import ProjectError
from projects.tests.factories import counted, put_to_vote, slate, voting_slate_with_adopted

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def _ids(s):
    return list(s.projects.order_by("pk").values_list("pk", flat=True))


def test_the_vote_is_a_secret_poll_of_the_engine_on_the_session_meeting(role_users):
    s = slate(places=2, candidates=3)
    s, _people = put_to_vote(s)
    poll = Poll.objects.select_related("item__meeting").get(pk=s.poll_id)
    assert (poll.kind, poll.mode, poll.rule, poll.base, poll.item.meeting.type) == (
        "slate",
        "secret",
        "deputies",
        10,
        "congress",
    )
    assert poll.item.meeting.session_id == s.session_id and poll.item.concerns == s
    assert [o.label for o in poll.options.all()] == [p.title for p in s.projects.order_by("pk")]


def test_choose_kind_follows_the_congress_rules(role_users):
    s = slate(places=2, candidates=3)
    Slate.objects.filter(pk=s.pk).update(vote_kind="choose")
    s, _people = put_to_vote(s)
    poll = Poll.objects.get(pk=s.poll_id)
    assert (poll.kind, poll.max_choices) == ("choose", 2)


def test_adoption_at_exactly_half_fails_and_half_plus_one_passes(role_users):
    s = slate(places=3, candidates=4)
    a, b, c, d = _ids(s)
    counted(s, {a: (5, 5, 0), b: (6, 4, 0), c: (9, 1, 0), d: (1, 9, 0)})  # 10 deputies: 5 is half, 6 more than half
    adopted = services.slate_decide(slate_id=s.pk, actor=role_users["staff"], on=dt.date(2023, 1, 6))
    assert [p.pk for p in adopted] == [c, b]  # shortfall: two passing for three places, recorded as it is
    assert Project.objects.get(pk=a).status == ProjectStatus.NOT_ADOPTED
    assert (Project.objects.get(pk=c).rank, Project.objects.get(pk=c).votes_for) == (1, 9)


def test_ranked_by_votes_for_and_capped_at_the_places(role_users):
    s = slate(places=2, candidates=3)
    a, b, c = _ids(s)
    counted(s, {a: (6, 4, 0), b: (8, 2, 0), c: (7, 3, 0)})
    adopted = services.slate_decide(slate_id=s.pk, actor=role_users["staff"], on=dt.date(2023, 1, 6))
    assert [p.pk for p in adopted] == [b, c]


def test_a_tie_at_the_last_place_needs_a_recorded_decision(client_as, role_users):
    s = slate(places=1, candidates=2)
    a, b = _ids(s)
    counted(s, {a: (7, 3, 0), b: (7, 2, 1)})
    client = client_as("staff")
    url = reverse("projects:slate_decide", args=[s.pk])
    page = client.get(url).content.decode()
    assert "并列" in page
    response = client.post(url, {"decided_on": "2023-01-06"})
    assert "并列" in response.content.decode()
    assert Project.objects.filter(slate=s, status=ProjectStatus.CANDIDATE).count() == 2
    response = client.post(url, {"decided_on": "2023-01-06", "tie_order": "%d,%d" % (b, a)})  # no note: refused
    assert response.status_code == 200 and Project.objects.filter(slate=s, status="candidate").count() == 2
    response = client.post(
        url, {"decided_on": "2023-01-06", "tie_order": "%d,%d" % (b, a), "note": "主任团决定按提交顺序"}
    )
    assert response.status_code == 302
    assert dict(Project.objects.filter(slate=s).values_list("pk", "status")) == {a: "not_adopted", b: "in_progress"}
    assert dict(Project.objects.filter(slate=s).values_list("pk", "rank")) == {b: 1, a: 2}  # ranks follow the decision
    s.refresh_from_db()
    from meetings.models import PollTieBreak

    decision = PollTieBreak.objects.get(poll=s.poll)  # recorded on the engine's poll, audited
    assert (decision.order, decision.reason, decision.decided_by.username) == (
        [Project.objects.get(pk=b).option_id, Project.objects.get(pk=a).option_id],
        "主任团决定按提交顺序",
        "staff",
    )
    assert client.post(url, {"decided_on": "2023-01-06"}).status_code == 302  # decided: a second decision refused
    assert Slate.objects.get(pk=s.pk).decision_note == "主任团决定按提交顺序"
    page = client.get(reverse("projects:slate_detail", args=[s.pk])).content.decode()
    assert "通过 1 项（共 2 项）" in page


def test_decision_refused_while_the_vote_is_open(role_users):
    s = slate(places=1, candidates=2)
    a, b = _ids(s)
    counted(s, {a: (7, 3, 0), b: (2, 2, 1)}, close=False)
    with pytest.raises(ProjectError, match="关闭"):
        services.slate_decide(slate_id=s.pk, actor=role_users["staff"], on=dt.date(2023, 1, 6))


def test_a_slate_needs_more_candidates_than_places(role_users):
    s = slate(places=3, candidates=3)
    with pytest.raises(ProjectError, match="候选项目"):
        services.slate_open_vote(slate_id=s.pk, actor=role_users["staff"])
    assert Slate.objects.get(pk=s.pk).poll_id is None and not Poll.objects.exists()


def test_mixed_session_electronic_and_paper_ballots(role_users):
    s = slate(places=1, candidates=2)
    a, b = _ids(s)
    s, people = put_to_vote(s)
    options = dict(s.projects.values_list("pk", "option_id"))
    for voter in people[:4]:
        engine.ballot_cast(poll_id=s.poll_id, voter=voter, choices={options[a]: "Y", options[b]: "N"})
    engine.paper_ballots_enter(
        poll_id=s.poll_id,
        voters=people[4:],
        actor=role_users["staff"],
        counts={options[a]: {"Y": 1, "N": 5}, options[b]: {"Y": 6}},
    )
    engine.poll_close(poll_id=s.poll_id, actor=role_users["staff"])
    adopted = services.slate_decide(slate_id=s.pk, actor=role_users["staff"], on=dt.date(2023, 1, 6))
    assert [p.pk for p in adopted] == [b] and Project.objects.get(pk=a).votes_for == 5  # 4 electronic + 1 paper


def test_results_public_only_once_published(client, role_users):
    s = slate(places=1, candidates=2)
    a, b = _ids(s)
    counted(s, {a: (8, 2, 0), b: (3, 7, 0)})
    services.slate_decide(slate_id=s.pk, actor=role_users["staff"], on=dt.date(2023, 1, 6))
    url = reverse("projects:index")
    assert 'data-testid="vote-results"' not in client.get(url, {"year": 2023}).content.decode()
    engine.poll_publish(poll_id=s.poll_id, actor=role_users["staff"])
    page = client.get(url, {"year": 2023}).content.decode()
    assert 'data-testid="vote-results"' in page and "候选项目2" in page


def test_totals_are_exact_and_shown_in_yi(client, role_users):
    from projects.selectors import year_figures

    s = slate(places=2, candidates=3)
    ids = _ids(s)
    counted(s, {ids[0]: (9, 0, 0), ids[1]: (8, 0, 0), ids[2]: (1, 0, 0)})
    services.slate_decide(slate_id=s.pk, actor=role_users["staff"], on=dt.date(2023, 1, 6))
    for pid, amount in zip(ids[:2], ("0.10", "0.20")):
        services.progress_report_file(
            project=Project.objects.get(pk=pid),
            date=dt.date(2023, 6, 1),
            completed_wan=Decimal(amount),
            note="",
            actor=role_users["staff"],
        )
    figures = year_figures(2023)
    assert figures["district_total_wan"] == Decimal("2001.00")  # 1000.50 + 1000.50, no float drift
    assert figures["district_completed_wan"] == Decimal("0.30")  # 0.1 + 0.2 exactly
    page = client.get(reverse("projects:index"), {"year": 2023}).content.decode()
    assert "2,001万元" in page and 'id="projects-chart-data"' in page and "vendor/echarts/echarts.min." in page


def test_progress_only_for_adopted_projects_and_within_total(role_users):
    s = slate(places=1, candidates=2)
    p = s.projects.first()
    with pytest.raises(ProjectError):
        services.progress_report_file(
            project=p, date=dt.date(2023, 3, 1), completed_wan=Decimal(1), note="", actor=role_users["staff"]
        )


def test_unit_files_a_report_with_photo_and_milestone(client_as, role_users, client):
    objects = voting_slate_with_adopted()
    project, milestone = objects["project"], objects["milestone"]
    unit = client_as("unit")
    url = reverse("projects:my_project", args=[project.pk])
    assert project.title in unit.get(reverse("projects:my_projects")).content.decode()
    fake = SimpleUploadedFile("x.png", b"<script>alert(1)</script>", content_type="image/png")
    response = unit.post(
        url,
        {"date": "2023-09-30", "completed_wan": "500", "note": "主体完工", "photo": fake, "milestones": [milestone.pk]},
    )
    assert response.status_code == 200 and project.reports.count() == 1  # refused by content, nothing changed
    photo = SimpleUploadedFile("site.png", PNG, content_type="image/png")
    response = unit.post(
        url,
        {
            "date": "2023-09-30",
            "completed_wan": "500",
            "note": "主体完工",
            "photo": photo,
            "milestones": [milestone.pk],
        },
    )
    assert response.status_code == 302
    report = project.reports.order_by("-pk").first()
    milestone.refresh_from_db()
    assert milestone.done_on == dt.date(2023, 9, 30) and report.photo_type == "image/png"
    photo_url = reverse("projects:report_photo", args=[report.pk])
    got = unit.get(photo_url)
    assert got.status_code == 200 and b"".join(got.streaming_content) == PNG
    assert client_as("deputy").get(photo_url).status_code == 404  # hidden: as if it did not exist
    assert client.get(photo_url).status_code == 302


def test_overdue_progress_reports_reminded_once_through_the_sweep(role_users):
    from congress.reminders import sweep
    from congress.tests.factories import as_working_day

    objects = voting_slate_with_adopted()
    project = Project.objects.get(pk=objects["project"].pk)
    due = project.report_due
    assert due is not None
    late = due + dt.timedelta(days=3)
    as_working_day(late)  # the due date follows today's date: the sweep day must not fall on a rest day
    assert sweep(today=late) >= 1
    assert sweep(today=late) == 0  # exactly once
    assert ReminderLog.objects.filter(object_id=str(project.pk), kind="overdue").count() == 1
    services.project_set_year_end_status(
        project_id=project.pk, status="completed", on=dt.date(2023, 12, 31), actor=role_users["staff"]
    )
    assert Project.objects.get(pk=project.pk).report_due is None


def test_public_idea_form_rate_limited_and_private_contact(client, role_users):
    url = reverse("projects:idea_new")
    for i in range(5):
        client.post(
            url,
            {"title": "建议%d" % i, "description": "村里的路需要硬化，雨天无法通行", "contact": "13911112222"},
            REMOTE_ADDR="10.1.1.1",
        )
    response = client.post(
        url, {"title": "第六条", "description": "村里的路需要硬化，雨天无法通行"}, REMOTE_ADDR="10.1.1.1"
    )
    assert "太多" in response.content.decode()
    assert Idea.objects.count() == 5 and Idea.objects.first().source == "public"


def test_satisfaction_vote_is_a_rating_poll_per_project(role_users):
    from meetings.models import Meeting

    objects = voting_slate_with_adopted()
    s = objects["slate"]
    meeting = Meeting.objects.create(type="congress", title="区十九届人大三次会议", date=dt.date(2024, 1, 8))
    s = services.satisfaction_poll_create(slate_id=s.pk, actor=role_users["staff"], meeting=meeting)
    poll = Poll.objects.get(pk=s.satisfaction_poll_id)
    adopted = list(s.projects.filter(status__in=["in_progress"]).order_by("rank"))
    assert poll.kind == "rating" and poll.mode == "secret"
    assert [o.label for o in poll.options.all()] == [p.title for p in adopted]
    with pytest.raises(ProjectError):
        services.satisfaction_poll_create(slate_id=s.pk, actor=role_users["staff"], meeting=meeting)


def test_satisfaction_result_is_public_once_published(client, role_users):
    from meetings.models import Meeting
    from projects.tests.factories import voters

    admin = role_users["admin"]
    s = voting_slate_with_adopted()["slate"]
    meeting = Meeting.objects.create(type="congress", title="区十九届人大三次会议", date=dt.date(2024, 1, 8))
    people = voters(10, "sat")
    s = services.satisfaction_poll_create(slate_id=s.pk, actor=admin, meeting=meeting, electorate=people)
    first, second = s.projects.filter(status="in_progress").order_by("rank")[:2]
    engine.poll_open(poll_id=s.satisfaction_poll_id, actor=admin)
    engine.paper_ballots_enter(
        poll_id=s.satisfaction_poll_id,
        voters=people[:8],
        actor=admin,
        counts={
            first.satisfaction_option_id: {"Y": 5, "A": 2, "N": 1},
            second.satisfaction_option_id: {"Y": 1, "A": 1, "N": 6},
        },
    )
    engine.poll_close(poll_id=s.satisfaction_poll_id, actor=admin)
    url = reverse("projects:public_project", args=[first.pk])
    assert 'data-testid="satisfaction"' not in client.get(url).content.decode()  # closed, not yet published
    engine.poll_publish(poll_id=s.satisfaction_poll_id, actor=admin)
    page = client.get(url).content.decode()
    assert "满意 5，基本满意 2，不满意 1" in page and "87.5%" in page
    assert (
        "满意 1，基本满意 1，不满意 6"
        in client.get(reverse("projects:public_project", args=[second.pk])).content.decode()
    )


def test_demo_year_matches_the_2023_summary(role_users):
    from deputies.demo import seed_deputies
    from projects.demo import seed_projects
    from projects.figures import figures

    seed_deputies()
    seed_projects()
    assert seed_projects() == {"created": False}
    values = {f.key: f.value for f in figures(2023)}
    assert values == {
        "projects.district_voted": 20,
        "projects.district_total": Decimal("6.35"),
        "projects.district_completed": Decimal("5.87"),
        "projects.town_voted": 100,
        "projects.town_total": Decimal("9.09"),
        "projects.inspections": 12,
        "projects.suggestions": 27,
    }
    assert Slate.objects.filter(year=2023, poll__status="published").count() == Slate.objects.filter(year=2023).count()


@pytest.mark.parametrize("rows", [10, 300])
def test_public_page_queries_do_not_grow(rows, client, role_users, django_assert_num_queries):
    s = slate(places=rows, candidates=rows + 1)
    ids = _ids(s)
    counted(s, {p: ((9, 0, 0) if p != ids[-1] else (1, 0, 0)) for p in ids})
    services.slate_decide(slate_id=s.pk, actor=role_users["staff"], on=dt.date(2023, 1, 6))
    engine.poll_publish(poll_id=Slate.objects.get(pk=s.pk).poll_id, actor=role_users["staff"])
    for pid in ids[:rows]:
        services.progress_report_file(
            project=Project.objects.get(pk=pid),
            date=dt.date(2023, 6, 1),
            completed_wan=Decimal(1),
            note="",
            actor=role_users["staff"],
        )
    with django_assert_num_queries(4):
        assert client.get(reverse("projects:index"), {"year": 2023}).status_code == 200


@pytest.mark.parametrize("rows", [3, 60])
def test_unit_and_deputy_pages_queries_do_not_grow(rows, client_as, role_users, django_assert_num_queries):
    s = slate(places=rows, candidates=rows + 1)
    ids = _ids(s)
    counted(s, {p: ((9, 0, 0) if p != ids[-1] else (1, 0, 0)) for p in ids})
    services.slate_decide(slate_id=s.pk, actor=role_users["staff"], on=dt.date(2023, 1, 6))
    for name, queries in (("projects:my_projects", 9), ("projects:deputy_home", 10)):
        client = client_as("unit" if name.endswith("projects") else "deputy")
        with django_assert_num_queries(queries, info=name):
            assert client.get(reverse(name)).status_code == 200


def test_a_deputy_idea_links_to_their_proposal(client_as, role_users):
    from congress.models import Congress
    from proposals.tests.factories import submitted

    proposal = submitted(role_users)
    district = Congress.objects.get(level="district", name="安康市汉滨区人民代表大会")
    client = client_as("staff")
    data = {
        "congress": district.pk,
        "year": 2024,
        "source": "public",
        "title": "扩建停车场",
        "description": "城区停车难",
        "proposal": proposal.pk,
        "status": "new",
    }
    response = client.post(reverse("projects:idea_create"), data)
    assert response.status_code == 200 and not Idea.objects.exists()  # a public idea has no proposal
    response = client.post(reverse("projects:idea_create"), {**data, "source": "deputy"})
    assert response.status_code == 302 and Idea.objects.get().proposal == proposal


def test_the_unit_answers_a_supervision_suggestion(client_as, role_users):
    from projects.models import Suggestion

    objects = voting_slate_with_adopted()
    suggestion, project = objects["suggestion"], objects["project"]
    url = reverse("projects:my_project", args=[project.pk])
    unit = client_as("unit")
    unit.post(url, {"suggestion": suggestion.pk, "status": "adopted", "response": "  "})
    assert Suggestion.objects.get(pk=suggestion.pk).status == "open"  # no words: refused, nothing changed
    unit.post(url, {"suggestion": "x<script>", "status": "adopted", "response": "已采纳"})
    assert Suggestion.objects.get(pk=suggestion.pk).status == "open"
    assert (
        unit.post(url, {"suggestion": suggestion.pk, "status": "adopted", "response": "已增加施工班组"}).status_code
        == 302
    )
    s = Suggestion.objects.get(pk=suggestion.pk)
    assert (s.status, s.response) == ("adopted", "已增加施工班组")
    assert s.history.first().history_user == role_users["unit"]
