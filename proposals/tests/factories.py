"""Test data built through the services (the rules hold for it), plus tiny valid files."""

import datetime as dt
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from congress.models import Organization, Session, Term
from proposals import services
from proposals.models import Proposal

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf(name="letter.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def docx(name="proposal.docx"):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile(name, out.getvalue(), content_type="application/octet-stream")


def term19():
    return Term.objects.get(congress__name="安康市汉滨区人民代表大会", number=19)


def deputy_mandate(role_users):
    from deputies.models import Deputy

    term = term19()
    return Deputy.objects.filter(user=role_users["deputy"]).first() or Deputy.objects.create(
        full_name="陈秀兰", gender="F", congress=term.congress, term=term, user=role_users["deputy"]
    )


def other_deputy(name="王建华", user=None):
    from deputies.models import Deputy

    term = term19()
    return Deputy.objects.create(full_name=name, gender="M", congress=term.congress, term=term, user=user)


def draft(role_users, title="关于加快停车场建设的建议", kind="suggestion", cosigners=()):
    mandate = deputy_mandate(role_users)
    session = Session.objects.get(term=mandate.term, number=2)
    return services.proposal_create(
        lead=mandate,
        session=session,
        kind=kind,
        title=title,
        category="城乡建设",
        content="建议内容",
        cosigners=cosigners,
        actor=role_users["deputy"],
    )


def submitted(role_users, **kwargs):
    p = draft(role_users, **kwargs)
    services.proposal_submit(proposal_id=p.pk, actor=role_users["deputy"])
    return Proposal.objects.get(pk=p.pk)


def assigned_proposal(role_users, on=dt.date(2023, 1, 31), title="关于加快停车场建设的建议"):
    p = submitted(role_users, title=title)
    services.proposal_register(proposal_id=p.pk, actor=role_users["staff"])
    services.proposal_assign(
        proposal_id=p.pk,
        lead=role_users["unit"].organization,
        assisting=[Organization.objects.get(name="区财政局")],
        actor=role_users["staff"],
        on=on,
    )
    return Proposal.objects.get(pk=p.pk)


def replied_proposal(role_users, cls="A", on=dt.date(2023, 1, 31)):
    p = assigned_proposal(role_users, on=on)
    lead = p.assignments.get(role="lead")
    services.reply_submit(
        assignment_id=lead.pk,
        cls=cls,
        text="经研究，答复如下",
        letter=pdf(),
        actor=role_users["unit"],
        on=on + dt.timedelta(days=40),
    )
    return Proposal.objects.get(pk=p.pk)
