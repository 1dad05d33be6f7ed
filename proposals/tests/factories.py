import datetime as dt

from congress.models import Organization, Session, Term
from proposals import services
from proposals.models import Proposal


def deputy_mandate(role_users):
    from deputies.models import Deputy

    term = Term.objects.get(congress__name="安康市汉滨区人民代表大会", number=19)
    return Deputy.objects.filter(user=role_users["deputy"]).first() or Deputy.objects.create(
        full_name="陈秀兰", gender="F", congress=term.congress, term=term, user=role_users["deputy"])


def draft(role_users, title="关于加快停车场建设的建议"):
    mandate = deputy_mandate(role_users)
    session = Session.objects.get(term=mandate.term, number=2)
    return Proposal.objects.create(session=session, lead=mandate, title=title, category="城乡建设", content="建议内容")


def assigned_proposal(role_users, on=dt.date(2023, 1, 31)):
    p = draft(role_users)
    services.proposal_submit(proposal_id=p.pk, actor=role_users["deputy"])
    services.proposal_register(proposal_id=p.pk, actor=role_users["staff"])
    services.proposal_assign(proposal_id=p.pk, lead=role_users["unit"].organization,
                             assisting=[Organization.objects.get(name="区财政局")], actor=role_users["staff"], on=on)
    return Proposal.objects.get(pk=p.pk)
