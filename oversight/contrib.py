"""The oversight app's contributions to the core (congress.contrib)."""

from django.utils.translation import gettext_lazy as _

from congress.contrib import NavEntry
from congress.models import Role

NAV = [
    NavEntry("oversight", _("Oversight"), "oversight:index", None, 10),
    NavEntry("oversight", _("Decisions and resolutions"), "oversight:decisions", None, 20),
    NavEntry("oversight", _("Responses due"), "oversight:pending", {Role.STAFF, Role.LEADER, Role.ADMIN}, 30),
    NavEntry("oversight", _("Our special reports"), "oversight:my_reports", {Role.UNIT}, 40),
]
