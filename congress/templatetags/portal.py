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
