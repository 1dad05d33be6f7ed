from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    name = "appointments"
    verbose_name = _("Appointments")
    portal = {
        "figures": "appointments.figures.figures",
    }

    def ready(self):
        from appointments import permissions, reminders  # noqa: F401  (rules, the reminder source)
