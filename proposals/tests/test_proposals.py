import datetime as dt
import threading

import pytest
from django.db import connections
from django.urls import reverse

from congress.models import Notification, OutboundEmail, ReminderLog
from congress.reminders import sweep
from proposals import services
from proposals.models import Assignment, Proposal, Status
from proposals.services import ProposalError
from proposals.tests.factories import assigned_proposal, draft

pytestmark = pytest.mark.django_db


def test_deadline_is_three_months_with_month_end_clamped(role_users):
    p = assigned_proposal(role_users, on=dt.date(2023, 11, 30))
    assert {a.deadline for a in p.assignments.all()} == {dt.date(2024, 2, 29)}


def test_illegal_transitions_are_refused(role_users):
    p = draft(role_users)
    with pytest.raises(ProposalError):
        services.proposal_register(proposal_id=p.pk, actor=role_users["staff"])
    services.proposal_submit(proposal_id=p.pk, actor=role_users["deputy"])
    with pytest.raises(ProposalError):  # submit twice
        services.proposal_submit(proposal_id=p.pk, actor=role_users["deputy"])
    assert Proposal.objects.get(pk=p.pk).number == 1


def test_reply_evaluate_and_rehandle_when_unsatisfied(role_users):
    p = assigned_proposal(role_users)
    lead = p.assignments.get(role="lead")
    services.reply_submit(assignment_id=lead.pk, cls="B", text="正在研究解决", actor=role_users["unit"])
    with pytest.raises(ProposalError):
        services.reply_submit(assignment_id=lead.pk, cls="A", text="再答一次", actor=role_users["unit"])
    services.proposal_evaluate(proposal_id=p.pk, result="unsatisfied", comment="未解决", actor=role_users["deputy"])
    p.refresh_from_db()
    assert p.status == Status.ASSIGNED and p.assignments.filter(round=2, role="lead").exists()
    second = p.assignments.get(round=2)
    services.reply_submit(assignment_id=second.pk, cls="A", text="已解决", actor=role_users["unit"])
    services.proposal_evaluate(proposal_id=p.pk, result="satisfied", comment="", actor=role_users["deputy"])
    p.refresh_from_db()
    assert p.status == Status.CLOSED
    assert [c.new for c in p.changes.all()] == ["submitted", "registered", "assigned", "replied", "assigned",
                                                "replied", "closed"]


def test_visibility_drafts_units_and_deputies(client_as, role_users):
    private = draft(role_users, title="尚未提交的草稿")
    assigned = assigned_proposal(role_users)
    assert client_as("unit").get(reverse("proposals:proposal", args=[private.pk])).status_code == 404
    assert client_as("staff").get(reverse("proposals:proposal", args=[assigned.pk])).status_code == 200
    assert client_as("unit").get(reverse("proposals:proposal", args=[assigned.pk])).status_code == 200
    assert client_as("member").get(reverse("proposals:proposal", args=[assigned.pk])).status_code == 404
    page = client_as("unit").get(reverse("proposals:index")).content.decode()
    assert assigned.title in page


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_are_numbered_without_gaps_or_duplicates():
    from congress import demo

    demo.seed_core()
    users = {u.username: u for u in demo.seed_accounts()}
    drafts = [draft(users, title="并发建议%d" % i) for i in range(12)]
    barrier = threading.Barrier(len(drafts))

    def submit(p):
        barrier.wait()
        try:
            services.proposal_submit(proposal_id=p.pk, actor=users["deputy"])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(p,)) for p in drafts]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert sorted(Proposal.objects.values_list("number", flat=True)) == list(range(1, 13))


def test_reminders_are_sent_once_per_kind_and_deadline(role_users, settings):
    p = assigned_proposal(role_users, on=dt.date(2023, 1, 15))  # deadline 2023-04-15
    lead = p.assignments.get(role="lead")
    assert sweep(today=dt.date(2023, 3, 31)) == 2   # 15 days before: the lead and the assisting unit
    assert sweep(today=dt.date(2023, 3, 31)) == 0   # run twice: nothing twice
    assert Notification.objects.filter(recipient=role_users["unit"]).count() == 1
    assert OutboundEmail.objects.filter(to=role_users["unit"].email).count() == 1
    assert sweep(today=dt.date(2023, 4, 16)) == 2   # overdue, the day after
    assert sweep(today=dt.date(2023, 5, 15)) == 2   # seriously overdue: staff and leaders told too
    assert Notification.objects.filter(recipient=role_users["staff"]).count() == 2
    # an extension moves the deadline: the new deadline gets reminders of its own
    Assignment.objects.filter(pk=lead.pk).update(deadline=dt.date(2023, 6, 30))
    assert sweep(today=dt.date(2023, 6, 15)) == 1
    assert ReminderLog.objects.filter(object_id=lead.pk).count() == 4


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_send_each_reminder_once():
    from congress import demo

    demo.seed_core()
    users = {u.username: u for u in demo.seed_accounts()}
    for i in range(5):
        assigned_proposal(users, on=dt.date(2023, 1, 15))
    results, barrier = [], threading.Barrier(2)

    def run():
        barrier.wait()
        try:
            results.append(sweep(today=dt.date(2023, 3, 31)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert sum(results) == 10 and ReminderLog.objects.count() == 10
    assert Notification.objects.filter(recipient=users["unit"]).count() == 5


def test_pages_submit_reply_evaluate(client_as, role_users):
    from proposals.tests.factories import deputy_mandate

    deputy_mandate(role_users)
    deputy = client_as("deputy")
    deputy.post(reverse("proposals:new"), {"kind": "suggestion", "title": "关于增设公交线路的建议",
                                                      "category": "交通", "content": "建议增设公交线路"})
    p = Proposal.objects.get(title="关于增设公交线路的建议")
    deputy.post(reverse("proposals:submit", args=[p.pk]))
    staff = client_as("staff")
    staff.post(reverse("proposals:register", args=[p.pk]))
    staff.post(reverse("proposals:assign", args=[p.pk]), {"lead": role_users["unit"].organization_id})
    client_as("unit").post(reverse("proposals:reply", args=[p.pk]), {"cls": "A", "text": "已增设"})
    deputy.post(reverse("proposals:evaluate", args=[p.pk]), {"result": "satisfied", "comment": ""})
    p.refresh_from_db()
    assert p.status == Status.CLOSED and p.number == 1


@pytest.mark.parametrize("rows", [10, 200])
def test_list_and_dashboard_queries_do_not_grow(rows, client_as, role_users, django_assert_max_num_queries):
    for i in range(rows):
        assigned_proposal(role_users)
    staff, unit = client_as("staff"), client_as("unit")
    with django_assert_max_num_queries(12):
        assert staff.get(reverse("proposals:index")).status_code == 200
    with django_assert_max_num_queries(12):
        assert unit.get(reverse("proposals:index")).status_code == 200
