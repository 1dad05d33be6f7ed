"""Global search (全文检索): every app's search sources (contributions("search")), one query each.

Matching is a substring match in Chinese (``icontains``: ``UPPER(col) LIKE UPPER('%…%')``, so a
two-character word inside a sentence is found without a segmenter), every word of the query in one of
the source's fields. The large tables carry pg_trgm GIN indexes on that expression (proposals'
migration 0006): a word of three characters or more narrows through the index; a two-character word is
found by walking the newest rows, which stays cheap while it is common and costs a scan when it is rare
(bench/search.py measures both).

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

from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Upper
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from congress.contrib import objects

MAX_QUERY = 100  # characters, after spaces are collapsed
MAX_TERMS = 5
PER_KIND = 10  # hits shown per kind
CANDIDATES = 200  # newest matches ranked per kind


@dataclass(frozen=True)
class SearchSource:
    """What one kind of record is searched by: ``visible(user)`` the rows the user may open (its
    select_related included), ``fields`` the text fields matched (the first is the title, ranked
    first), ``url(obj, user)`` where a hit links the user to, ``title(obj)`` the text shown as its title (default:
    the first field), ``note(obj)`` a line of plain context (date, unit, status)."""

    key: str
    label: Any
    visible: Callable[[Any], QuerySet]
    fields: tuple[str, ...]
    url: Callable[[Any], str]
    title: Callable[[Any], str] | None = None
    note: Callable[[Any], str] | None = None
    order: int = 100


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


def source_search(source: SearchSource, *, user, query: Query, limit: int = PER_KIND) -> tuple[list[dict], bool]:
    """Return (hits, more) for one source: one query once the viewer's own look-ups are cached."""
    visible = source.visible(user)
    candidates = visible.filter(_matches(source, query.terms)).order_by("-pk").values("pk")[:CANDIDATES]
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
