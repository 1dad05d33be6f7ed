from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context, **kwargs):
    """Return the current query string with ``kwargs`` replaced (pagination keeps the filters)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        query[key] = value
    return query.urlencode()


@register.filter
def cellformat(value):
    """Render a table cell: booleans as 是/否, empty as a dash."""
    if value is True:
        return _("Yes")
    if value is False:
        return _("No")
    if value in (None, ""):
        return "—"
    return value


@register.filter
def yuan(value):
    """Render an amount in yuan the Chinese way: 亿元 from 1e8, 万元 from 1e4, else 元."""
    from congress.formatting import format_yuan

    return format_yuan(value)


@register.filter
def wan(value):
    """Render an amount stored in 万元 the Chinese way (亿元 from 10,000 万元)."""
    from decimal import Decimal, InvalidOperation

    from congress.formatting import format_yuan

    try:
        return format_yuan(Decimal(str(value)) * 10000)
    except (InvalidOperation, ValueError, TypeError):
        return "—"


@register.filter
def percent_of(part, whole):
    """Return part/whole as a whole percentage (0–100), 0 when there is no whole."""
    try:
        return max(0, min(100, round(float(part or 0) * 100 / float(whole)))) if whole else 0
    except (TypeError, ValueError):
        return 0


@register.filter
def at(items, index):
    """Return ``items[index]``, empty past the end: a cell's column label for a table's phone layout."""
    try:
        return items[index]
    except (IndexError, TypeError, KeyError):
        return ""
