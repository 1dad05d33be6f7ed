from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Public site and annual report")
    portal = {
        "nav": "reports.contrib.NAV",
        "figures": "reports.figures.figures",
        "fingerprint": ["**/*"],  # the report's code and templates: what congress.stamp fingerprints
        "demo": {170: "reports.demo.seed_reports"},
        "history_dates": "reports.demo.HISTORY_DATES",
    }

    def ready(self):
        from reports import permissions  # noqa: F401
