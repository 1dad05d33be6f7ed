from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("Proposals")
    portal = {
        "roles": "proposals.roles.ROLE_GRANTS",
        "search": "proposals.search.SOURCES",
        "figures": "proposals.figures.figures",
        "records": "proposals.figures.records",
    }

    def ready(self):
        from proposals import permissions, reminders  # noqa: F401  (rules, the reminder source)
