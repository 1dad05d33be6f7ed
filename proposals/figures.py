from django.urls import reverse
from django.utils.translation import gettext as _

from proposals.selectors import year_figures


def figures(year: int):
    from deputies.models import Commendation
    from reports.figures import Figure

    f = year_figures(year)
    # The staff list filters by session, not by year; the statistics page counts the year exactly.
    staff, public = "%s?year=%d" % (reverse("proposals:statistics"), year), reverse("proposals:published")
    commended = Commendation.objects.filter(year=year, kind="proposal").count()
    return [
        Figure("proposals.received", "deputies", _("Proposals received"), f["received"], _("items"),
               _("Deputies' proposals submitted in the year (numbered in their session)."),
               reverse("proposals:manage"), public),
        Figure("proposals.reply_rate", "deputies", _("Reply rate (办复率)"), f["reply_rate"], "%",
               _("Registered proposals whose lead unit replied, of those assigned (first round)."), staff, public),
        Figure("proposals.in_time", "deputies", _("Replied in time"), f["in_time"], _("items"),
               _("Lead-unit replies given on or before the deadline."), staff),
        Figure("proposals.satisfaction", "deputies", _("Satisfied or basically satisfied"), f["satisfaction_rate"], "%",
               _("Deputies' first evaluations that are satisfied or basically satisfied."), staff),
        Figure("proposals.commended", "deputies", _("Excellent proposals commended"), commended, _("items"),
               _("'Excellent proposal' commendations of the year."),
               "%s?year=%d&kind=proposal" % (reverse("deputies:commendation_list"), year)),
    ]
