import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from projects import services
from projects.models import Idea, Project, ProjectStatus
from projects.services import ProjectError, decide
from projects.tests.factories import slate

pytestmark = pytest.mark.django_db


def test_adoption_needs_more_than_half_of_all_deputies():
    # 10 deputies: 6 for passes, exactly half (5) does not, whatever the others did
    adopted, _ranks, tied = decide(places=3, electorate=10, tallies={1: 6, 2: 5, 3: 9})
    assert adopted == [3, 1] and not tied


def test_ranked_by_votes_for_and_capped_at_the_places():
    adopted, ranks, _tied = decide(places=2, electorate=10, tallies={1: 6, 2: 8, 3: 7})
    assert adopted == [2, 3] and ranks == {2: 1, 3: 2, 1: 3}


def test_a_tie_at_the_last_place_needs_a_recorded_decision():
    adopted, _ranks, tied = decide(places=2, electorate=10, tallies={1: 9, 2: 7, 3: 7})
    assert sorted(tied) == [2, 3]
    adopted, _ranks, tied = decide(places=2, electorate=10, tallies={1: 9, 2: 7, 3: 7}, order=[3, 2])
    assert adopted == [1, 3] and not tied


def test_a_slate_needs_more_candidates_than_places(role_users):
    s = slate(places=3, candidates=3)
    with pytest.raises(ProjectError, match="候选项目"):
        services.slate_open_vote(slate_id=s.pk, actor=role_users["staff"])


def test_decision_through_the_page_and_the_tie_rule(client_as, role_users):
    s = slate(places=1, candidates=2)
    services.slate_open_vote(slate_id=s.pk, actor=role_users["staff"])
    a, b = s.projects.order_by("pk")
    client = client_as("staff")
    url = reverse("projects:slate_decide", args=[s.pk])
    data = {"electorate": 10, "decided_on": "2023-01-06", "p%d_for" % a.pk: 7, "p%d_against" % a.pk: 3,
            "p%d_abstain" % a.pk: 0, "p%d_for" % b.pk: 7, "p%d_against" % b.pk: 2, "p%d_abstain" % b.pk: 1}
    response = client.post(url, data)
    assert "并列" in response.content.decode()
    assert Project.objects.filter(slate=s, status=ProjectStatus.CANDIDATE).count() == 2
    response = client.post(url, {**data, "tie_order": "%d,%d" % (b.pk, a.pk), "note": "主任会议决定按投票时间先后"})
    assert response.status_code == 302
    a.refresh_from_db(), b.refresh_from_db()
    assert (a.status, b.status) == ("not_adopted", "in_progress")
    assert client.post(url, data).status_code == 302  # decided: a second decision is refused
    b.refresh_from_db()
    assert b.status == "in_progress"


def test_more_votes_than_deputies_is_refused(role_users):
    s = slate(places=1, candidates=2)
    services.slate_open_vote(slate_id=s.pk, actor=role_users["staff"])
    a, b = s.projects.order_by("pk")
    with pytest.raises(ProjectError, match="多于代表"):
        services.slate_decide(slate_id=s.pk, electorate=10, tallies={a.pk: (8, 3, 0), b.pk: (1, 1, 1)},
                              actor=role_users["staff"])


def test_totals_are_exact_and_shown_in_yi(client, role_users):
    from projects.selectors import year_figures

    s = slate(places=2, candidates=3)
    services.slate_open_vote(slate_id=s.pk, actor=role_users["staff"])
    ids = list(s.projects.order_by("pk").values_list("pk", flat=True))
    services.slate_decide(slate_id=s.pk, electorate=10, actor=role_users["staff"],
                          tallies={ids[0]: (9, 0, 0), ids[1]: (8, 0, 0), ids[2]: (1, 0, 0)})
    assert year_figures(2023)["district_total_wan"] == Decimal("2001.00")  # 1000.50 + 1000.50, no float drift
    page = client.get(reverse("projects:index"), {"year": 2023}).content.decode()
    assert "2,001万元" in page


def test_progress_only_for_adopted_projects_and_within_total(role_users):
    s = slate(places=1, candidates=2)
    p = s.projects.first()
    with pytest.raises(ProjectError):
        services.progress_report_file(project=p, date=dt.date(2023, 3, 1), completed_wan=Decimal(1), note="",
                                      actor=role_users["staff"])


def test_public_idea_form_rate_limited_and_private_contact(client, role_users):
    url = reverse("projects:idea_new")
    for i in range(5):
        client.post(url, {"title": "建议%d" % i, "description": "村里的路需要硬化，雨天无法通行", "contact": "13911112222"},
                    REMOTE_ADDR="10.1.1.1")
    response = client.post(url, {"title": "第六条", "description": "村里的路需要硬化，雨天无法通行"}, REMOTE_ADDR="10.1.1.1")
    assert "太多" in response.content.decode()
    assert Idea.objects.count() == 5 and Idea.objects.first().source == "public"


def test_demo_year_matches_the_2023_summary(role_users):
    from deputies.demo import seed_deputies
    from projects.demo import seed_projects
    from projects.figures import figures

    seed_deputies()
    seed_projects()
    assert seed_projects() == {"created": False}
    values = {f.key: f.value for f in figures(2023)}
    assert values == {"projects.district_voted": 20, "projects.district_total": Decimal("6.35"),
                      "projects.district_completed": Decimal("5.87"), "projects.town_voted": 100,
                      "projects.town_total": Decimal("9.09"), "projects.inspections": 12, "projects.suggestions": 27}


@pytest.mark.parametrize("rows", [10, 300])
def test_public_page_queries_do_not_grow(rows, client, role_users, django_assert_max_num_queries):
    s = slate(places=rows, candidates=rows + 1)
    services.slate_open_vote(slate_id=s.pk, actor=role_users["staff"])
    ids = list(s.projects.order_by("pk").values_list("pk", flat=True))
    services.slate_decide(slate_id=s.pk, electorate=10, actor=role_users["staff"],
                          tallies={p: ((9, 0, 0) if p != ids[-1] else (1, 0, 0)) for p in ids})
    with django_assert_max_num_queries(6):
        assert client.get(reverse("projects:index"), {"year": 2023}).status_code == 200
