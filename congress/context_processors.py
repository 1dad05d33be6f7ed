from django.conf import settings
from django.urls import reverse
from django.utils.translation import pgettext_lazy

from congress import selectors
from congress.contrib import objects
from congress.models import Role

# The areas of the main navigation, in the bar's order: each app's NavEntry names one (congress.contrib).
GROUPS = {
    "home": pgettext_lazy("navigation area", "Home"),
    "deputies": pgettext_lazy("navigation area", "Deputies"),
    "proposals": pgettext_lazy("navigation area", "Proposals and suggestions"),
    "meetings": pgettext_lazy("navigation area", "Meetings and votes"),
    "oversight": pgettext_lazy("navigation area", "Oversight"),
    "projects": pgettext_lazy("navigation area", "Livelihood projects"),
    "appointments": pgettext_lazy("navigation area", "Appointments"),
    "admin": pgettext_lazy("navigation area", "Administration"),
}


def nav_entries() -> list:
    """Every app's navigation entries (their ``nav`` contributions), by area then order."""
    rank = {key: i for i, key in enumerate(GROUPS)}
    entries = [entry for declared in objects("nav") for entry in declared]
    return sorted(entries, key=lambda e: (rank.get(e.group, len(rank)), e.order))


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


def _visible(who, signed_in: bool, roles: set[str]) -> bool:
    if who is None:
        return True
    if who == "auth":
        return signed_in
    return bool(roles & {Role(r).value for r in who})


def portal(request):
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    roles = set(user.role_names) | ({Role.ADMIN.value} if user.is_superuser else set()) if signed_in else set()
    nav = [
        {"label": e.label, "url": reverse(e.url_name), "group": e.group, "active": False}
        for e in nav_entries()
        if _visible(e.roles, signed_in, roles)
    ]
    current_item = _current_section(nav, request.path)
    if current_item is not None:
        current_item["active"] = True
    groups: dict[str, dict] = {}
    for item in nav:
        group = groups.setdefault(
            item["group"], {"key": item["group"], "label": GROUPS.get(item["group"], item["group"]), "items": []}
        )
        group["items"].append(item)
        group["active"] = group.get("active", False) or item["active"]
    return {
        "nav_items": nav,
        "nav_groups": list(groups.values()),
        # each language named in itself (简体中文, English), whatever the current one
        "portal_languages": settings.LANGUAGES,
        "unread_count": selectors.notification_unread_count(user=user) if signed_in else 0,
    }
