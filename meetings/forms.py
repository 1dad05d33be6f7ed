from django import forms
from django.utils.translation import gettext_lazy as _

from congress.forms import DateInput, PortalFormMixin
from meetings.models import AgendaItem, MajorityRule, Meeting, PollKind, PollMode, Value


class MeetingForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["type", "title", "date", "place", "convener", "session", "minutes"]
        widgets = {"date": DateInput(), "minutes": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = self.fields["session"].queryset.select_related("term__congress")


class AgendaItemForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["meeting", "order", "kind", "title", "organization", "text"]


class PollForm(PortalFormMixin, forms.Form):
    submit_label = _("Create the poll")

    question = forms.CharField(label=_("Question"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=PollKind.choices)
    mode = forms.ChoiceField(label=_("Mode"), choices=PollMode.choices)
    rule = forms.ChoiceField(label=_("Majority rule"), choices=MajorityRule.choices)
    options = forms.CharField(label=_("Options, one per line (not for a yes/no poll)"), required=False,
                              max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    max_choices = forms.IntegerField(label=_("At most N choices"), min_value=1, max_value=100, initial=1)


class LeaveForm(PortalFormMixin, forms.Form):
    submit_label = _("Ask for leave")

    reason = forms.CharField(label=_("Reason"), max_length=300)


class BallotForm(forms.Form):
    """One field per option: for/against/abstain, or a checkbox for a 'choose' poll."""

    def __init__(self, *args, poll, **kwargs):
        super().__init__(*args, **kwargs)
        self.poll = poll
        for option in poll.options.all():
            if poll.kind == "choose":
                self.fields["o%d" % option.pk] = forms.BooleanField(label=option.label, required=False)
            else:
                self.fields["o%d" % option.pk] = forms.ChoiceField(label=option.label, choices=Value.choices,
                                                                   widget=forms.RadioSelect)

    def choices(self) -> dict[int, str]:
        result = {}
        for name, value in self.cleaned_data.items():
            if self.poll.kind == "choose":
                if value:
                    result[int(name[1:])] = Value.FOR
            else:
                result[int(name[1:])] = value
        return result
