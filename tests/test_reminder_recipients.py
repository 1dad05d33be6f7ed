"""Every reminder source tells by one rule (congress.reminders.recipients): before the deadline the
record's contacts only, once it has passed (overdue and seriously overdue) staff as well."""

import importlib

import pytest

from congress.reminders import SOURCES, recipients

pytestmark = pytest.mark.django_db

APPS = ("proposals", "oversight", "projects", "appointments")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def open_records(role_users, media):
    """One open record of every registered source, built by each app's permission-matrix objects."""
    for app in APPS:
        importlib.import_module("%s.tests.matrix" % app).OBJECTS(role_users)
    return {source.template: source.open_records().order_by("pk").first() for source in SOURCES}


def test_every_source_copies_staff_once_the_deadline_has_passed(open_records, role_users):
    staff, unit = role_users["staff"], role_users["unit"]
    assert {t.split("/")[0] for t in open_records} == set(APPS)
    for source in SOURCES:
        record = open_records[source.template]
        assert record is not None, source.template
        told = {kind: {u.pk for u in source.recipients(record, kind)} for kind in ("before_7", "overdue", "serious")}
        assert staff.pk not in told["before_7"] and unit.pk in told["before_7"], source.template
        assert {staff.pk, unit.pk} <= told["overdue"] <= told["serious"], source.template
        assert len(source.recipients(record, "serious")) == len(told["serious"])  # each person once


def test_recipients_adds_the_serious_extras_only_to_a_serious_notice_and_never_an_inactive_user(role_users):
    from congress.models import User

    leader, staff, unit = role_users["leader"], role_users["staff"], role_users["unit"]
    holders = User.objects.filter(pk=unit.pk)
    assert recipients("before_1", holders, serious=[leader]) == [unit]
    assert {u.pk for u in recipients("overdue", holders, serious=[leader])} == {unit.pk, staff.pk}
    assert leader in recipients("serious", holders, serious=[leader, None])
    User.objects.filter(pk=unit.pk).update(is_active=False)
    leader.is_active = False
    assert {u.pk for u in recipients("serious", holders, serious=[leader])} == {staff.pk}
