"""How a deadline reads: its explanation in the reader's language (交办 2024-11-04，15 个工作日 → …), and the
names of the State Council's holidays it may mention. Plain rules of the stored parts (congress/deadlines.py
computes them): the models, the audit trail and the deadlines read this, and it reads none of them."""

from django.db import models
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from congress.formatting import numeral


class HolidayName(models.TextChoices):
    """The holidays of the State Council's yearly notice; OTHER takes the notice's own name."""

    NEW_YEAR = "new_year", gettext_lazy("New Year's Day")
    SPRING_FESTIVAL = "spring_festival", gettext_lazy("Spring Festival")
    TOMB_SWEEPING = "tomb_sweeping", gettext_lazy("Tomb-sweeping Day")
    LABOUR_DAY = "labour_day", gettext_lazy("Labour Day")
    DRAGON_BOAT = "dragon_boat", gettext_lazy("Dragon Boat Festival")
    MID_AUTUMN = "mid_autumn", gettext_lazy("Mid-autumn Festival")
    NATIONAL_DAY = "national_day", gettext_lazy("National Day")
    OTHER = "other", gettext_lazy("Other")


# What the period is counted from, as the explanation names it (交办 2024-11-04，…).
EVENTS = {
    "start": pgettext_lazy("deadline counted from", "from"),
    "assigned": pgettext_lazy("deadline counted from", "assigned"),
    "reassigned": pgettext_lazy("deadline counted from", "reassigned"),
    "rehandle": pgettext_lazy("deadline counted from", "handed back"),
    "opinions_sent": pgettext_lazy("deadline counted from", "opinions sent"),
    "meeting": pgettext_lazy("deadline counted from", "meeting on"),
}


def _holiday_label(rest: dict) -> str:
    if rest.get("holiday") == HolidayName.OTHER or rest.get("holiday") not in HolidayName.values:
        return rest.get("name") or str(HolidayName.OTHER.label)
    return str(HolidayName(rest["holiday"]).label)


def explain(parts: dict) -> str:
    """Render a deadline's explanation in the active language."""
    if not parts:
        return ""
    if parts.get("months") is not None:
        n = parts["months"]
        period = ngettext("%(n)s month", "%(n)s months", n) % {"n": numeral(n)}
    elif parts.get("working"):
        n = parts["days"]
        period = ngettext("%(n)s working day", "%(n)s working days", n) % {"n": numeral(n)}
    else:
        n = parts["days"]
        period = ngettext("%(n)s day", "%(n)s days", n) % {"n": numeral(n)}
    before = parts.get("before")
    line = (
        _("%(event)s %(start)s, %(period)s before → %(raw)s")
        if before
        else _("%(event)s %(start)s, %(period)s → %(raw)s")
    )
    text = line % {
        "event": EVENTS.get(parts.get("event"), EVENTS["start"]),
        "start": parts["start"],
        "period": period,
        "raw": parts["raw"],
    }
    if parts.get("clamped"):
        text += _(" (the month has no day %(day)s: its last day)") % {"day": parts["clamped"]}
    if parts.get("working"):
        text += _(" (%(n)s rest days not counted)") % {"n": parts.get("skipped", 0)}
    rest = parts.get("rest") or {}
    if rest.get("workday") and not parts.get("working"):
        text += _(", a make-up working day (调休): not moved")
    elif "weekday" in rest:
        moved = (
            _(", a %(weekday)s (rest day), moved back to %(due)s")
            if before
            else _(", a %(weekday)s (rest day), moved to %(due)s")
        )
        text += moved % {"weekday": WEEKDAYS[rest["weekday"]], "due": parts["due"]}
    elif rest:
        moved = (
            _(", in the %(holiday)s holiday, moved back to %(due)s")
            if before
            else _(", in the %(holiday)s holiday, moved to %(due)s")
        )
        text += moved % {"holiday": _holiday_label(rest), "due": parts["due"]}
    for year in parts.get("unknown_years") or ():
        text += _(" (the calendar has no holidays for %(year)s yet: only weekends counted)") % {"year": year}
    return text
