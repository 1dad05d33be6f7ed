from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")
    portal = {
        "nav": "meetings.contrib.NAV",
        "workbench": "meetings.workbench.entries",
        "roles": "meetings.roles.ROLE_GRANTS",
        "search": "meetings.search.SOURCES",
        "calendar": "meetings.calendar.events",
        "figures": "meetings.figures.figures",
        "records": "meetings.figures.records",
        "demo": {
            40: "meetings.demo.seed_meetings",
            120: "meetings.demo.seed_meetings_2022",
            180: "meetings.demo.seed_open_polls",
            185: "meetings.demo.seed_coming_meetings",
        },
        "history_dates": "meetings.demo.HISTORY_DATES",
    }

    def ready(self):
        from meetings import permissions  # noqa: F401
