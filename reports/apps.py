from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Public site and annual report")
    portal = {
        "nav": "reports.contrib.NAV",
        "figures": "reports.figures.figures",
        "demo": {170: "reports.demo.seed_reports"},
        "history_dates": "reports.demo.HISTORY_DATES",
    }

    def ready(self):
        from reports import figures, permissions  # noqa: F401

        figures.connect_invalidation(self)
