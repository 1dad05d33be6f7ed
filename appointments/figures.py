from django.urls import reverse
from django.utils.translation import gettext as _

from appointments.selectors import year_figures
from congress.figures import Figure


def figures(year: int):
    f = year_figures(year)
    return [
        Figure(
            "appointments.person_times",
            "political",
            _("State functionaries appointed or removed"),
            f["person_times"],
            _("person-times"),
            _(
                "Appointments, removals and accepted resignations the standing committee adopted in the year (by the "
                "date decided); a person decided twice counts twice."
            ),
            "%s?year=%d" % (reverse("appointments:pipeline"), year),
            "%s?year=%d" % (reverse("appointments:index"), year),
        )
    ]
