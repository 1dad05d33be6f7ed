"""Every rule of the workflow, and the second attempt of each action."""

import datetime as dt
import threading

import pytest
from django.db import connections

from congress.dates import add_months
from congress.models import Notification, Organization
from proposals import services
from proposals.models import Assignment, Proposal, ProposalRules, Status
from proposals.services import ProposalError
from proposals.tests.factories import (
    assigned_proposal,
    deputy_mandate,
    docx,
    draft,
    other_deputy,
    pdf,
    replied_proposal,
    submitted,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Match the English source of the refusal messages (users see them in Chinese)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    "day, months, expected",
    [
        (dt.date(2023, 1, 31), 1, dt.date(2023, 2, 28)),
        (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),
        (dt.date(2023, 11, 30), 3, dt.date(2024, 2, 29)),
        (dt.date(2023, 10, 15), 3, dt.date(2024, 1, 15)),
        (dt.date(2023, 8, 31), 6, dt.date(2024, 2, 29)),
        (dt.date(2023, 3, 31), -1, dt.date(2023, 2, 28)),
    ],
)
def test_add_months_clamps_to_the_month_end(day, months, expected):
    assert add_months(day, months) == expected


def test_deadlines_come_from_the_congress_rules(role_users):
    p = assigned_proposal(role_users, on=dt.date(2023, 11, 30))
    assert p.assignments.get(role="lead").deadline == dt.date(2024, 2, 29)  # 3 months, clamped
    assert p.assignments.get(role="assist").deadline == dt.date(2024, 1, 2)  # 1 month: 30 Dec, New Year holiday
    rules = ProposalRules.objects.get(congress=p.session.term.congress)
    rules.reply_months, rules.assist_months = 2, 1
    rules.save()
    q = assigned_proposal(role_users, on=dt.date(2024, 1, 31), title="另一件")
    assert q.assignments.get(role="lead").deadline == dt.date(2024, 4, 1)  # 31 March is a Sunday


def test_submit_numbers_and_refuses_a_second_submit(role_users):
    first, second = draft(role_users), draft(role_users, title="第二件")
    services.proposal_submit(proposal_id=second.pk, actor=role_users["deputy"])
    services.proposal_submit(proposal_id=first.pk, actor=role_users["deputy"])
    with pytest.raises(ProposalError, match="already submitted"):
        services.proposal_submit(proposal_id=first.pk, actor=role_users["deputy"])
    assert Proposal.objects.get(pk=second.pk).number == 1 and Proposal.objects.get(pk=first.pk).number == 2
    assert [c.new for c in Proposal.objects.get(pk=first.pk).changes.all()] == ["submitted"]


def test_only_the_lead_deputy_submits_and_drafts_stay_unnumbered(role_users):
    p = draft(role_users)
    with pytest.raises(ProposalError):
        services.proposal_submit(proposal_id=p.pk, actor=role_users["staff"])
    assert Proposal.objects.get(pk=p.pk).number is None


def test_illegal_transitions_are_refused_with_a_message(role_users):
    p = draft(role_users)
    with pytest.raises(ProposalError, match="cannot become"):
        services.proposal_register(proposal_id=p.pk, actor=role_users["staff"])
    p = submitted(role_users, title="x")
    with pytest.raises(ProposalError, match="cannot become"):
        services.proposal_assign(proposal_id=p.pk, lead=role_users["unit"].organization, actor=role_users["staff"])


