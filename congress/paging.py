"""Keyset pagination with a bounded count: the one paging piece of the staff lists at scale.

A page is the ``per_page`` rows after (or before) a cursor in an indexed ordering, read with one
query (``LIMIT per_page + 1`` tells whether there is more), so a page deep in a 250,000-row table
costs what the first does; OFFSET and a full ``COUNT(*)`` would read every row before it. The count
is bounded too: one ``COUNT(*)`` over a ``LIMIT cap + 1`` subquery, shown as "1,000+" past the cap.

The ordering ``keys`` are local, non-null fields in one direction (``("-pk",)``,
``("deadline", "pk")``, ``("full_name", "pk")``); the last must be unique (the primary key) so the
order is total. The condition is a row comparison, ``(deadline, id) > (%s, %s)``, which PostgreSQL
answers as an index range on a composite index of the same columns.

The cursor is the last (or first) row's key values, JSON in URL-safe base64, in ``?after=`` or
``?before=``. A cursor that does not decode (edited by hand, or of another list) gives the first
page, never an error. Pages of the old ``?page=N`` form are not kept: ``page`` is ignored.

Usage (in the view, so every query runs before the template)::

    page = paging.keyset_page(qs, request.GET, keys=("-pk",), per_page=25)

and ``{% include "congress/_keyset_pagination.html" %}`` in the template (it reads ``page``).
Each page costs exactly two queries: the rows and the bounded count.
"""

import base64
import binascii
import json
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import F, QuerySet
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan

COUNT_CAP = 1000


@dataclass
class KeysetPage:
    object_list: list
    count: int  # rows matching, at most ``cap`` + 1
    cap: int
    has_next: bool = False
    has_previous: bool = False
    next_cursor: str = ""
    previous_cursor: str = ""
    keys: tuple = field(default=(), repr=False)

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def __bool__(self):
        return bool(self.object_list)

    @property
    def capped(self) -> bool:
        """More rows match than the count went looking for: show "cap+" rather than a number."""
        return self.count > self.cap

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous


def _fields(model, keys):
    out = []
    for key in keys:
        name = key.lstrip("-")
        try:
            f = model._meta.pk if name == "pk" else model._meta.get_field(name)
        except FieldDoesNotExist:
            raise ValueError("keyset key %r is not a field of %s" % (key, model.__name__)) from None
        out.append((name, f))
    if len({k.startswith("-") for k in keys}) != 1:
        raise ValueError("keyset keys must share one direction: %r" % (keys,))
    return out


def encode(values) -> str:
    """The cursor of a row whose key values are ``values`` (dates and times as ISO strings)."""
    raw = json.dumps([v.isoformat() if hasattr(v, "isoformat") else v for v in values], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode(cursor: str, fields) -> list | None:
    """The key values of ``cursor`` converted by their fields, or None if it is not a cursor of them."""
    if not cursor or len(cursor) > 400:
        return None
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None
    if not isinstance(raw, list) or len(raw) != len(fields):
        return None
    values = []
    for value, (_name, f) in zip(raw, fields):
        if value is None or isinstance(value, (list, dict)):
            return None
        try:
            value = f.to_python(value)
            if hasattr(f, "get_prep_value"):
                f.get_prep_value(value)  # ints out of range, bad dates: refused here, not by the database
        except (ValidationError, ValueError, TypeError, OverflowError):
            return None
        if value is None:
            return None
        values.append(value)
    if any(isinstance(v, int) and abs(v) > 2**63 - 1 for v in values):
        return None
    return values


def _after(qs, names, values, forward: bool):
    """Rows strictly after ``values`` in the direction of the scan."""
    if len(names) == 1:
        return qs.filter(**{"%s__%s" % (names[0], "gt" if forward else "lt"): values[0]})
    lookup = TupleGreaterThan if forward else TupleLessThan
    return qs.filter(lookup(Tuple(*[F(n) for n in names]), tuple(values)))


def keyset_page(
    qs: QuerySet, params, *, keys: tuple, per_page: int = 25, cap: int = COUNT_CAP, count: bool = True
) -> KeysetPage:
    """The page of ``qs`` that ``params`` (request.GET) asks for, ordered by ``keys``: two queries,
    or one with ``count=False`` (a list that shows no count; ``page.count`` is then 0)."""
    fields = _fields(qs.model, keys)
    names = [name for name, _f in fields]
    descending = keys[0].startswith("-")
    after = decode(params.get("after", ""), fields)
    before = None if after else decode(params.get("before", ""), fields)
    forward = before is None  # scanning in the list's order, or back from a ``before`` cursor
    order = [("-" if descending == forward else "") + n for n in names]
    rows = qs.order_by(*order)
    cursor = after if after is not None else before
    if cursor is not None:
        rows = _after(rows, names, cursor, forward=forward != descending)
    rows = list(rows[: per_page + 1])
    more = len(rows) > per_page
    rows = rows[:per_page]
    if not forward:
        rows.reverse()
    total = qs.order_by().values("pk")[: cap + 1].count() if count else 0
    page = KeysetPage(object_list=rows, count=total, cap=cap, keys=keys)
    if forward:
        page.has_next, page.has_previous = more, after is not None
    else:
        page.has_next, page.has_previous = True, more
    if rows:
        page.next_cursor = encode([getattr(rows[-1], n) for n in names])
        page.previous_cursor = encode([getattr(rows[0], n) for n in names])
    return page
