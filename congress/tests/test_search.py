from django.contrib.auth.models import AnonymousUser

from congress.search import highlight, search_proposals
from proposals.models import Proposal
from proposals.tests.factories import assigned_proposal, submitted


def test_chinese_substring_found_ranked_title_first_and_escaped(role_users, django_assert_num_queries):
    first = submitted(role_users, title="关于学校周边交通的建议")
    second = submitted(role_users, title="关于加快停车场建设的建议")
    Proposal.objects.filter(pk=first.pk).update(content="停车<script>难")
    staff = role_users["staff"]
    search_proposals(user=staff, query="x")  # warms the user's mandate and permission caches
    with django_assert_num_queries(1):
        hits = search_proposals(user=staff, query="停车")
    assert [h["object"].pk for h in hits] == [second.pk, first.pk]
    assert "<mark>停车</mark>" in hits[0]["title"]
    assert "&lt;script&gt;" in hits[1]["excerpt"] and "<script>" not in hits[1]["excerpt"]


def test_public_sees_only_published(role_users):
    p = assigned_proposal(role_users, title="关于加快停车场建设的建议")
    assert search_proposals(user=AnonymousUser(), query="停车") == []
    Proposal.objects.filter(pk=p.pk).update(published=True)
    assert [h["object"].pk for h in search_proposals(user=AnonymousUser(), query="停车")] == [p.pk]


def test_highlight_escapes_query_too():
    assert str(highlight("a<b>c", "<b>")) == "a<mark>&lt;b&gt;</mark>c"