def test_motion_needs_cosigners_named_then_confirmed_before_registration(role_users, django_user_model):
    rules = ProposalRules.objects.create(congress=deputy_mandate(role_users).congress, motion_cosigners=2)
    users = [django_user_model.objects.create(username="d%d" % i, email="d%d@example.org" % i) for i in range(2)]
    cosigners = [other_deputy("代表%d" % i, user=u) for i, u in enumerate(users)]
    lonely = draft(role_users, kind="motion", cosigners=cosigners[:1])
    with pytest.raises(ProposalError, match="at least 2"):
        services.proposal_submit(proposal_id=lonely.pk, actor=role_users["deputy"])
    p = draft(role_users, kind="motion", cosigners=cosigners)
    services.proposal_submit(proposal_id=p.pk, actor=role_users["deputy"])
    assert Notification.objects.filter(recipient__in=users).count() == 2  # asked to confirm
    services.cosign_confirm(proposal_id=p.pk, actor=users[0])
    with pytest.raises(ProposalError, match="already confirmed"):
        services.cosign_confirm(proposal_id=p.pk, actor=users[0])
    with pytest.raises(ProposalError, match="2 co-signers have confirmed"):
        services.proposal_register(proposal_id=p.pk, actor=role_users["staff"])
    services.cosign_confirm(proposal_id=p.pk, actor=users[1])
    services.proposal_register(proposal_id=p.pk, actor=role_users["staff"])
    assert rules.motion_cosigners == 2
    with pytest.raises(ProposalError, match="not named"):
        services.cosign_confirm(proposal_id=p.pk, actor=role_users["member"])


def test_not_registered_needs_a_reason_and_tells_the_deputy(role_users):
    p = submitted(role_users)
    with pytest.raises(ProposalError):
        services.proposal_not_register(proposal_id=p.pk, reason="  ", actor=role_users["staff"])
    services.proposal_not_register(proposal_id=p.pk, reason="属于个人诉求，转为来信处理", actor=role_users["staff"])
    p.refresh_from_db()
    assert p.status == Status.NOT_REGISTERED and "来信" in p.not_registered_reason
    assert Notification.objects.filter(recipient=role_users["deputy"]).exists()
    with pytest.raises(ProposalError):
        services.proposal_not_register(proposal_id=p.pk, reason="again", actor=role_users["staff"])


def test_merge_answers_each_deputy_with_the_target_reply(role_users, django_user_model):
    u = django_user_model.objects.create(username="d-merge", email="m@example.org")
    other = other_deputy("李明", user=u)
    target = submitted(role_users, title="主件")
    from congress.models import Session

    session = Session.objects.get(pk=target.session_id)
    dup = services.proposal_create(
        lead=other, session=session, kind="suggestion", title="同内容", category="x", content="y", actor=u
    )
    services.proposal_submit(proposal_id=dup.pk, actor=u)
    with pytest.raises(ProposalError):
        services.proposal_merge(proposal_id=dup.pk, into_id=dup.pk, actor=role_users["staff"])
    services.proposal_merge(proposal_id=dup.pk, into_id=target.pk, actor=role_users["staff"])
    with pytest.raises(ProposalError):  # merge twice
        services.proposal_merge(proposal_id=dup.pk, into_id=target.pk, actor=role_users["staff"])
    services.proposal_register(proposal_id=target.pk, actor=role_users["staff"])
    (lead,) = services.proposal_assign(
        proposal_id=target.pk, lead=role_users["unit"].organization, actor=role_users["staff"]
    )
    before = Notification.objects.filter(recipient=u).count()
    services.reply_submit(assignment_id=lead.pk, cls="A", text="已解决", actor=role_users["unit"])
    assert Notification.objects.filter(recipient=u).count() == before + 1  # the merged deputy is answered too


def test_reply_once_by_the_lead_unit_with_a_checked_letter(role_users):
    p = assigned_proposal(role_users)
    lead, assist = p.assignments.get(role="lead"), p.assignments.get(role="assist")
    with pytest.raises(ProposalError, match="lead unit replies"):
        services.reply_submit(assignment_id=assist.pk, cls="A", text="x", actor=role_users["admin"])
    with pytest.raises(ProposalError, match="not your unit"):
        services.reply_submit(assignment_id=lead.pk, cls="A", text="x", actor=role_users["staff"])
    fake = pdf("letter.pdf", b"MZ\x90\x00 this is an exe")
    with pytest.raises(ProposalError, match="Only PDF"):
        services.reply_submit(assignment_id=lead.pk, cls="A", text="x", letter=fake, actor=role_users["unit"])
    assert not Assignment.objects.get(pk=lead.pk).replied_on  # rolled back
    reply = services.reply_submit(
        assignment_id=lead.pk, cls="B", text="正在解决", letter=pdf(), actor=role_users["unit"]
    )
    assert reply.letter.mime == "application/pdf"
    with pytest.raises(ProposalError, match="already been replied"):
        services.reply_submit(assignment_id=lead.pk, cls="A", text="再答一次", actor=role_users["unit"])
    assert Assignment.objects.get(pk=assist.pk).replied_on  # the round is closed


