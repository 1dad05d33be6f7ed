"""Forms of the holiday calendar's staff screen (field-level checks only; the rules are in
congress.holidays)."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from congress.models import CalendarDayKind, HolidayName
from congress.validators import MAX_YEAR, MIN_YEAR

REASON_HELP = _("e.g. the notice's number (国办发明电〔2025〕7号); kept in the audit trail and told to the units")


class CalendarDayForm(forms.Form):
    day = forms.DateField(label=_("day"), widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label=_("kind"), choices=CalendarDayKind.choices)
    holiday = forms.ChoiceField(label=_("holiday"), choices=HolidayName.choices)
    name = forms.CharField(label=_("name in the notice"), max_length=50, required=False)
    reason = forms.CharField(label=_("reason"), max_length=300, help_text=REASON_HELP)

    def clean_day(self):
        day = self.cleaned_data["day"]
        if not dt.date(MIN_YEAR, 10, 1) <= day <= dt.date(MAX_YEAR, 12, 31):
            raise forms.ValidationError(_("Give a day between 1949 and 2200."))
        return day


class CalendarRemoveForm(forms.Form):
    day = forms.DateField(label=_("day"))
    reason = forms.CharField(label=_("reason"), max_length=300, help_text=REASON_HELP)


class CalendarImportForm(forms.Form):
    upload = forms.FileField(
        label=_("notice (.csv or .xlsx)"),
        required=False,
        help_text=_("One row per day: date (YYYY-MM-DD), 休 or 班, the holiday's name."),
    )
    rows = forms.CharField(required=False, widget=forms.HiddenInput)  # the previewed rows, sent back to confirm
    reason = forms.CharField(label=_("reason"), max_length=300, help_text=REASON_HELP)

    def __init__(self, *args, **kwargs):
        # It shares the calendar page with the day form: its own ids, so each label names one field.
        kwargs.setdefault("auto_id", "id_import_%s")
        super().__init__(*args, **kwargs)
