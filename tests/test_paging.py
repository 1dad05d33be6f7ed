"""Keyset pages with a bounded count (congress.paging) and the four staff lists built on them: the
walk forward and back visits every row once in order, a bad cursor gives the first page, and each
page costs an exact number of queries whatever the cursor and filter."""

import datetime as dt
import re
from html import unescape

import pytest
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from congress import paging
from congress.models import AuditEntry
from deputies.models import Deputy
from proposals.models import Assignment, Proposal, Status
from proposals.tests.factories import deputy_mandate

pytestmark = pytest.mark.django_db


def _walk(qs, keys, per_page):
    """Every row reached by following next links from the first page, then back by previous links."""
    forward, pages, params = [], [], QueryDict("")
    while True:
        page = paging.keyset_page(qs, params, keys=keys, per_page=per_page, cap=4)
        forward += [o.pk for o in page]
        pages.append(page)
        if not page.has_next:
            break
        params = QueryDict("after=" + page.next_cursor)
    backward, page = [], pages[-1]
    while page.has_previous:
        page = paging.keyset_page(qs, QueryDict("before=" + page.previous_cursor), keys=keys, per_page=per_page)
        backward = [o.pk for o in page] + backward
    return forward, backward, pages


def test_keyset_walk_visits_every_row_once_in_order_and_counts_up_to_the_cap(role_users, django_assert_num_queries):
    from congress.models import Term

    term = Term.objects.get(number=19, congress__level="district")
    Deputy.objects.bulk_create(
        [Deputy(full_name="翻页单位%d" % (i % 4), gender="M", congress=term.congress, term=term) for i in range(11)]
    )
    qs = Deputy.objects.filter(full_name__startswith="翻页单位")
    expected = list(qs.order_by("full_name", "pk").values_list("pk", flat=True))  # ties on name: the id decides
    forward, backward, pages = _walk(qs, ("full_name", "pk"), 3)
    assert forward == expected and backward == expected[: len(backward)] and len(backward) == 9
    assert [len(p) for p in pages] == [3, 3, 3, 2] and not pages[0].has_previous and pages[1].has_previous
    assert pages[0].count == 5 and pages[0].capped  # 11 rows, counted only up to cap + 1
    desc, _back, _pages = _walk(qs, ("-full_name", "-pk"), 4)
    assert desc == expected[::-1]
    with django_assert_num_queries(2):  # the rows and the bounded count, from any cursor
        page = paging.keyset_page(qs, QueryDict("after=" + pages[1].next_cursor), keys=("full_name", "pk"), per_page=3)
        assert [o.pk for o in page] == expected[6:9]
    for bad in ("xyz", paging.encode(["a"]), paging.encode(["a", "b"]), paging.encode([None, 1]), "e30", "%00"):
        page = paging.keyset_page(qs, QueryDict("after=" + bad), keys=("full_name", "pk"), per_page=3)
        assert [o.pk for o in page] == expected[:3] and not page.has_previous, bad
    with pytest.raises(ValueError):
        paging.keyset_page(qs, QueryDict(""), keys=("full_name", "-pk"))


def _next_link(body):
    match = re.search(r'rel="next" href="\?([^"]+)"', body)
    return QueryDict(unescape(match.group(1))) if match else None


def _category():
    """The proposals' category: a Category row where the category is a list staff keep, else text."""
    field = Proposal._meta.get_field("category")
    return field.related_model.objects.get_or_create(name="城乡建设")[0] if field.is_relation else "城乡建设"


def _bulk_proposals(role_users, n):
    from congress.models import Session

    mandate = deputy_mandate(role_users)
    session = Session.objects.get(term=mandate.term, number=2)
    today, category = timezone.localdate(), _category()
    ps = Proposal.objects.bulk_create(
        [
            Proposal(
                session=session,
                lead=mandate,
                number=20000 + i,
                title="翻页建议%03d" % i,
                category=category,
                content="内容",
                status=Status.ASSIGNED if i % 2 else Status.REGISTERED,
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
                assigned_on=today - dt.timedelta(days=200),
                deadline=today + dt.timedelta(days=i % 7 - 3),
            )
            for i, p in enumerate(ps)
        ]
    )
    return ps


