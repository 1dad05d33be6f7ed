"""Global search (全文检索): every app's search sources (contributions("search")), one query each.

Matching is a substring match in Chinese (``icontains``: ``UPPER(col) LIKE UPPER('%…%')``, so a
two-character word inside a sentence is found without a segmenter), every word of the query in one of
the source's fields. A source over a large table names its bigram index (``indexed``): the rows are
first narrowed through ``portal_bigrams(fields…) @@ portal_bigram_query(word)`` (congress migration
0008: every two-character piece of the word is in the row, through a GIN index, whatever the word's
length), and the substring match rechecks them (bench/search.py measures common, rare and missing words).

Ranking: the newest CANDIDATES matches of a source are ranked by whether the title holds the query,
then by trigram similarity of the title to the query, then newest first. Ranking every match of a
common word would read thousands of rows, so older matches beyond the candidates are not ranked (the
page says that more exist).

Visibility is each source's own: ``visible(user)`` returns the rows the user may open, built from the
app's selectors; the core never imports an app.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.search import SearchVectorField, TrigramSimilarity
from django.db.models import Case, Exists, F, Func, IntegerField, Lookup, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce, Upper
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from congress.contrib import objects

MAX_QUERY = 100  # characters, after spaces are collapsed
MAX_TERMS = 5
PER_KIND = 10  # hits shown per kind
CANDIDATES = 100  # newest matches ranked per kind
WINDOW = 5000  # newest rows of an indexed source walked before its bigram index is used


class BigramVectorField(SearchVectorField):
    """The type of ``portal_bigrams(…)``: a tsvector matched by the ``bigrams`` lookup."""


@BigramVectorField.register_lookup
class HasBigrams(Lookup):
    """``doc__bigrams=word``: every two-character piece of ``word`` (upper-cased) is in the document."""

    lookup_name = "bigrams"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return "%s @@ portal_bigram_query(%s)" % (lhs, rhs), (*lhs_params, *rhs_params)


class Bigrams(Func):
    """``portal_bigrams(field, …)``: the expression the bigram indexes are built on (same fields, same order)."""

    function = "portal_bigrams"
    output_field = BigramVectorField()

    def __init__(self, *fields):
        super().__init__(*[F(f) for f in fields])


@dataclass(frozen=True)
class SearchSource:
    """What one kind of record is searched by: ``visible(user)`` the rows the user may open (its
    select_related included), ``fields`` the text fields matched (the first is the title, ranked
    first), ``url(obj, user)`` where a hit links the user to, ``title(obj)`` the text shown as its title (default:
    the first field), ``note(obj)`` a line of plain context (date, unit, status); ``indexed``: the fields
    have a bigram index (``portal_bigrams(<fields>)``, in this order) that narrows the rows first."""

    key: str
    label: Any
    visible: Callable[[Any], QuerySet]
    fields: tuple[str, ...]
    url: Callable[[Any], str]
    title: Callable[[Any], str] | None = None
    note: Callable[[Any], str] | None = None
    order: int = 100
    indexed: bool = False


@dataclass
class Query:
    text: str = ""
    terms: tuple[str, ...] = ()
    error: str = ""


def parse_query(raw: str | None) -> Query:
    """Return the query's words: control characters dropped (PostgreSQL refuses NUL), spaces
    collapsed, at most MAX_TERMS words; a translated error for text longer than MAX_QUERY."""
    cleaned = "".join(" " if unicodedata.category(ch).startswith(("C", "Z")) else ch for ch in raw or "")
    text = " ".join(cleaned.split())
    if len(text) > MAX_QUERY:
        return Query(error=_("The search text is too long: at most %(max)d characters.") % {"max": MAX_QUERY})
    terms = tuple(dict.fromkeys(text.split()))[:MAX_TERMS]
    if not terms and raw and raw.strip():
        return Query(error=_("Type a word to search for."))
    return Query(text=" ".join(terms), terms=terms)


def _pattern(terms) -> re.Pattern:
    return re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE)


def highlight(text: str, query: str, width: int = 80) -> str:
    """Escape ``text`` and wrap each match of a word of ``query`` in <mark>, in a window of ``width``
    characters around the first match (the start when none)."""
    text = text or ""
    terms = tuple(query.split()) if query else ()
    if not terms:
        return escape(text[:width])
    pattern = _pattern(terms)
    found = pattern.search(text)
    start = max(0, found.start() - width // 2) if found else 0
    piece = text[start : start + width]
    out, at = [], 0
    for m in pattern.finditer(piece):
        out.append(escape(piece[at : m.start()]))
        out.append("<mark>%s</mark>" % escape(m.group()))
        at = m.end()
    out.append(escape(piece[at:]))
    return mark_safe(("…" if start else "") + "".join(out) + ("…" if start + width < len(text) else ""))


def _matches(source: SearchSource, terms) -> Q:
    cond = Q()
    for term in terms:
        one = Q()
        for name in source.fields:
            one |= Q(**{"%s__icontains" % name: term})
        cond &= one
    return cond


def _candidates(source: SearchSource, visible: QuerySet, terms) -> QuerySet:
    """The pks of the newest CANDIDATES matches, as a subquery.

    An indexed source answers in one statement of two branches: the newest WINDOW rows of the table are
    walked with the substring match (a common word fills the candidates there, in a few milliseconds);
    only when they hold fewer matches does the older branch run (an uncorrelated EXISTS, evaluated once),
    narrowed by the bigram index, where a rarer word has few rows to fetch. Ordering by the primary key
    keeps the result the same as one query over the whole table."""
    matches = _matches(source, terms)
    if not source.indexed:
        return visible.filter(matches).order_by("-pk").values("pk")[:CANDIDATES]
    model = visible.model
    floor = Coalesce(Subquery(model._base_manager.order_by("-pk").values("pk")[WINDOW - 1 : WINDOW]), Value(0))
    recent = visible.filter(matches, pk__gte=floor)
    full = recent.order_by("-pk").values("pk")[CANDIDATES - 1 : CANDIDATES]
    older = (
        visible.alias(_doc=Bigrams(*source.fields))
        .filter(_bigram_conditions(terms), matches, ~Exists(full), pk__lt=floor)
        .order_by("-pk")
        .values("pk")[:CANDIDATES]
    )
    both = recent.order_by("-pk").values("pk")[:CANDIDATES].union(older, all=True)
    return both.order_by("-pk")[:CANDIDATES]


def _bigram_conditions(terms) -> Q:
    cond = Q()
    for term in terms:
        cond &= Q(_doc__bigrams=term)
    return cond


def source_search(source: SearchSource, *, user, query: Query, limit: int = PER_KIND) -> tuple[list[dict], bool]:
    """Return (hits, more) for one source: one query once the viewer's own look-ups are cached."""
    visible = source.visible(user)
    candidates = _candidates(source, visible, query.terms)
    title = source.fields[0]
    ranked = (
        visible.filter(pk__in=candidates)
        .annotate(
            _title_hit=Case(
                When(Q(*[Q(**{"%s__icontains" % title: t}) for t in query.terms]), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
            _similarity=TrigramSimilarity(Upper(title), query.text.upper()),
        )
        .order_by("-_title_hit", "-_similarity", "-pk")
    )
    rows = list(ranked[: limit + 1])
    hits, pattern = [], _pattern(query.terms)
    for obj in rows[:limit]:
        shown = source.title(obj) if source.title else getattr(obj, title)
        body = next((getattr(obj, f) for f in source.fields[1:] if pattern.search(getattr(obj, f) or "")), "")
        hits.append(
            {
                "object": obj,
                "url": source.url(obj, user),
                "title": highlight(shown, query.text, 200),
                "excerpt": highlight(body, query.text) if body else "",
                "note": source.note(obj) if source.note else "",
            }
        )
    return hits, len(rows) > limit


def sources() -> list[SearchSource]:
    """Every app's sources, in the order they declare."""
    found = [s for declared in objects("search") for s in declared]
    return sorted(found, key=lambda s: s.order)


def search(*, user, raw: str | None) -> dict:
    """The search page's results: the parsed query and, per kind that has hits, its hits."""
    query = parse_query(raw)
    groups = []
    if query.terms:
        for source in sources():
            hits, more = source_search(source, user=user, query=query)
            if hits:
                groups.append({"key": source.key, "label": source.label, "hits": hits, "more": more})
    return {"query": query, "groups": groups}
