"""Pages: the workflow through the browser-facing views, downloads, statistics and query counts."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from proposals.models import Assignment, Category, Proposal, Status
from proposals.tests.factories import assigned_proposal, deputy_mandate, draft, pdf, replied_proposal

pytestmark = pytest.mark.django_db


def test_pages_submit_assign_reply_evaluate(client_as, role_users):
    deputy_mandate(role_users)
    deputy = client_as("deputy")
    r = deputy.post(
        reverse("proposals:new"),
        {
            "kind": "suggestion",
            "title": "关于增设公交线路的建议",
            "category": "交通",
            "content": "建议增设公交线路",
            "files": [pdf("附件.pdf")],
        },
    )
    assert r.status_code == 302
    p = Proposal.objects.get(title="关于增设公交线路的建议")
    assert p.attachments.count() == 1
    deputy.post(reverse("proposals:submit", args=[p.pk]))
    staff = client_as("staff")
    staff.post(reverse("proposals:register", args=[p.pk]))
    staff.post(reverse("proposals:assign", args=[p.pk]), {"lead": role_users["unit"].organization_id})
    lead = p.assignments.get(role="lead")
    unit = client_as("unit")
    assert "关于增设公交线路的建议" in unit.get(reverse("proposals:unit")).content.decode()
    unit.post(reverse("proposals:reply", args=[lead.pk]), {"cls": "A", "text": "已增设", "letter": pdf()})
    deputy.post(reverse("proposals:evaluate", args=[p.pk]), {"result": "satisfied", "comment": ""})
    p.refresh_from_db()
    assert p.status == Status.CLOSED and p.number == 1
    page = deputy.get(p.get_absolute_url()).content.decode()
    assert page.count("<li>") >= 5  # the status history is on the page


def test_files_only_through_the_permission_checked_view(client, client_as, role_users):
    p = assigned_proposal(role_users)
    from proposals import services

    q = draft(role_users, title="带附件")
    att = services.attachment_add(proposal_id=q.pk, upload=pdf("秘密.pdf"), actor=role_users["deputy"])
    url = reverse("proposals:attachment", args=[att.pk])
    assert client_as("deputy").get(url).status_code == 200
    assert client_as("staff").get(url).status_code == 404  # a draft is its author's alone
    assert client_as("unit").get(url).status_code == 404
    assert client.get(url).status_code == 302
    assert p.pk


def test_unit_sees_only_its_units_assignments(client_as, role_users):
    p = assigned_proposal(role_users)
    from congress.models import Organization
    from proposals import services

    q = draft(role_users, title="别的单位的")
    services.proposal_submit(proposal_id=q.pk, actor=role_users["deputy"])
    services.proposal_register(proposal_id=q.pk, actor=role_users["staff"])
    other = Organization.objects.filter(is_handling_unit=True).exclude(pk=role_users["unit"].organization_id).first()
    services.proposal_assign(proposal_id=q.pk, lead=other, actor=role_users["staff"])
    unit = client_as("unit")
    assert unit.get(p.get_absolute_url()).status_code == 200
    assert unit.get(q.get_absolute_url()).status_code == 404
    assert unit.get(reverse("proposals:proposal", args=[999999])).status_code == 404
    assert client_as("member").get(p.get_absolute_url()).status_code == 404


def test_statistics_page_and_xlsx(client_as, role_users):
    from openpyxl import load_workbook

    replied_proposal(role_users, cls="B")
    staff = client_as("staff")
    page = staff.get(reverse("proposals:statistics")).content.decode()
    assert "100.0%" in page
    r = staff.get(reverse("proposals:statistics_xlsx"))
    book = load_workbook(io.BytesIO(r.content))
    rows = list(book.active.values)
    assert rows[1][1] == 1 and rows[1][3] == 100.0


def test_staff_filters_and_bulk_assign(client_as, role_users):
    from proposals import services

    ids = []
    for i in range(3):
        p = draft(role_users, title="批量%d" % i)
        services.proposal_submit(proposal_id=p.pk, actor=role_users["deputy"])
        services.proposal_register(proposal_id=p.pk, actor=role_users["staff"])
        ids.append(p.pk)
    staff = client_as("staff")
    staff.post(reverse("proposals:bulk_assign"), {"ids": ids, "lead": role_users["unit"].organization_id})
    assert Assignment.objects.filter(proposal_id__in=ids, role="lead").count() == 3
    Assignment.objects.filter(proposal_id=ids[0]).update(assigned_on=dt.date(2023, 1, 1), deadline=dt.date(2023, 2, 1))
    page = staff.get(reverse("proposals:manage"), {"overdue": "true"}).content.decode()
    assert "批量0" in page and "批量1" not in page


def _bulk(role_users, n):
    """n assigned proposals written in bulk (the rules are tested elsewhere; this is only volume)."""
    from congress.models import Session

    mandate = deputy_mandate(role_users)
    session = Session.objects.get(term=mandate.term, number=2)
    today = timezone.localdate()
    category = Category.objects.get(name="城乡建设")
    ps = Proposal.objects.bulk_create(
        [
            Proposal(
                session=session,
                lead=mandate,
                number=10000 + i,
                title="批量建议%d" % i,
                category=category,
                content="内容",
                status=Status.ASSIGNED,
                submitted_on=today,
            )
            for i in range(n)
        ]
    )
    Assignment.objects.bulk_create(
        [
            Assignment(
                proposal=p,
                unit=role_users["unit"].organization,
                role="lead",
                assigned_on=today,
                deadline=today + dt.timedelta(days=i % 90),
            )
            for i, p in enumerate(ps)
        ]
    )


@pytest.mark.parametrize("rows", [10, 1000])
def test_list_pages_keep_a_fixed_number_of_queries(rows, client_as, role_users, django_assert_num_queries):
    _bulk(role_users, rows)
    for role, name, queries in (
        ("staff", "proposals:manage", 7),
        ("unit", "proposals:unit", 6),
        ("deputy", "proposals:index", 6),
        ("staff", "proposals:statistics", 4),
        (None, "proposals:published", 1),
    ):
        client = client_as(role) if role else client_as("anon")
        client.get(reverse(name))  # warm the session and role caches
        with django_assert_num_queries(queries, info=name):
            assert client.get(reverse(name)).status_code == 200
