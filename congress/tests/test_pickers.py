"""Autocomplete pickers: the JSON endpoints answer at most 20 permitted matches in fixed queries, and
the forms render only the chosen options yet validate against the whole queryset."""

import pytest
from django.urls import reverse

from congress.tests.factories import UserFactory
from proposals.models import Proposal
from proposals.tests.factories import deputy_mandate, other_deputy

pytestmark = pytest.mark.django_db


def test_deputies_picker_answers_twenty_matches_of_the_term_in_fixed_queries(
    client_as, role_users, django_assert_num_queries
):
    mandate = deputy_mandate(role_users)
    for i in range(25):
        other_deputy(name="王%02d" % i)
    other_deputy(name="李四")
    deputy = client_as("deputy")
    url = reverse("pick", args=["deputies"])
    deputy.get(url)  # session and second-factor caches warm
    # the session and the user come from the cache (congress.principals): the mandate in force, the candidates
    with django_assert_num_queries(2):
        r = deputy.get(url, {"q": "王"})
    results = r.json()["results"]
    assert len(results) == 20 and all(x["text"].startswith("王") for x in results)
    assert str(mandate.pk) not in {x["value"] for x in deputy.get(url, {"q": ""}).json()["results"]}
    assert [x["text"][:2] for x in deputy.get(url, {"q": "李"}).json()["results"]] == ["李四"]
    assert deputy.get(url, {"q": "不存在" * 40}).json()["results"] == []
    assert client_as("unit").get(url).status_code == 404  # may not submit: not found, like an unknown kind
    assert deputy.get(reverse("pick", args=["nothing"])).status_code == 404


def test_units_picker_for_staff_only(client_as, role_users):
    url = reverse("pick", args=["units"])
    names = [
        x["text"] for x in client_as("staff").get(url, {"q": role_users["unit"].organization.name}).json()["results"]
    ]
    assert role_users["unit"].organization.name in names
    assert client_as("deputy").get(url).status_code == 404


def test_proposal_form_renders_chosen_cosigners_only_and_validates_any_candidate(client_as, role_users):
    deputy_mandate(role_users)
    others = [other_deputy(name="赵%02d" % i, user=UserFactory()) for i in range(5)]  # co-signers confirm
    deputy = client_as("deputy")
    page = deputy.get(reverse("proposals:new")).content.decode()
    assert 'data-picker="/pick/deputies/"' in page and "赵00" not in page  # nothing listed before choosing
    assert "vendor/tom-select/js/tom-select.complete.min." in page and "/static/js/pickers." in page
    data = {"kind": "suggestion", "title": "选择联名", "category": "交通", "content": "内容"}
    r = deputy.post(reverse("proposals:new"), {**data, "cosigners": [others[3].pk]})
    assert r.status_code == 302
    p = Proposal.objects.get(title="选择联名")
    assert [c.deputy_id for c in p.cosignatures.all()] == [others[3].pk]
    edit = deputy.get(reverse("proposals:edit", args=[p.pk])).content.decode()
    assert "赵03" in edit and "赵01" not in edit  # the chosen one is rendered, selected
    r = deputy.post(reverse("proposals:new"), {**data, "title": "外人", "cosigners": [999999]})
    assert r.status_code == 200 and not Proposal.objects.filter(title="外人").exists()


def test_people_picker_for_the_attendee_form(client_as, role_users):
    from meetings.tests.factories import meeting_with_item

    meeting, _item = meeting_with_item()
    staff = client_as("staff")
    page = staff.get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()
    assert 'data-picker="/pick/people/"' in page and role_users["deputy"].full_name not in page
    url = reverse("pick", args=["people"])
    found = staff.get(url, {"q": role_users["deputy"].full_name}).json()["results"]
    assert [x["value"] for x in found] == [str(role_users["deputy"].pk)]
    assert client_as("unit").get(url).status_code == 404
    r = staff.post(reverse("meetings:attendee_add", args=[meeting.pk]), {"user": role_users["deputy"].pk})
    assert r.status_code == 302 and meeting.attendance.filter(user=role_users["deputy"]).exists()


