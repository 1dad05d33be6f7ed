"""Global search (全文检索), first step: proposals the viewer may see, matched by substring in Chinese
(icontains, so a two-character word inside a sentence is found), ranked title hits before content hits,
newest first, with escape-safe highlighting. Visibility is the proposals app's own selector."""

import re

from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import mark_safe

from proposals.selectors import proposal_list_for

MAX_QUERY = 100
LIMIT = 50


def clean_query(raw: str | None) -> str:
    return " ".join((raw or "").split())[:MAX_QUERY]


def highlight(text: str, query: str, width: int = 80) -> str:
    """Escape ``text`` and wrap each match of ``query`` in <mark>; a window of ``width`` around the first."""
    text = text or ""
    if not query:
        return escape(text[:width])
    at = text.lower().find(query.lower())
    start = max(0, at - width // 2) if at >= 0 else 0
    piece = text[start : start + width]
    parts = re.split("(%s)" % re.escape(query), piece, flags=re.IGNORECASE)
    out = "".join("<mark>%s</mark>" % escape(p) if i % 2 else escape(p) for i, p in enumerate(parts))
    return mark_safe(("…" if start else "") + out)


def search_proposals(*, user, query: str) -> list[dict]:
    """Proposals ``user`` may see whose title or content contains ``query``: one query once the viewer's mandates and permissions are
    cached on the user object (the selector's own look-ups)."""
    query = clean_query(query)
    if not query:
        return []
    qs = proposal_list_for(user=user).filter(Q(title__icontains=query) | Q(content__icontains=query))
    rows = list(qs.order_by("-pk")[:LIMIT])
    rows.sort(key=lambda p: (query.lower() not in p.title.lower(), -p.pk))
    return [
        {"object": p, "title": highlight(p.title, query, 200), "excerpt": highlight(p.content, query)} for p in rows
    ]
