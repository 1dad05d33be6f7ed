from django import forms
from django.utils.translation import gettext_lazy as _

from congress.forms import DateInput, PortalFormMixin
from oversight.models import OversightActivity, SpecialReport


class OversightActivityForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = OversightActivity
        fields = ["kind", "title", "law", "start_date", "end_date", "office", "members", "deputies", "organizations",
                  "findings", "report", "report_status", "report_adopted_on", "published"]
        widgets = {"start_date": DateInput(), "end_date": DateInput(), "report_adopted_on": DateInput()}

    def __init__(self, *args, **kwargs):
        from deputies.forms import deputy_choices

        super().__init__(*args, **kwargs)
        self.fields["deputies"].queryset = deputy_choices()
        self.fields["members"].queryset = self.fields["members"].queryset.filter(groups__name="member").distinct()
        self.fields["office"].queryset = self.fields["office"].queryset.filter(kind="office")


class SpecialReportForm(PortalFormMixin, forms.ModelForm):
    """The report as heard; opinions and the response are recorded through their own steps."""

    class Meta:
        model = SpecialReport
        fields = ["kind", "title", "organization", "meeting", "heard_on", "published"]
        widgets = {"heard_on": DateInput()}


class OpinionsForm(PortalFormMixin, forms.Form):
    submit_label = _("Send the opinions")

    opinions = forms.CharField(label=_("Review opinions"), max_length=20000, widget=forms.Textarea(attrs={"rows": 6}))
    on = forms.DateField(label=_("Sent on"), widget=DateInput())


class ResponseForm(PortalFormMixin, forms.Form):
    submit_label = _("Record the response")

    text = forms.CharField(label=_("The organization's response"), max_length=20000,
                           widget=forms.Textarea(attrs={"rows": 6}))
    on = forms.DateField(label=_("Received on"), widget=DateInput())
