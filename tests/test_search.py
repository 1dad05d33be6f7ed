"""Global search (/search/) and the similar-earlier-proposals list: Chinese substring matching through
pg_trgm, ranking, escaped highlighting, each viewer seeing only what the apps let them open, junk
queries answered with a translated message, and exact query counts."""

from django.contrib.auth.models import AnonymousUser
from django.db import connection

from congress.models import Organization
from congress.search import highlight, parse_query, search
from congress.services import user_ensure
from proposals.models import Proposal
from proposals.search import similar_proposals
from proposals.tests.factories import other_deputy, replied_proposal, submitted


def _kinds(response):
    return {g["key"]: [h["object"].pk for h in g["hits"]] for g in response.context["groups"]}


def test_pg_trgm_counts_chinese_characters_and_the_index_serves_the_match(role_users):
    """Under the database's ctype, Chinese characters are word characters for pg_trgm (else every
    title would have no trigrams), and a three-character word narrows through the GIN index."""
    with connection.cursor() as cur:
        cur.execute(
            "select array_length(show_trgm('停车场建设'), 1), similarity('关于加快停车场建设', '加快停车场建设')"
        )
        count, sim = cur.fetchone()
        cur.execute("set enable_seqscan = off")
        cur.execute("explain select id from proposals_proposal where upper(title::text) like upper('%停车场%')")
        plan = " ".join(r[0] for r in cur.fetchall())
        cur.execute("reset enable_seqscan")
    assert count == 6 and sim >= 0.5
    assert "proposal_title_trgm" in plan


def test_the_bigram_index_narrows_every_word_length_and_the_substring_match_rechecks(role_users):
    """A two-character word (no trigram) and a one-character one narrow through the bigram GIN index
    (congress migration 0008); bigrams present apart (停车 … 车场) are not a match of 停车场; quotes,
    backslashes and LIKE's own wildcards are plain characters."""
    from congress.search import Query, SearchSource, source_search
    from proposals.search import SOURCES

    apart = submitted(role_users, title="关于停车难和车场收费的建议")
    whole = submitted(role_users, title="关于加快停车场建设的建议")
    odd = submitted(role_users, title="关于“it's 100%\\”的建议")
    Proposal.objects.filter(pk=odd.pk).update(content="尾字：坝")
    with connection.cursor() as cur:
        cur.execute("set enable_seqscan = off")
        cur.execute(
            "explain select id from proposals_proposal"
            " where portal_bigrams(title, content) @@ portal_bigram_query('停车')"
        )
        plan = " ".join(r[0] for r in cur.fetchall())
        cur.execute("reset enable_seqscan")
    assert "proposal_search_bigrams" in plan
    source: SearchSource = next(s for s in SOURCES if s.key == "proposals")
    assert source.indexed

    def found(*terms):
        hits, _more = source_search(source, user=role_users["staff"], query=Query(text=" ".join(terms), terms=terms))
        return {h["object"].pk for h in hits}

    assert found("停车场") == {whole.pk}
    assert found("停车") == {apart.pk, whole.pk}
    assert found("坝") == {odd.pk}  # a one-character word, the text's last character
    assert found("it's") == found("100%") == found("\\") == {odd.pk}
    assert found("%") == {odd.pk} and found("_") == set()
    assert found("停车", "收费") == {apart.pk}


def test_search_ranks_title_hits_first_highlights_and_escapes(role_users, client_as, django_assert_num_queries):
    content_hit = submitted(role_users, title="关于学校周边交通的建议")
    title_hit = submitted(role_users, title="关于加快停车场建设的建议")
    Proposal.objects.filter(pk=content_hit.pk).update(content="停车<script>alert(1)</script>难")
    staff = client_as("staff")
    staff.get("/search/?q=x")  # the session's second-factor step is cached after the first request
    with django_assert_num_queries(10):  # session, user (roles cached) + one per source (8)
        response = staff.get("/search/?q=停车")
    assert _kinds(response)["proposals"] == [title_hit.pk, content_hit.pk]
    html = response.content.decode()
    assert "<mark>停车</mark>场" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html


def test_highlight_escapes_the_text_and_the_query():
    assert str(highlight("a<b>c", "<b>")) == "a<mark>&lt;b&gt;</mark>c"
    assert str(highlight("停车难 停车场", "停车 场")) == "<mark>停车</mark>难 <mark>停车</mark><mark>场</mark>"