def test_assisting_opinion_once(role_users):
    p = assigned_proposal(role_users)
    assist = p.assignments.get(role="assist")
    services.assisting_opinion_submit(assignment_id=assist.pk, text="同意主办意见", actor=role_users["admin"])
    with pytest.raises(ProposalError):
        services.assisting_opinion_submit(assignment_id=assist.pk, text="again", actor=role_users["admin"])


def test_extension_up_to_the_limit_approved_or_refused_with_reason(role_users):
    p = assigned_proposal(role_users, on=dt.date(2023, 1, 31))
    lead = p.assignments.get(role="lead")  # due 2023-04-30
    with pytest.raises(ProposalError, match="at the latest"):
        services.extension_request(
            assignment_id=lead.pk, new_deadline=dt.date(2023, 8, 1), reason="x", actor=role_users["unit"]
        )
    ext = services.extension_request(
        assignment_id=lead.pk, new_deadline=dt.date(2023, 7, 31), reason="调研", actor=role_users["unit"]
    )
    with pytest.raises(ProposalError, match="already waiting"):
        services.extension_request(
            assignment_id=lead.pk, new_deadline=dt.date(2023, 6, 30), reason="x", actor=role_users["unit"]
        )
    with pytest.raises(ProposalError, match="reason"):
        services.extension_decide(extension_id=ext.pk, approve=False, actor=role_users["staff"])
    services.extension_decide(extension_id=ext.pk, approve=True, actor=role_users["staff"])
    with pytest.raises(ProposalError, match="already been decided"):
        services.extension_decide(extension_id=ext.pk, approve=True, actor=role_users["staff"])
    assert Assignment.objects.get(pk=lead.pk).deadline == dt.date(2023, 7, 31)


def test_reassignment_only_within_the_window_and_staff_decide(role_users):
    p = assigned_proposal(role_users, on=dt.date(2023, 3, 1))
    lead = p.assignments.get(role="lead")
    # 1 March + 10 days = Saturday 11 March: the window ends on the next working day, Monday 13 March.
    with pytest.raises(ProposalError, match=r"within 10 days .*2023-03-11.*moved to 2023-03-13"):
        services.reassignment_request(
            assignment_id=lead.pk, reason="x", actor=role_users["unit"], today=dt.date(2023, 3, 14)
        )
    req = services.reassignment_request(
        assignment_id=lead.pk, reason="职责不符", actor=role_users["unit"], today=dt.date(2023, 3, 13)
    )
    other = Organization.objects.filter(is_handling_unit=True).exclude(pk=lead.unit_id).exclude(name="区财政局").first()
    services.reassignment_decide(
        reassignment_id=req.pk, approve=True, unit=other, actor=role_users["staff"], on=dt.date(2023, 3, 15)
    )
    new = p.assignments.get(role="lead", withdrawn_on__isnull=True)
    assert new.unit == other and new.deadline == dt.date(2023, 6, 15)
    assert Assignment.objects.get(pk=lead.pk).withdrawn_on == dt.date(2023, 3, 15)
    with pytest.raises(ProposalError):
        services.reassignment_decide(reassignment_id=req.pk, approve=False, reason="x", actor=role_users["staff"])


