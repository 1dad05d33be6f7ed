from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Livelihood projects")
    portal = {
        "nav": "projects.contrib.NAV",
        "workbench": "projects.workbench.entries",
        "figures": "projects.figures.figures",
        "records": "projects.figures.records",
        "demo": {50: "projects.demo.seed_projects", 150: "projects.demo.seed_projects_2022"},
        "history_dates": "projects.demo.HISTORY_DATES",
        # the public pages served from their cached bytes (congress.pagecache)
        "fingerprint": ["views.py", "templates/projects/index.html", "templates/projects/project.html"],
    }

    def ready(self):
        from projects import permissions, reminders  # noqa: F401  (rules, the reminder source)
