"""The global search's bigram indexes (congress migration 0008, congress.search): proposals by title and
content, replies by text, opinions by text (only the assignments that have one). They take over the
substring search from the trigram indexes of 0006 on those columns, which go; the title's trigram index
stays for the similar-proposals list. Raw SQL: the models' state does not change."""

from django.db import migrations

BIGRAMS = [
    ("proposal_search_bigrams", "proposals_proposal", "title, content", ""),
    ("reply_search_bigrams", "proposals_reply", "text", ""),
    ("assignment_opinion_bigrams", "proposals_assignment", "opinion", " WHERE opinion <> ''"),
]
TRIGRAMS = [
    ("proposal_content_trgm", "proposals_proposal", "content"),
    ("reply_text_trgm", "proposals_reply", "text"),
    ("assignment_opinion_trgm", "proposals_assignment", "opinion"),
]


class Migration(migrations.Migration):
    dependencies = [("proposals", "0008_category"), ("congress", "0008_search_bigrams")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX %s ON %s USING gin (portal_bigrams(%s))%s" % (name, table, columns, where),
            "DROP INDEX %s" % name,
        )
        for name, table, columns, where in BIGRAMS
    ] + [
        migrations.RunSQL(
            "DROP INDEX %s" % name,
            "CREATE INDEX %s ON %s USING gin ((UPPER(%s::text)) gin_trgm_ops)" % (name, table, column),
        )
        for name, table, column in TRIGRAMS
    ]
