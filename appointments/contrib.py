"""The appointments app's contributions to the core (congress.contrib)."""

from django.utils.translation import gettext_lazy as _

from congress.contrib import NavEntry
from congress.models import Role

NAV = [
    NavEntry("appointments", _("Appointments"), "appointments:index", None, 10),
    NavEntry("appointments", _("Statements and votes"), "appointments:member_home", {Role.MEMBER}, 20),
    NavEntry(
        "appointments", _("Appointment pipeline"), "appointments:pipeline", {Role.STAFF, Role.LEADER, Role.ADMIN}, 30
    ),
    NavEntry("appointments", _("Performance reports"), "appointments:unit_reviews", {Role.UNIT}, 40),
]
