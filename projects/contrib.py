"""The projects app's contributions to the core (congress.contrib)."""

from django.utils.translation import gettext_lazy as _

from congress.contrib import NavEntry
from congress.models import Role

NAV = [
    NavEntry("projects", _("Livelihood projects"), "projects:index", None, 10),
    NavEntry("projects", _("Projects I supervise"), "projects:deputy_home", {Role.DEPUTY}, 20),
    NavEntry("projects", _("Our unit's projects"), "projects:my_projects", {Role.UNIT}, 30),
]
