from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")
    portal = {
        "roles": "meetings.roles.ROLE_GRANTS",
        "search": "meetings.search.SOURCES",
        "figures": "meetings.figures.figures",
    }

    def ready(self):
        from meetings import permissions  # noqa: F401
