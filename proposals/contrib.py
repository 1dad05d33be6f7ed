"""The proposals app's contributions to the core (congress.contrib)."""

from django.utils.translation import gettext_lazy as _

from congress.contrib import NavEntry
from congress.models import Role

OFFICE = {Role.STAFF, Role.ADMIN}
OVERSEERS = {Role.STAFF, Role.LEADER, Role.ADMIN}

NAV = [
    NavEntry("proposals", _("Proposals"), "proposals:index", "auth", 10),
    NavEntry("proposals", _("Assignments to my unit"), "proposals:unit", {Role.UNIT}, 30),
    NavEntry("proposals", _("Register and assign"), "proposals:manage", OVERSEERS, 40),
    NavEntry("proposals", _("Requests to decide"), "proposals:requests", OFFICE, 50),
    NavEntry("proposals", _("Statistics"), "proposals:statistics", OVERSEERS, 60),
    NavEntry("proposals", _("Proposal categories"), "proposals:category_list", OFFICE, 65),
    NavEntry("proposals", _("Published proposals"), "proposals:published", None, 70),
]
