"""The navigation marks the one section the page belongs to, never several."""

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path_name, section",
    [
        ("reports:home", "reports:home"),
        ("deputies:index", "deputies:index"),
        ("deputies:stations", "deputies:index"),
        ("proposals:index", "proposals:index"),
        ("projects:index", "projects:index"),
        ("oversight:index", "oversight:index"),
        ("congress:organization_list", "congress:organization_list"),
        ("session_list", "session_list"),
        ("congress:audit_list", "congress:audit_list"),
    ],
)
def test_only_the_current_section_is_marked(client_as, path_name, section):
    response = client_as("staff").get(reverse(path_name))
    assert response.status_code == 200
    active = [item["url"] for item in response.context["nav_items"] if item["active"]]
    assert active == [reverse(section)]
    assert response.content.decode().count('aria-current="page"') == 1


def test_a_page_outside_every_section_marks_none(client_as):
    response = client_as("staff").get(reverse("congress:notifications"))
    assert response.status_code == 200
    assert not [item for item in response.context["nav_items"] if item["active"]]


def test_the_office_reaches_the_managed_category_list_from_the_navigation(client_as):
    page = client_as("staff").get(reverse("proposals:category_list"))
    assert page.status_code == 200
    with translation.override("zh-hans"):
        labels = [str(i["label"]) for i in page.context["nav_items"] if i["url"] == reverse("proposals:category_list")]
    assert labels == ["建议类别"]
    deputy = client_as("deputy").get(reverse("congress:notifications"))
    assert reverse("proposals:category_list") not in [i["url"] for i in deputy.context["nav_items"]]
