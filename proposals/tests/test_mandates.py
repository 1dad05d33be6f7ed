"""Only a mandate in force gives the right to make, submit and co-sign proposals (issue 17)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from congress.models import Level, Session
from congress.tests.factories import CongressFactory, SessionFactory, TermFactory, UserFactory
from deputies.models import DeputyStatus
from deputies.services import deputy_end_mandate
from deputies.tests.factories import DeputyFactory
from proposals import services
from proposals.models import Cosignature, Proposal, SessionCounter, Status
from proposals.services import ProposalError
from proposals.tests.factories import deputy_mandate, draft, other_deputy, submitted

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def end(deputy, staff, on=None, status=DeputyStatus.RESIGNED):
    return deputy_end_mandate(deputy_id=deputy.pk, status=status, on=on or today(), reason="辞去代表职务", actor=staff)


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def test_an_ended_mandate_cannot_submit_and_no_number_is_taken(role_users, english):
    first = submitted(role_users, title="先交的建议")  # number 1
    p = draft(role_users, title="后交的建议")
    ended = end(deputy_mandate(role_users), role_users["staff"])
    for _attempt in range(2):
        with pytest.raises(ProposalError, match="ended on %s; you cannot make proposals" % ended.status_date):
            services.proposal_submit(proposal_id=p.pk, actor=role_users["deputy"])
    p.refresh_from_db()
    assert p.status == Status.DRAFT and p.number is None and p.submitted_on is None
    assert SessionCounter.objects.get(session=first.session).last == 1
    assert not p.changes.exists()
    # the day before it ended, the same mandate still submitted (a date in the past is the rule's date)
    services.proposal_submit(proposal_id=p.pk, actor=role_users["deputy"], today=today() - dt.timedelta(days=1))
    assert Proposal.objects.get(pk=p.pk).number == 2


def test_an_ended_mandate_cannot_make_a_draft_or_add_files(role_users, english):
    from proposals.tests.factories import pdf

    p = draft(role_users)
    mandate = end(deputy_mandate(role_users), role_users["staff"])
    with pytest.raises(ProposalError, match="you cannot make proposals"):
        services.proposal_create(
            lead=mandate,
            session=p.session,
            kind="suggestion",
            title="新建议",
            category="x",
            content="y",
            actor=role_users["deputy"],
        )
    with pytest.raises(ProposalError, match="you cannot make proposals"):
        services.attachment_add(proposal_id=p.pk, upload=pdf(), actor=role_users["deputy"])
    assert Proposal.objects.count() == 1 and not p.attachments.exists()


def test_new_proposal_page_refuses_an_ended_mandate_with_a_message_and_writes_nothing(client_as, role_users):
    mandate = deputy_mandate(role_users)
    deputy = client_as("deputy")
    assert deputy.get(reverse("proposals:new")).status_code == 200
    assert reverse("proposals:new") in deputy.get(reverse("proposals:index")).content.decode()
    end(mandate, role_users["staff"])
    message = "您的代表资格已于%s终止，不能提出建议" % today().isoformat()
    response = deputy.get(reverse("proposals:new"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("proposals:index")
    body = response.content.decode()
    assert message in body and reverse("proposals:new") not in body  # no "new proposal" button any more
    response = deputy.post(
        reverse("proposals:new"),
        {"kind": "suggestion", "title": "离任后的建议", "category": "交通", "content": "内容"},
        follow=True,
    )
    assert message in response.content.decode()
    assert not Proposal.objects.exists() and not SessionCounter.objects.exists()
    # the history stays readable: the index still lists the deputy's own proposals, with the notice
    assert "mandate-notice" in deputy.get(reverse("proposals:index")).content.decode()


def test_a_draft_page_hides_submit_once_the_mandate_ended(client_as, role_users, django_assert_num_queries):
    p = draft(role_users)
    deputy = client_as("deputy")
    assert reverse("proposals:submit", args=[p.pk]) in deputy.get(p.get_absolute_url()).content.decode()
    end(deputy_mandate(role_users), role_users["staff"])
    with django_assert_num_queries(13):
        body = deputy.get(p.get_absolute_url()).content.decode()
    assert reverse("proposals:submit", args=[p.pk]) not in body and "不能提出建议" in body
    response = deputy.post(reverse("proposals:submit", args=[p.pk]), follow=True)
    assert "不能提出建议" in response.content.decode()
    assert Proposal.objects.get(pk=p.pk).number is None


def test_an_ended_mandate_cannot_be_named_nor_confirm_as_cosigner(client_as, role_users, english):
    from proposals.forms import ProposalForm

    user = UserFactory()
    cosigner = other_deputy("联名代表", user=user)
    staying = other_deputy("在任联名代表")
    p = submitted(role_users, cosigners=[cosigner, staying])
    end(cosigner, role_users["staff"])
    for _attempt in range(2):
        with pytest.raises(ProposalError, match="you cannot co-sign proposals"):
            services.cosign_confirm(proposal_id=p.pk, actor=user)
    assert not Cosignature.objects.filter(proposal=p, confirmed_at__isnull=False).exists()
    with pytest.raises(ProposalError, match="联名代表|The mandate of 联名代表 is not in force"):
        draft(role_users, title="再联名", cosigners=[cosigner])
    assert not Proposal.objects.filter(title="再联名").exists()
    # the form offers only co-signers in force
    offered = set(ProposalForm(mandate=deputy_mandate(role_users)).fields["cosigners"].queryset)
    assert staying in offered and cosigner not in offered


def test_the_cosign_button_follows_the_mandate(client, role_users, django_assert_num_queries):
    user = UserFactory()
    cosigner = other_deputy("联名代表", user=user)
    p = submitted(role_users, cosigners=[cosigner])
    client.force_login(user)
    assert reverse("proposals:cosign", args=[p.pk]) in client.get(p.get_absolute_url()).content.decode()
    end(cosigner, role_users["staff"])
    with django_assert_num_queries(13):
        body = client.get(p.get_absolute_url()).content.decode()
    assert reverse("proposals:cosign", args=[p.pk]) not in body and "不能联名提出建议" in body
    client.post(reverse("proposals:cosign", args=[p.pk]))
    assert Cosignature.objects.get(proposal=p).confirmed_at is None


def test_two_mandates_one_ended_keep_the_others_rights(role_users, english):
    """A city and district deputy whose city mandate ended still proposes and co-signs as district deputy."""
    user = UserFactory()
    city_term = TermFactory(congress=CongressFactory(level=Level.CITY), start_date=dt.date(2021, 9, 20))
    city = DeputyFactory(term=city_term, user=user, full_name="双重代表")
    district = other_deputy("双重代表", user=user)
    end(city, role_users["staff"], status=DeputyStatus.RECALLED)
    session = Session.objects.get(term=district.term, number=2)
    own = services.proposal_create(
        lead=district, session=session, kind="suggestion", title="区级建议", category="x", content="y", actor=user
    )
    services.proposal_submit(proposal_id=own.pk, actor=user)
    assert Proposal.objects.get(pk=own.pk).number == 1
    p = submitted(role_users, cosigners=[district])
    services.cosign_confirm(proposal_id=p.pk, actor=user)
    # the city mandate gives nothing any more
    city_session = SessionFactory(term=city_term, start_date=dt.date(2024, 1, 3), end_date=dt.date(2024, 1, 6))
    with pytest.raises(ProposalError, match="you cannot make proposals"):
        services.proposal_create(
            lead=city, session=city_session, kind="suggestion", title="市级建议", category="x", content="y", actor=user
        )


def test_a_term_that_ended_gives_no_rights(client, role_users, english):
    user = UserFactory()
    old_term = TermFactory(
        congress=deputy_mandate(role_users).congress,
        number=18,
        start_date=dt.date(2016, 9, 27),
        end_date=dt.date(2021, 9, 27),
    )
    mandate = DeputyFactory(term=old_term, user=user)
    session = SessionFactory(term=old_term, start_date=dt.date(2021, 1, 5), end_date=dt.date(2021, 1, 8))
    with pytest.raises(ProposalError, match="ended on 2021-09-27; you cannot make proposals"):
        services.proposal_create(
            lead=mandate, session=session, kind="suggestion", title="上届建议", category="x", content="y", actor=user
        )
    p = Proposal.objects.create(
        session=session, lead=mandate, title="上届草稿", category=services.category_for("x"), content="y"
    )
    with pytest.raises(ProposalError, match="ended on 2021-09-27"):
        services.proposal_submit(proposal_id=p.pk, actor=user)
    services.proposal_submit(proposal_id=p.pk, actor=user, today=dt.date(2021, 1, 6))  # within the term: numbered
    assert Proposal.objects.get(pk=p.pk).number == 1
    client.force_login(user)
    from django.contrib.auth.models import Group

    user.groups.add(Group.objects.get(name="deputy"))
    assert client.get(reverse("proposals:new")).status_code == 302
    assert Proposal.objects.count() == 1


def test_a_motion_counts_only_cosigners_in_force(role_users, english):
    from proposals.models import ProposalRules

    ProposalRules.objects.create(congress=deputy_mandate(role_users).congress, motion_cosigners=2)
    a, b = other_deputy("甲代表"), other_deputy("乙代表")
    p = draft(role_users, kind="motion", cosigners=[a, b])
    end(b, role_users["staff"])
    with pytest.raises(ProposalError, match="at least 2"):
        services.proposal_submit(proposal_id=p.pk, actor=role_users["deputy"])
    assert Proposal.objects.get(pk=p.pk).number is None


def test_the_index_costs_the_same_for_an_ended_mandate(client_as, role_users, django_assert_num_queries):
    for i in range(5):
        draft(role_users, title="建议%d" % i)
    deputy = client_as("deputy")
    with django_assert_num_queries(12):
        assert deputy.get(reverse("proposals:index")).status_code == 200
    end(deputy_mandate(role_users), role_users["staff"])
    with django_assert_num_queries(6):
        body = deputy.get(reverse("proposals:index")).content.decode()
    assert body.count('data-testid="my-status"') == 5


def test_the_index_asks_only_for_cosignatures_of_mandates_in_force(client, role_users):
    user = UserFactory()
    city_term = TermFactory(congress=CongressFactory(level=Level.CITY), start_date=dt.date(2021, 9, 20))
    city = DeputyFactory(term=city_term, user=user, full_name="双重代表")
    district = other_deputy("双重代表", user=user)
    city_session = SessionFactory(term=city_term, start_date=dt.date(2024, 1, 3), end_date=dt.date(2024, 1, 6))
    city_lead = DeputyFactory(term=city_term, user=UserFactory(), full_name="市级领衔代表")
    city_p = services.proposal_create(
        lead=city_lead,
        session=city_session,
        kind="suggestion",
        title="市级联名建议",
        category="x",
        content="y",
        cosigners=[city],
        actor=city_lead.user,
    )
    services.proposal_submit(proposal_id=city_p.pk, actor=city_lead.user)
    district_p = submitted(role_users, title="区级联名建议", cosigners=[district])
    client.force_login(user)
    body = client.get(reverse("proposals:index")).content.decode()
    assert "市级联名建议" in body and "区级联名建议" in body
    end(city, role_users["staff"])
    body = client.get(reverse("proposals:index")).content.decode()
    assert "市级联名建议" not in body and "区级联名建议" in body and "mandate-notice" not in body
    assert district_p.pk
