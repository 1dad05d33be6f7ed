import pytest
from django.urls import reverse

from congress.models import Notification, Organization, Role
from congress.services import notify
from congress.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name, first, again",  # the session's first request also reads it and records the visit
    [("organization", 10, 4), ("congress", 9, 3), ("term", 10, 4), ("session", 10, 4)],
)
def test_list_pages_issue_bounded_queries(name, first, again, client_as, role_users, django_assert_num_queries):
    """Query count does not grow with rows: 25 rows on a page cost what 3 do."""
    from congress.tests import factories

    client = client_as("staff")
    url = reverse("congress:%s_list" % name)
    with django_assert_num_queries(first):
        assert client.get(url).status_code == 200
    factory = getattr(factories, "%sFactory" % name.capitalize())
    factory.create_batch(30)
    with django_assert_num_queries(again):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["rows"]) == 25


def test_organization_filter_and_pagination_keep_each_other(client_as, role_users):
    for i in range(30):
        OrganizationFactory(name="测试过滤单位%02d" % i)
    client = client_as("staff")
    page2 = client.get(reverse("congress:organization_list"), {"q": "测试过滤", "page": 2})
    names = [obj.name for obj, _cells in page2.context["rows"]]
    assert len(names) == 5 and all(n.startswith("测试过滤单位") for n in names)
    assert "q=%E6%B5%8B%E8%AF%95%E8%BF%87%E6%BB%A4" in page2.content.decode()  # links keep the filter


def test_leader_reads_records_but_cannot_edit(client_as, role_users):
    org = Organization.objects.first()
    client = client_as("leader")
    page = client.get(reverse("congress:organization_detail", args=[org.pk])).content.decode()
    assert reverse("congress:organization_update", args=[org.pk]) not in page
    assert client.get(reverse("congress:organization_update", args=[org.pk])).status_code == 403


def test_home_shows_each_role_its_panel_and_unread_notifications(client_as, role_users):
    notify(recipients=[role_users["unit"]], template="congress/email/welcome", email=False)
    for role in ("deputy", "unit", "member", "staff", "leader", "admin"):
        page = client_as(role).get(reverse("congress:home")).content.decode()
        assert 'data-testid="panel-%s"' % role in page
    page = client_as("unit").get(reverse("congress:home")).content.decode()
    assert "欢迎使用" in page and 'data-testid="unread-count">1<' in page


def test_home_costs_the_same_queries_whatever_the_notifications(client_as, role_users, django_assert_num_queries):
    notify(recipients=[role_users["staff"]] * 40, template="congress/email/welcome", email=False)
    client = client_as("staff")
    # the workbench's sections (tests/test_workbench.py: the staff's page, whatever the rows)
    with django_assert_num_queries(25):
        assert client.get(reverse("congress:home")).status_code == 200


def test_mark_read_touches_only_own_notifications(client_as, role_users):
    (mine,) = notify(recipients=[role_users["deputy"]], template="congress/email/welcome", email=False)
    (theirs,) = notify(recipients=[role_users["unit"]], template="congress/email/welcome", email=False)
    client = client_as("deputy")
    client.post(reverse("congress:notifications_read"), {"id": theirs.pk})
    client.post(reverse("congress:notifications_read"), {"id": mine.pk})
    assert Notification.objects.get(pk=mine.pk).read_at is not None
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    response = client.post(reverse("congress:notifications_read"), {"id": "abc"}, follow=True)
    assert "该通知不存在" in response.content.decode()


def test_notifications_render_in_the_recipients_language(role_users):
    en_user = role_users["member"]
    en_user.language = "en"
    en_user.save()
    zh, en = notify(recipients=[role_users["deputy"], en_user], template="congress/email/welcome", email=False)
    assert "欢迎使用" in zh.title
    assert "Welcome" in en.title


def test_language_switch_serves_english(client):
    home = client.get(reverse("reports:home")).content.decode()
    assert "履职服务平台" in home
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "People's Congress Portal" in client.get(reverse("reports:home")).content.decode()


def test_role_sets_are_per_user(role_users):
    assert role_users["leader"].role_names == {Role.LEADER, Role.MEMBER}
    assert role_users["admin"].is_superuser and role_users["staff"].is_staff and not role_users["deputy"].is_staff
