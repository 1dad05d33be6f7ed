from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "oversight"
    verbose_name = _("Oversight")
    portal = {
        "nav": "oversight.contrib.NAV",
        "workbench": "oversight.workbench.entries",
        "search": "oversight.search.SOURCES",
        "figures": "oversight.figures.figures",
        "demo": {20: "oversight.demo.seed_oversight", 130: "oversight.demo.seed_oversight_2022"},
        "history_dates": "oversight.demo.HISTORY_DATES",
    }

    def ready(self):
        from deputies.selectors import DOSSIER_SECTIONS
        from oversight import permissions, reminders  # noqa: F401  (rules, the reminder source)
        from oversight.selectors import dossier_section

        if dossier_section not in DOSSIER_SECTIONS:
            DOSSIER_SECTIONS.append(dossier_section)
