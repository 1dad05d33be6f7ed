import re

from django import template

register = template.Library()

LINK_LINE = re.compile(r"^\s*(https?://\S*|/\S*)\s*$")


@register.filter
def without_links(body: str) -> str:
    """Return a notification's text without the lines that are only an address: the email needs
    them, the page links the record under its title instead."""
    return "\n".join(line for line in (body or "").splitlines() if not LINK_LINE.match(line)).strip()
