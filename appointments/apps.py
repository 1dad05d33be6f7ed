from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    name = "appointments"
    verbose_name = _("Appointments")
    portal = {
        "nav": "appointments.contrib.NAV",
        "workbench": "appointments.workbench.entries",
        "pickers": "appointments.pickers.KINDS",
        "figures": "appointments.figures.figures",
        "demo": {60: "appointments.demo.seed_appointments", 160: "appointments.demo.seed_appointments_2022"},
        "history_dates": "appointments.demo.HISTORY_DATES",
    }

    def ready(self):
        from appointments import permissions, reminders  # noqa: F401  (rules, the reminder source)
