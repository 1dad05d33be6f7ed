from django import forms
from django.utils.translation import gettext_lazy as _

from appointments.models import ExamSitting, Nomination, OathKind
from congress.forms import DateInput, PortalFormMixin


class NominationForm(PortalFormMixin, forms.ModelForm):
    """The nomination itself; the exam, the vote and the oath are steps on its page."""

    class Meta:
        model = Nomination
        fields = ["kind", "person", "post", "organ", "nominated_by", "meeting", "statement"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organ"].queryset = self.fields["organ"].queryset.filter(is_active=True)


class ExamSittingForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = ExamSitting
        fields = ["date", "place", "paper"]
        widgets = {"date": DateInput()}


class ExamScoreForm(PortalFormMixin, forms.Form):
    submit_label = _("Record the score")

    sitting = forms.ModelChoiceField(label=_("Sitting"), queryset=ExamSitting.objects.all())
    score = forms.DecimalField(label=_("Score (of 100)"), min_value=0, max_value=100, decimal_places=1, max_digits=4)


class ExemptForm(PortalFormMixin, forms.Form):
    submit_label = _("Exempt from the exam")

    reason = forms.CharField(label=_("Reason (re-appointment to an equivalent post)"), max_length=200)


class VoteForm(PortalFormMixin, forms.Form):
    submit_label = _("Record the vote")

    votes_for = forms.IntegerField(label=_("For"), min_value=0, max_value=10000)
    votes_against = forms.IntegerField(label=_("Against"), min_value=0, max_value=10000)
    votes_abstain = forms.IntegerField(label=_("Abstain"), min_value=0, max_value=10000)
    members = forms.IntegerField(label=_("All members of the standing committee"), min_value=1, max_value=10000)
    on = forms.DateField(label=_("Date of the vote"), widget=DateInput())


class OathForm(PortalFormMixin, forms.Form):
    submit_label = _("Record the oath")

    date = forms.DateField(label=_("Date"), widget=DateInput())
    kind = forms.ChoiceField(label=_("Kind"), choices=OathKind.choices)
    leader = forms.CharField(label=_("Leading the oath (group oath)"), max_length=50, required=False)
    nominations = forms.ModelMultipleChoiceField(label=_("Appointees"), queryset=Nomination.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominations"].queryset = Nomination.objects.filter(kind="appoint", status="adopted")