def test_the_reassignment_decision_picks_the_new_unit_by_typing_in_fixed_queries(
    client_as, role_users, django_assert_num_queries
):
    import datetime as dt

    from congress.models import Organization
    from proposals import services
    from proposals.tests.factories import assigned_proposal

    def requested(first, n):
        for i in range(first, first + n):
            unit = Organization.objects.create(
                congress=role_users["unit"].organization.congress,
                name="待选单位%02d" % i,
                kind="department",
                is_handling_unit=True,
            )
            p = assigned_proposal(role_users, title="改派%d" % i, on=dt.date(2023, 3, 1))
            services.reassignment_request(
                assignment_id=p.assignments.get(role="lead").pk,
                reason="职责不符",
                suggested_unit=unit,
                actor=role_users["unit"],
                today=dt.date(2023, 3, 2),
            )

    requested(0, 1)
    staff = client_as("staff")
    staff.get(reverse("proposals:requests"))  # session and second-factor caches warm
    # the extensions, the reassignments with their units, the unread count: no list of units
    with django_assert_num_queries(3) as one:
        page = staff.get(reverse("proposals:requests")).content.decode()
    requested(1, 4)
    with django_assert_num_queries(len(one.captured_queries)):
        page = staff.get(reverse("proposals:requests")).content.decode()
    assert page.count('data-picker="/pick/units/"') == 5 and "vendor/tom-select/js/tom-select.complete.min." in page
    # each request offers its suggested unit, selected, and no other: the rest is found by typing
    assert page.count("<option value=") == 10 and page.count(" selected>待选单位") == 5
    assert role_users["unit"].organization.name not in page.split("<form")[-1]


def test_apps_declare_their_pickers_and_the_review_form_picks_appointees_by_typing(client_as, role_users):
    """appointments declares "appointees" (every adopted appointment of every year), the core "people" and
    "organizations": the review form renders only what is chosen, the endpoint finds the rest, and a
    choice outside the candidates is refused."""
    from appointments.models import Nomination, NominationStatus
    from appointments.tests import factories as af
    from congress.pickers import kinds

    assert {"deputies", "units", "appointees", "people", "organizations"} <= set(kinds())
    first = af.decided("钱一", "区水利局局长")
    second = af.decided("孙二", "区交通局局长")
    Nomination.objects.filter(pk=second.pk).update(status=NominationStatus.ADOPTED)
    staff = client_as("staff")
    page = staff.get(reverse("appointments:review_create")).content.decode()
    assert 'data-picker="/pick/appointees/"' in page and 'data-picker="/pick/organizations/"' in page
    assert "钱一" not in page and "孙二" not in page  # nothing listed before typing
    found = staff.get(reverse("pick", args=["appointees"]), {"q": "钱"}).json()["results"]
    assert [x["text"] for x in found] == ["钱一 区水利局局长"] and found[0]["value"] == str(first.pk)
    assert client_as("deputy").get(reverse("pick", args=["appointees"])).status_code == 404
    assert client_as("deputy").get(reverse("pick", args=["organizations"])).status_code == 404
    refused = staff.post(reverse("appointments:review_create"), {"nomination": 999999})
    assert refused.status_code == 200 and "钱一" not in refused.content.decode()


def test_the_proposal_list_filters_by_a_unit_picked_by_typing(client_as, role_users):
    """The list's unit filter renders only the chosen unit and filters by it; leaders (who read every
    proposal but manage none) may search the units too."""
    from proposals.tests.factories import assigned_proposal

    p = assigned_proposal(role_users, title="按单位筛选")
    unit = role_users["unit"].organization
    staff = client_as("staff")
    page = staff.get(reverse("proposals:manage"), {"year": "", "unit": unit.pk}).content.decode()
    assert "按单位筛选" in page and 'data-picker="/pick/units/"' in page
    assert page.count('<option value="%d" selected>' % unit.pk) == 1 and "区财政局</option>" not in page
    assert p.title not in staff.get(reverse("proposals:manage"), {"year": "", "unit": 999999}).content.decode()
    found = client_as("leader").get(reverse("pick", args=["units"]), {"q": unit.name}).json()["results"]
    assert [x["value"] for x in found] == [str(unit.pk)]
