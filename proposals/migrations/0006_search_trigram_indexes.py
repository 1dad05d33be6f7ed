"""Trigram (pg_trgm) GIN indexes for the global search and the similar-proposals list.

The search matches with ``icontains`` (Django writes ``UPPER(col::text) LIKE UPPER('%…%')``), so each
index is on that same expression; the similar-proposals list compares ``UPPER(title)`` by trigram
similarity through the same index. pg_trgm counts Chinese characters as word characters under the
databases' C.UTF-8 ctype (checked by tests/test_search.py). A pattern needs three characters for the
index to narrow anything: a two-character Chinese word is scanned (the limit, measured by bench/search.py).
The indexes are raw SQL so the models' state (owned by their Meta) does not change."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEXES = [
    ("proposal_title_trgm", "proposals_proposal", "title"),
    ("proposal_content_trgm", "proposals_proposal", "content"),
    ("reply_text_trgm", "proposals_reply", "text"),
    ("assignment_opinion_trgm", "proposals_assignment", "opinion"),
]


class Migration(migrations.Migration):
    dependencies = [("proposals", "0005_withdrawn_status")]

    operations = [TrigramExtension()] + [
        migrations.RunSQL(
            "CREATE INDEX %s ON %s USING gin ((UPPER(%s::text)) gin_trgm_ops)" % (name, table, column),
            "DROP INDEX %s" % name,
        )
        for name, table, column in INDEXES
    ]
