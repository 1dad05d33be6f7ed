from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from congress.forms import DateInput, PortalFormMixin
from oversight.models import DocumentRole, OversightActivity, SpecialReport


class OversightActivityForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = OversightActivity
        fields = [
            "kind",
            "title",
            "law",
            "start_date",
            "end_date",
            "office",
            "members",
            "deputies",
            "organizations",
            "findings",
            "report",
            "report_status",
            "report_adopted_on",
            "published",
        ]
        widgets = {"start_date": DateInput(), "end_date": DateInput(), "report_adopted_on": DateInput()}

    def __init__(self, *args, **kwargs):
        from deputies.forms import deputy_choices

        super().__init__(*args, **kwargs)
        self.fields["deputies"].queryset = deputy_choices()
        self.fields["members"].queryset = self.fields["members"].queryset.filter(groups__name="member").distinct()
        self.fields["office"].queryset = self.fields["office"].queryset.filter(kind="office")


class ItemChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return "%s %s · %s" % (obj.meeting.date.isoformat(), obj.meeting.title, obj.title)


class SpecialReportForm(PortalFormMixin, forms.ModelForm):
    """The report as heard at its agenda item (whose meeting gives the date); opinions and the
    response are recorded through their own steps (services.report_save links both ways)."""

    class Meta:
        model = SpecialReport
        fields = ["kind", "title", "organization", "item", "decision", "published"]
        field_classes = {"item": ItemChoice, "decision": ItemChoice}

    def __init__(self, *args, **kwargs):
        from meetings.models import AgendaItem
        from oversight.services import HEARD_KINDS, HEARING_MEETINGS

        super().__init__(*args, **kwargs)
        items = (
            AgendaItem.objects.filter(meeting__type__in=HEARING_MEETINGS)
            .select_related("meeting")
            .order_by("-meeting__date", "meeting_id", "order", "pk")
        )
        self.fields["item"].queryset = items.filter(kind__in=HEARD_KINDS)
        self.fields["item"].required = True
        self.fields["decision"].queryset = items.filter(kind="decision")


class OpinionsForm(PortalFormMixin, forms.Form):
    submit_label = _("Send the opinions")

    opinions = forms.CharField(label=_("Review opinions"), max_length=20000, widget=forms.Textarea(attrs={"rows": 6}))
    on = forms.DateField(label=_("Sent on"), widget=DateInput())
    months = forms.IntegerField(
        label=_("Response due within (months)"),
        min_value=1,
        max_value=12,
        required=False,
        initial=lambda: settings.OVERSIGHT_RESPONSE_MONTHS,
        help_text=_("Empty: the standing setting."),
    )


class ResponseForm(PortalFormMixin, forms.Form):
    submit_label = _("Record the response")

    text = forms.CharField(
        label=_("The organization's response"), max_length=20000, widget=forms.Textarea(attrs={"rows": 6})
    )
    on = forms.DateField(label=_("Received on"), widget=DateInput())
    letter = forms.FileField(label=_("Signed response letter (PDF, Word or image)"), required=False)


class UnitResponseForm(PortalFormMixin, forms.Form):
    """The organization's own contact answers; the date is the day it is sent."""

    submit_label = _("Send the response")

    text = forms.CharField(
        label=_("How the review opinions were dealt with"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("A summary of up to 4,000 characters; the full report goes in the letter."),
    )
    letter = forms.FileField(label=_("Signed response letter (PDF, Word or image)"), required=False)


class DocumentForm(PortalFormMixin, forms.Form):
    submit_label = _("Upload")

    role = forms.ChoiceField(label=_("Document"), choices=DocumentRole.choices)
    file = forms.FileField(label=_("File (PDF, Word or image)"))
