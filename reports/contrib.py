"""The reports app's contributions to the core (congress.contrib)."""

from django.utils.translation import gettext_lazy as _

from congress.contrib import NavEntry

NAV = [
    NavEntry("home", _("Home"), "reports:home", None, 10),
]