def test_a_unit_never_finds_another_units_reply(role_users, client_as):
    """The assisting unit sees the proposal (it is assigned to it) but not the lead unit's reply; the
    lead unit and staff find the reply; the public only once the proposal is published."""
    p = replied_proposal(role_users)
    finance = user_ensure(
        username="finance",
        full_name="财政局联系人",
        roles=["unit"],
        password="x-Unused-1",
        email="finance@example.localhost",
        organization=Organization.objects.get(name="区财政局"),
    )
    reply_pk = p.assignments.get(role="lead").reply.pk
    assert "replies" not in _kinds(client_as("anon").get("/search/?q=经研究"))
    assert _kinds(client_as("unit").get("/search/?q=经研究"))["replies"] == [reply_pk]
    assert _kinds(client_as("staff").get("/search/?q=经研究"))["replies"] == [reply_pk]
    other = search(user=finance, raw="经研究")["groups"]
    assert other == []
    assert [h["object"].pk for h in search(user=finance, raw="停车场")["groups"][0]["hits"]] == [p.pk]
    Proposal.objects.filter(pk=p.pk).update(published=True)
    assert _kinds(client_as("anon").get("/search/?q=经研究"))["replies"] == [reply_pk]
    assert search(user=finance, raw="经研究")["groups"][0]["key"] == "replies"  # the published reply, as for everyone


def test_junk_too_long_and_empty_queries_answer_200_with_a_translated_message(role_users, client_as):
    submitted(role_users, title="关于加快停车场建设的建议")
    anon = client_as("deputy")
    long = anon.get("/search/", {"q": "停" * 101})
    assert long.status_code == 200 and "搜索内容过长" in long.content.decode()
    for junk in ["\x00停车", "%", "_", "\u200b", "' or 1=1 --", "停车" * 5000]:
        assert anon.get("/search/", {"q": junk}).status_code == 200
    assert parse_query("\x00").error and parse_query("").error == ""
    assert _kinds(anon.get("/search/", {"q": "%"})) == {}  # LIKE wildcards are matched literally
    assert _kinds(anon.get("/search/", {"q": "\x00停车"}))["proposals"]
    assert "请输入" in anon.get("/search/", {"q": "\x01"}).content.decode()


def test_similar_earlier_proposals_for_the_typed_title(role_users, client_as, django_assert_num_queries):
    """Ranked by trigram similarity, the boilerplate 关于…的建议 left out; a deputy sees only what they
    may see (another deputy's unpublished proposal is not listed to them, but is to staff)."""
    mine = submitted(role_users, title="关于加快城区停车场建设的建议")
    submitted(role_users, title="关于改善农村饮水安全的建议")
    theirs = submitted(role_users, title="关于加快城区停车场建设的议案")
    Proposal.objects.filter(pk=theirs.pk).update(lead=other_deputy())
    deputy = client_as("deputy")
    deputy.get("/proposals/similar/?title=x")
    with django_assert_num_queries(2):  # session, user (roles cached), mandates, the similar proposals
        data = deputy.get("/proposals/similar/", {"title": "加快城区停车场建设"}).json()
    assert [r["url"] for r in data["results"]] == [mine.get_absolute_url()]
    staff = role_users["staff"]
    assert {p.pk for p in similar_proposals(user=staff, title="关于加快城区停车场建设的建议")} == {mine.pk, theirs.pk}
    assert similar_proposals(user=staff, title="关于的建议") == []
    for junk in ["\x00", "停" * 1000, "%%%"]:
        assert deputy.get("/proposals/similar/", {"title": junk, "exclude": "9" * 30}).json() == {"results": []}
    assert client_as("anon").get("/proposals/similar/?title=x").status_code == 302
    page = client_as("staff").get(theirs.get_absolute_url()).content.decode()
    assert 'data-testid="similar"' in page and mine.get_absolute_url() in page
    assert 'id="similar-proposals"' in deputy.get("/proposals/new/").content.decode()


def test_public_search_shows_only_published_proposals(role_users):
    p = submitted(role_users, title="关于加快停车场建设的建议")
    assert search(user=AnonymousUser(), raw="停车")["groups"] == []
    Proposal.objects.filter(pk=p.pk).update(published=True)
    assert [h["object"].pk for h in search(user=AnonymousUser(), raw="停车")["groups"][0]["hits"]] == [p.pk]


def test_the_newest_window_and_the_index_give_the_same_newest_matches(role_users, monkeypatch):
    """Whether the newest rows hold enough matches (the walk) or not (the bigram branch), the candidates
    are the newest matches of the whole table, in one query."""
    from django.test.utils import CaptureQueriesContext

    import congress.search as engine
    from proposals.search import SOURCES

    made = [
        submitted(role_users, title=("关于停车%d的建议" if i in (0, 1, 3) else "关于交通%d的建议") % i)
        for i in range(6)
    ]
    source = next(s for s in SOURCES if s.key == "proposals")
    visible = source.visible(role_users["staff"])
    monkeypatch.setattr(engine, "CANDIDATES", 2)
    for window in (1, 3, 4, 100):  # the newest 1, 3 or 4 rows hold 0, 1 or 2 matches; 100: all of them
        monkeypatch.setattr(engine, "WINDOW", window)
        with CaptureQueriesContext(connection) as queries:
            pks = sorted(engine._candidates(source, visible, ("停车",)).values_list("pk", flat=True), reverse=True)
        assert pks == [made[3].pk, made[1].pk], window
        assert len(queries) == 1
