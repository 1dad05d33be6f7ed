from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from congress import selectors
from congress.models import Role

# (label, url name, who sees it: None for everyone, else a set of roles; "auth" for any signed-in user)
NAV = [
    (_("Home"), "reports:home", None),
    (_("Deputies"), "deputies:index", None),
    (_("Proposals"), "proposals:index", "auth"),
    (_("Meetings"), "meetings:index", {Role.MEMBER, Role.STAFF, Role.LEADER, Role.ADMIN, Role.DEPUTY}),
    (_("Livelihood projects"), "projects:index", None),
    (_("Appointments"), "appointments:index", None),
    (_("Oversight"), "oversight:index", None),
    (_("Records"), "congress:organization_list", {Role.STAFF, Role.LEADER, Role.ADMIN}),
    (_("Audit"), "congress:audit_list", {Role.STAFF, Role.LEADER, Role.ADMIN}),
    (_("Sessions"), "session_list", {Role.STAFF, Role.ADMIN}),
]


def _section(path: str) -> str:
    """Return the first segment of ``path`` ("/deputies/123/" -> "/deputies/"; "/" -> "/")."""
    head = path.strip("/").split("/", 1)[0]
    return "/%s/" % head if head else "/"


def _current_section(nav: list[dict], path: str) -> dict | None:
    """Return the one navigation item ``path`` belongs to: the longest item URL it starts with, else
    the first item of the same first segment; None when it belongs to none (only Home matches "/")."""
    inside = [item for item in nav if item["url"] != "/" and path.startswith(item["url"])]
    if inside:
        return max(inside, key=lambda item: len(item["url"]))
    if path == "/":
        return next((item for item in nav if item["url"] == "/"), None)
    return next((item for item in nav if item["url"] != "/" and _section(item["url"]) == _section(path)), None)


def portal(request):
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    roles = set(user.role_names) | ({Role.ADMIN.value} if user.is_superuser else set()) if signed_in else set()
    current = request.path
    nav = []
    for label, name, who in NAV:
        if who == "auth" and not signed_in:
            continue
        if isinstance(who, set) and not roles & {r.value for r in who}:
            continue
        nav.append({"label": label, "url": reverse(name), "active": False})
    current_item = _current_section(nav, current)
    if current_item is not None:
        current_item["active"] = True
    return {
        "nav_items": nav,
        # each language named in itself (简体中文, English), whatever the current one
        "portal_languages": settings.LANGUAGES,
        "unread_count": selectors.notification_unread_count(user=user) if signed_in else 0,
    }