def test_staff_and_unit_lists_page_by_cursor_with_exact_query_counts(client_as, role_users, django_assert_num_queries):
    ps = _bulk_proposals(role_users, 60)
    staff, unit = client_as("staff"), client_as("unit")
    staff.get(reverse("proposals:manage"))  # warm the session and role caches
    unit.get(reverse("proposals:unit"))
    seen = []
    params = {"year": str(timezone.localdate().year)}
    # the year asked for: the rows and the bounded count, whatever the cursor (the unit filter is a picker:
    # no list of every unit)
    for _ in range(3):
        with django_assert_num_queries(6):
            body = staff.get(reverse("proposals:manage"), params).content.decode()
        seen += re.findall(r">(翻页建议\d{3})</a>", body)
        params = _next_link(body)
        if params is None:
            break
    assert seen == ["翻页建议%03d" % i for i in range(59, -1, -1)]  # newest first, each once
    assert "60 件建议" in body and "上一页" in body
    with django_assert_num_queries(6):  # a filter on status: the same queries
        body = staff.get(reverse("proposals:manage"), {"year": "", "status": "registered"}).content.decode()
    assert "30 件建议" in body and "翻页建议058" in body and "翻页建议059" not in body

    order = sorted(ps, key=lambda p: (p.assignments.get().deadline, p.assignments.get().pk))
    with django_assert_num_queries(6):  # page 1 of 50 by deadline: the rows and the bounded count
        body = unit.get(reverse("proposals:unit")).content.decode()
    titles = re.findall(r"翻页建议\d{3}", body)
    assert titles == [p.title for p in order[:50]] and "list-group-item-danger" in body  # overdue in red
    with django_assert_num_queries(6):  # the next page: the same cost
        body = unit.get(reverse("proposals:unit"), _next_link(body)).content.decode()
    assert re.findall(r"翻页建议\d{3}", body) == [p.title for p in order[50:]]


def test_audit_trail_and_roster_page_by_cursor_with_exact_query_counts(
    client_as, role_users, django_assert_num_queries
):
    from congress.models import Term

    term = Term.objects.get(number=19, congress__level="district")
    Deputy.objects.bulk_create(
        [Deputy(full_name="翻页代表%02d" % i, gender="M", congress=term.congress, term=term) for i in range(30)]
    )
    staff = client_as("staff")
    staff.get(reverse("deputies:deputy_list"))
    with django_assert_num_queries(6):  # the rows, the bounded count, the filter form's choices
        body = staff.get(reverse("deputies:deputy_list"), {"q": "翻页代表"}).content.decode()
    assert re.findall(r"翻页代表\d\d", body) == ["翻页代表%02d" % i for i in range(25)] and "共30条记录" in body
    with django_assert_num_queries(6):
        body = staff.get(reverse("deputies:deputy_list"), _next_link(body)).content.decode()
    assert re.findall(r"翻页代表\d\d", body) == ["翻页代表%02d" % i for i in range(25, 30)]

    total = AuditEntry.objects.count()
    assert total > 50
    newest = list(AuditEntry.objects.order_by("-created_at", "-pk").values_list("pk", flat=True))
    # the rows (no count on this page), plus one query per model the page's foreign-key changes name
    with django_assert_num_queries(4):
        response = staff.get(reverse("congress:audit_list"))
    assert [e.pk for e in response.context["page"]] == newest[:50]
    with django_assert_num_queries(5):
        response = staff.get(reverse("congress:audit_list"), _next_link(response.content.decode()))
    assert [e.pk for e in response.context["page"]] == newest[50:100]
    with django_assert_num_queries(4):
        response = staff.get(reverse("congress:audit_list"), {"action": "+"})
    assert all(e.action == "+" for e in response.context["page"])
