"""The meetings app's contributions to the core (congress.contrib)."""

from django.utils.translation import gettext_lazy as _

from congress.contrib import NavEntry
from congress.models import Role

NAV = [
    NavEntry(
        "meetings", _("Meetings"), "meetings:index", {Role.MEMBER, Role.STAFF, Role.LEADER, Role.ADMIN, Role.DEPUTY}, 10
    ),
]
