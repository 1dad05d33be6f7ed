"""The global search's Chinese index (congress.search): a text's character bigrams as a tsvector.

Chinese has no spaces between words, and a two-character word (停车, 教育) is the common case, too short
for pg_trgm to narrow anything. ``portal_bigrams(VARIADIC text[])`` turns the given texts (upper-cased,
split at white space) into the set of their overlapping two-character pieces, plus each piece's last
character alone (so that a one-character word at the end is found too); an expression GIN index on it
answers ``portal_bigrams(…) @@ portal_bigram_query(word)``: every bigram of the word present. That is a
prefilter (the bigrams may sit apart), so the search keeps its substring match as the recheck.

Both functions are IMMUTABLE (as ``upper()`` under the database's fixed ctype is) so they can be
indexed; the document's COST is high so the planner evaluates it after the cheap substring test when
it walks rows instead of using the index."""

from django.db import migrations

FUNCTIONS = r"""
CREATE FUNCTION portal_bigrams(VARIADIC parts text[]) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE COST 1000 AS $$
  SELECT coalesce(array_to_tsvector(array_agg(DISTINCT g)), ''::tsvector)
  FROM (SELECT w FROM unnest(regexp_split_to_array(upper(array_to_string(parts, ' ')), '\s+')) AS w
        WHERE w <> '') AS words,
       LATERAL (SELECT substr(w, i, 2) AS g FROM generate_series(1, greatest(char_length(w) - 1, 1)) AS i
                UNION ALL SELECT right(w, 1)) AS grams
$$;

CREATE FUNCTION portal_bigram_query(word text) RETURNS tsquery
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN char_length(u) < 2
              THEN ('''' || replace(replace(u, '\', '\\'), '''', '''''') || ''':*')::tsquery
              ELSE (SELECT string_agg(DISTINCT '''' || replace(replace(substr(u, i, 2), '\', '\\'), '''', '''''')
                                      || '''', ' & ')
                    FROM generate_series(1, char_length(u) - 1) AS i)::tsquery END
  FROM (SELECT upper(word) AS u) AS s
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("congress", "0007_notify_mode_digest_calendar_feed")]

    operations = [
        migrations.RunSQL(
            FUNCTIONS,
            "DROP FUNCTION portal_bigram_query(text); DROP FUNCTION portal_bigrams(VARIADIC text[]);",
        )
    ]
