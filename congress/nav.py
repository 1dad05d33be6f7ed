"""The core's navigation entries (its ``nav`` contribution; congress.contrib is the contract itself)."""

from django.utils.translation import gettext_lazy as _

from congress.contrib import NavEntry
from congress.models import Role

OFFICE = {Role.STAFF, Role.LEADER, Role.ADMIN}

NAV = [
    NavEntry("admin", _("Records"), "congress:organization_list", OFFICE, 10),
    NavEntry("admin", _("Working-day calendar"), "congress:calendar", {Role.STAFF, Role.ADMIN}, 20),
    NavEntry("admin", _("Audit"), "congress:audit_list", OFFICE, 30),
    NavEntry("admin", _("Sessions"), "session_list", {Role.STAFF, Role.ADMIN}, 40),
]
