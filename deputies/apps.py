from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeputiesConfig(AppConfig):
    name = "deputies"
    verbose_name = _("Deputies")
    portal = {
        "nav": "deputies.contrib.NAV",
        "roles": "deputies.roles.ROLE_GRANTS",
        "search": "deputies.search.SOURCES",
        "figures": "deputies.figures.figures",
        "records": "deputies.figures.records",
        "demo": {10: "deputies.demo.seed_deputies", 110: "deputies.demo.seed_deputies_2022"},
        "history_dates": "deputies.demo.HISTORY_DATES",
    }

    def ready(self):
        from deputies import permissions  # noqa: F401  (rules)
