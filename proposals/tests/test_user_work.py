"""Screens that respect the user's work: no preselected judgement, refused input kept on the page,
drafts the deputy can change or withdraw, lists that show their rows, work that is not hidden."""

import datetime as dt
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from proposals import services
from proposals.models import Attachment, Cosignature, Evaluation, Proposal, Reply, Status, StatusChange
from proposals.tests.factories import (
    assigned_proposal,
    deputy_mandate,
    draft,
    other_deputy,
    pdf,
    replied_proposal,
    submitted,
)

pytestmark = pytest.mark.django_db

REQUIRED = "这个字段是必填项。"


def _selected(body, name):
    """The value of the selected option of the <select name=...> on the page (None if none)."""
    select = re.search(r'<select name="%s".*?</select>' % name, body, re.S).group(0)
    chosen = re.search(r'<option value="([^"]*)"[^>]*selected', select)
    return chosen.group(1) if chosen else None


def test_a_reply_class_is_chosen_never_preselected_and_a_refused_reply_stays_on_the_page(client_as, role_users):
    p = assigned_proposal(role_users)
    lead = p.assignments.get(role="lead")
    unit = client_as("unit")
    body = unit.get(p.get_absolute_url()).content.decode()
    assert '<option value="" selected>请选择…</option>' in body and _selected(body, "cls") == ""

    # no class chosen: the typed reply stays, the required error shows at the class field
    r = unit.post(reverse("proposals:reply", args=[lead.pk]), {"text": "经研究，正在推进", "letter": pdf()})
    body = r.content.decode()
    assert r.status_code == 200 and "经研究，正在推进" in body and REQUIRED in body
    assert 'id="error_1_id_cls"' in body

    # a letter of the wrong type: refused by the service, the text and the chosen class are kept
    letter = SimpleUploadedFile("答复函.exe", b"MZ\x90\x00not a pdf", content_type="application/pdf")
    r = unit.post(
        reverse("proposals:reply", args=[lead.pk]), {"cls": "B", "text": "经研究，正在推进", "letter": letter}
    )
    body = r.content.decode()
    assert r.status_code == 200 and "经研究，正在推进" in body and _selected(body, "cls") == "B"
    assert 'id="error_1_id_letter"' in body
    assert not Reply.objects.exists() and not Attachment.objects.filter(is_reply_letter=True).exists()
    assert Proposal.objects.get(pk=p.pk).status == Status.ASSIGNED
    assert not p.assignments.filter(replied_on__isnull=False).exists()


def test_an_evaluation_is_chosen_never_preselected_and_the_comment_is_kept(client_as, role_users):
    p = replied_proposal(role_users)
    deputy = client_as("deputy")
    assert _selected(deputy.get(p.get_absolute_url()).content.decode(), "result") == ""
    r = deputy.post(reverse("proposals:evaluate", args=[p.pk]), {"comment": "停车位仍然不足"})
    body = r.content.decode()
    assert r.status_code == 200 and "停车位仍然不足" in body and REQUIRED in body
    assert not Evaluation.objects.exists() and Proposal.objects.get(pk=p.pk).status == Status.REPLIED
    # a service refusal (someone else's proposal) stays a message: the form is not offered to them
    r = client_as("staff").post(reverse("proposals:evaluate", args=[p.pk]), {"result": "satisfied"})
    assert r.status_code == 302 and not Evaluation.objects.exists()


def test_the_lead_deputy_edits_a_draft_its_files_and_co_signers_then_withdraws_it(client_as, role_users):
    first, second = other_deputy("李明"), other_deputy("赵强")
    p = draft(role_users, cosigners=[first])
    old = services.attachment_add(proposal_id=p.pk, upload=pdf("旧附件.pdf"), actor=role_users["deputy"])
    deputy = client_as("deputy")
    page = deputy.get(p.get_absolute_url()).content.decode()
    assert reverse("proposals:edit", args=[p.pk]) in page and reverse("proposals:withdraw", args=[p.pk]) in page
    edit = reverse("proposals:edit", args=[p.pk])
    assert 'value="关于加快停车场建设的建议"' in deputy.get(edit).content.decode()  # the draft's own text

    r = deputy.post(
        edit,
        {
            "kind": "suggestion",
            "title": "关于增建停车场的建议",
            "category": "城乡建设",
            "content": "改过的内容",
            "cosigners": [second.pk],
            "files": [pdf("新附件.pdf")],
        },
    )
    assert r.status_code == 302
    p.refresh_from_db()
    assert (p.title, p.content, p.status) == ("关于增建停车场的建议", "改过的内容", Status.DRAFT)
    assert list(p.cosignatures.values_list("deputy_id", flat=True)) == [second.pk]
    assert Cosignature.history.filter(deputy=first, history_type="-").get().history_user == role_users["deputy"]
    assert sorted(p.attachments.values_list("name", flat=True)) == ["新附件.pdf", "旧附件.pdf"]

    # a bad file refuses the whole edit: the typed title stays, nothing changes
    bad = SimpleUploadedFile("x.exe", b"MZ\x90\x00", content_type="application/pdf")
    r = deputy.post(
        edit, {"kind": "suggestion", "title": "第三次", "category": "城乡建设", "content": "c", "files": [bad]}
    )
    assert r.status_code == 200 and 'value="第三次"' in r.content.decode()
    assert Proposal.objects.get(pk=p.pk).title == "关于增建停车场的建议" and p.attachments.count() == 2

    # others: the files and the draft are not theirs (404, as if they did not exist)
    assert client_as("staff").post(reverse("proposals:attachment_remove", args=[old.pk])).status_code == 404
    assert client_as("staff").get(edit).status_code == 403
    deputy.post(reverse("proposals:attachment_remove", args=[old.pk]))
    assert not Attachment.objects.filter(pk=old.pk).exists()
    assert Attachment.history.filter(id=old.pk, history_type="-").get().history_user == role_users["deputy"]

    deputy.post(reverse("proposals:withdraw", args=[p.pk]))
    p.refresh_from_db()
    assert p.status == Status.WITHDRAWN and p.number is None
    assert StatusChange.objects.filter(proposal=p, new=Status.WITHDRAWN, actor=role_users["deputy"]).count() == 1
    # the second attempt and every later change are refused; the record stays, its author's alone
    r = deputy.post(reverse("proposals:withdraw", args=[p.pk]), follow=True)
    assert "只有草稿可以撤回" in r.content.decode()
    assert deputy.get(edit).status_code == 404
    left = p.attachments.get()
    deputy.post(reverse("proposals:attachment_remove", args=[left.pk]))
    deputy.post(reverse("proposals:submit", args=[p.pk]))
    p.refresh_from_db()
    assert p.status == Status.WITHDRAWN and p.number is None and Attachment.objects.filter(pk=left.pk).exists()
    assert 'data-testid="withdrawn"' in deputy.get(p.get_absolute_url()).content.decode()
    assert client_as("staff").get(p.get_absolute_url()).status_code == 404


