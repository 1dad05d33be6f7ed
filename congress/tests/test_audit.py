"""Every write to an audited model records actor, time and changed fields."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from congress.audit import as_actor
from congress.models import AuditAction, AuditEntry, Organization, OrganizationKind, Term
from congress.tests.factories import CongressFactory, OrganizationFactory, TermFactory

pytestmark = pytest.mark.django_db


def test_staff_edit_through_the_portal_is_audited_with_actor_and_changes(client_as, role_users):
    org = Organization.objects.get(name="区财政局")
    client = client_as("staff")
    response = client.post(
        reverse("congress:organization_update", args=[org.pk]),
        {
            "name": "区财政局",
            "short_name": "财政",
            "kind": OrganizationKind.DEPARTMENT,
            "congress": org.congress_id,
            "parent": org.parent_id or "",
            "is_handling_unit": "on",
            "is_active": "",
        },
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.filter(object_id=str(org.pk), action=AuditAction.UPDATE).latest("created_at")
    assert entry.actor == role_users["staff"]
    changed = {c["field"]: (c["old"], c["new"]) for c in entry.changes}
    assert changed == {"short_name": ("", "财政"), "is_active": (True, False)}
    # and staff can read it on the record's page and in the audit list
    assert "财政" in client.get(reverse("congress:organization_detail", args=[org.pk])).content.decode()
    assert "区财政局" in client.get(reverse("congress:audit_list")).content.decode()


def test_create_through_the_admin_is_audited(client_as, role_users):
    congress = CongressFactory()
    response = client_as("admin").post(
        reverse("admin:congress_term_add"), {"congress": congress.pk, "number": 7, "start_date": "2021-09-27"}
    )
    assert response.status_code == 302
    term = Term.objects.get(congress=congress, number=7)
    entry = AuditEntry.objects.get(object_id=str(term.pk), content_type__model="term")
    assert entry.action == AuditAction.CREATE and entry.actor == role_users["admin"]
    assert {"field": "number", "new": 7} in entry.changes


def test_save_without_changes_adds_no_entry():
    org = OrganizationFactory()
    count = AuditEntry.objects.count()
    org.save()
    assert AuditEntry.objects.count() == count


def test_service_writes_carry_their_actor(role_users):
    org = OrganizationFactory()
    org.name = "改名后的局"
    as_actor(org, role_users["staff"]).save()
    assert AuditEntry.objects.filter(object_id=str(org.pk)).latest("created_at").actor == role_users["staff"]


def test_private_fields_are_masked_in_the_trail(role_users):
    user = role_users["deputy"]
    user.phone = "13912345678"
    user.save()
    entry = AuditEntry.objects.filter(content_type__model="user", object_id=str(user.pk)).latest("created_at")
    assert entry.changes == [{"field": "phone", "old": "***", "new": "***"}]
    assert "13912345678" not in str(AuditEntry.objects.values_list("changes", flat=True))


def test_database_refuses_a_term_ending_before_it_starts():
    term = TermFactory.build(congress=CongressFactory(), start_date=dt.date(2023, 1, 1), end_date=dt.date(2022, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        term.save()


def test_form_explains_a_term_ending_before_it_starts(client_as, role_users):
    congress = CongressFactory()
    response = client_as("staff").post(
        reverse("congress:term_create"),
        {"congress": congress.pk, "number": 3, "start_date": "2023-01-01", "end_date": "2022-01-01"},
    )
    assert response.status_code == 200
    assert "结束日期必须晚于开始日期" in response.content.decode()
    assert not Term.objects.filter(congress=congress).exists()


def test_records_others_depend_on_cannot_be_deleted():
    from django.db.models import ProtectedError

    term = TermFactory()
    with pytest.raises(ProtectedError):
        term.congress.delete()
