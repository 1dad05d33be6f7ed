"""The deputies app's contributions to the core (congress.contrib)."""

from django.utils.translation import gettext_lazy as _

from congress.contrib import NavEntry
from congress.models import Role

NAV = [
    NavEntry("deputies", _("Deputies"), "deputies:index", None, 10),
    NavEntry("deputies", _("My dossier"), "deputies:my_dossier", {Role.DEPUTY}, 20),
]