def test_a_submitted_proposal_is_no_longer_editable(client_as, role_users):
    p = submitted(role_users)
    att = services.attachment_add  # files can no longer be added either
    with pytest.raises(services.ProposalError):
        att(proposal_id=p.pk, upload=pdf(), actor=role_users["deputy"])
    deputy = client_as("deputy")
    assert deputy.get(reverse("proposals:edit", args=[p.pk])).status_code == 404
    deputy.post(reverse("proposals:withdraw", args=[p.pk]))
    assert Proposal.objects.get(pk=p.pk).status == Status.SUBMITTED


def test_all_proposals_lists_the_latest_year_on_first_load(client_as, role_users, django_assert_num_queries):
    old, new = draft(role_users, title="去年的建议"), draft(role_users, title="今年的建议")
    services.proposal_submit(proposal_id=old.pk, actor=role_users["deputy"], today=dt.date(2023, 3, 1))
    services.proposal_submit(proposal_id=new.pk, actor=role_users["deputy"], today=dt.date(2024, 3, 1))
    staff = client_as("staff")
    staff.get(reverse("proposals:manage"))  # warm the session and the user's snapshot (congress.principals)
    with django_assert_num_queries(6):  # the year asked for: no default to find (the unit filter: a picker)
        body = staff.get(reverse("proposals:manage"), {"year": "2024"}).content.decode()
    assert "今年的建议" in body and "去年的建议" not in body
    with django_assert_num_queries(7):  # the same and one more: proposal_latest_year
        body = staff.get(reverse("proposals:manage")).content.decode()
    assert "今年的建议" in body and "去年的建议" not in body and 'value="2024"' in body
    # the filter used with no year: every year (the default does not come back)
    body = staff.get(reverse("proposals:manage"), {"year": "", "q": ""}).content.decode()
    assert "今年的建议" in body and "去年的建议" in body


def test_the_unit_page_shows_its_follow_up_work(client_as, role_users, django_assert_num_queries):
    p = replied_proposal(role_users, cls="B")
    services.proposal_evaluate(proposal_id=p.pk, result="satisfied", comment="", actor=role_users["deputy"])
    assert Proposal.objects.get(pk=p.pk).status == Status.FOLLOW_UP
    unit = client_as("unit")
    unit.get(reverse("proposals:unit"))
    with django_assert_num_queries(6):
        body = unit.get(reverse("proposals:unit")).content.decode()
    section = body.split('data-testid="unit-follow-ups"')[1].split("</div></div>")[0]
    assert p.title in section and "答复类别 B" in section and "尚未报告进展" in section
    services.follow_up_add(proposal_id=p.pk, text="已完成一半", solved=True, actor=role_users["unit"])
    body = unit.get(reverse("proposals:unit")).content.decode()
    assert p.title not in body.split('data-testid="unit-follow-ups"')[1]


def test_co_signer_choices_tell_namesakes_apart_without_a_query_each(client_as, role_users):
    from deputies.models import DeputyGroup

    term = deputy_mandate(role_users).term
    east = DeputyGroup.objects.create(term=term, name="江北代表小组")
    west = DeputyGroup.objects.create(term=term, name="老城代表小组")
    a, b = other_deputy("王建华"), other_deputy("王建华")
    a.constituency, a.group = "江北街道", east
    b.constituency, b.group = "老城街道", west
    a.save()
    b.save()
    deputy = client_as("deputy")
    deputy.get(reverse("proposals:new"))

    def count():  # the co-signer picker's answer (congress.pickers): labels read the group and term joined
        with CaptureQueriesContext(connection) as queries:
            body = deputy.get(reverse("pick", args=["deputies"]), {"q": "王建华"}).content.decode()
        return len(queries), json.loads(body)["results"]

    few, results = count()
    labels = {r["text"] for r in results}
    assert {"王建华（江北街道·江北代表小组·第19届）", "王建华（老城街道·老城代表小组·第19届）"} <= labels
    for i in range(5):
        d = other_deputy("王建华%d" % i)
        d.group = east
        d.save()
    many, results = count()
    assert many == few and len(results) == 7
