from django import template

from congress.audit import entries_with_rows

register = template.Library()


@register.filter
def audit_rows(entries):
    """Return ``(entry, rows)`` pairs for an audit table (``congress.audit.entries_with_rows``)."""
    return entries_with_rows(entries)