def test_evaluate_once_unsatisfied_rehandles_within_a_month(role_users):
    p = replied_proposal(role_users, cls="A")
    with pytest.raises(ProposalError, match="Only the lead deputy"):
        services.proposal_evaluate(proposal_id=p.pk, result="satisfied", comment="", actor=role_users["member"])
    services.proposal_evaluate(
        proposal_id=p.pk, result="unsatisfied", comment="未解决", actor=role_users["deputy"], today=dt.date(2023, 1, 31)
    )
    with pytest.raises(ProposalError):  # evaluate twice
        services.proposal_evaluate(proposal_id=p.pk, result="satisfied", comment="", actor=role_users["deputy"])
    again = p.assignments.get(round=2)
    assert again.deadline == dt.date(2023, 2, 28) and Proposal.objects.get(pk=p.pk).status == Status.ASSIGNED
    services.reply_submit(assignment_id=again.pk, cls="A", text="已解决", actor=role_users["unit"])
    services.proposal_evaluate(proposal_id=p.pk, result="satisfied", comment="", actor=role_users["deputy"])
    p.refresh_from_db()
    assert p.status == Status.CLOSED
    assert [c.new for c in p.changes.all()] == [
        "submitted",
        "registered",
        "assigned",
        "replied",
        "assigned",
        "replied",
        "closed",
    ]


def test_b_reply_is_followed_up_until_solved(role_users):
    p = replied_proposal(role_users, cls="B")
    services.proposal_evaluate(proposal_id=p.pk, result="basic", comment="", actor=role_users["deputy"])
    assert Proposal.objects.get(pk=p.pk).status == Status.FOLLOW_UP
    with pytest.raises(ProposalError):
        services.follow_up_add(proposal_id=p.pk, text="x", solved=False, actor=role_users["staff"])
    services.follow_up_add(proposal_id=p.pk, text="已完成一半", solved=False, actor=role_users["unit"])
    services.follow_up_add(proposal_id=p.pk, text="已全部完成", solved=True, actor=role_users["unit"])
    assert Proposal.objects.get(pk=p.pk).status == Status.CLOSED
    with pytest.raises(ProposalError):
        services.follow_up_add(proposal_id=p.pk, text="again", solved=True, actor=role_users["unit"])


def test_supervision_visits_and_publication(role_users):
    p = replied_proposal(role_users)
    with pytest.raises(ProposalError):
        services.supervision_visit_record(
            proposal_id=p.pk, on=dt.date(2023, 5, 1), notes="x", actor=role_users["leader"]
        )
    services.proposal_supervise(proposal_id=p.pk, mark=True, actor=role_users["leader"])
    with pytest.raises(ProposalError):
        services.proposal_supervise(proposal_id=p.pk, mark=True, actor=role_users["leader"])
    services.supervision_visit_record(
        proposal_id=p.pk, on=dt.date(2023, 5, 1), notes="现场查看", actor=role_users["leader"]
    )
    services.proposal_publish(proposal_id=p.pk, publish=True, actor=role_users["staff"])
    p.refresh_from_db()
    assert p.key_supervision and p.supervising_leader == role_users["leader"] and p.published
    with pytest.raises(ProposalError):
        services.proposal_publish(proposal_id=p.pk, publish=True, actor=role_users["staff"])


def test_attachments_checked_by_content(role_users):
    p = draft(role_users)
    assert services.attachment_add(proposal_id=p.pk, upload=docx(), actor=role_users["deputy"]).mime.endswith(
        "document"
    )
    for bad in (pdf("x.pdf", b"<html>not a pdf</html>"), pdf("x.png", b"%PDF-1.4 named png"), pdf("x.pdf", b"")):
        with pytest.raises(ProposalError):
            services.attachment_add(proposal_id=p.pk, upload=bad, actor=role_users["deputy"])
    ProposalRules.objects.update_or_create(congress=p.session.term.congress, defaults={"attachment_max_mb": 1})
    with pytest.raises(ProposalError, match="larger"):
        services.attachment_add(
            proposal_id=p.pk, upload=pdf("big.pdf", b"%PDF-" + b"0" * (1024 * 1024)), actor=role_users["deputy"]
        )
    assert p.attachments.count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_are_numbered_without_gaps_or_duplicates():
    from congress import demo

    demo.seed_core()
    users = {u.username: u for u in demo.seed_accounts()}
    drafts = [draft(users, title="并发建议%d" % i) for i in range(16)]
    barrier = threading.Barrier(len(drafts))
    errors = []

    def submit(p):
        barrier.wait()
        try:
            services.proposal_submit(proposal_id=p.pk, actor=users["deputy"])
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(p,)) for p in drafts]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert errors == []
    assert sorted(Proposal.objects.values_list("number", flat=True)) == list(range(1, 17))
