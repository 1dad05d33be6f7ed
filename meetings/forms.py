from django import forms
from django.utils.translation import gettext_lazy as _

from congress.forms import DateInput, PortalFormMixin
from congress.models import User
from congress.pickers import PickerSelect
from meetings.models import (
    AgendaItem,
    Attendance,
    Electorate,
    MajorityRule,
    Meeting,
    PollKind,
    PollMode,
    Presence,
    Threshold,
    Value,
)


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
        fields = ["meeting", "order", "kind", "title", "organization", "text", "opinions"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4}), "opinions": forms.Textarea(attrs={"rows": 4})}


class AttendanceForm(PortalFormMixin, forms.ModelForm):
    """Staff edit one attendance row; a member on approved leave is changed through the leave request."""

    class Meta:
        model = Attendance
        fields = ["meeting", "user", "name", "position", "presence", "non_voting"]

    def clean(self):
        data = super().clean()
        if not data.get("user") and not (data.get("name") or "").strip():
            raise forms.ValidationError(_("Choose an account or give a name."))
        if not data.get("user") and not data.get("non_voting"):
            raise forms.ValidationError(_("A voting member needs an account."))
        if self.instance.pk and self.instance.presence == Presence.LEAVE and data.get("presence") != Presence.LEAVE:
            raise forms.ValidationError(_("This member is on approved leave."))
        return data


class AttendeeForm(PortalFormMixin, forms.Form):
    """A non-voting attendee (列席): a deputy or official with an account, or an official by name."""

    submit_label = _("Add the attendee")

    user = forms.ModelChoiceField(
        label=_("Account"),
        required=False,
        queryset=User.objects.filter(is_active=True).order_by("full_name", "pk"),
        widget=PickerSelect("people"),  # every account: fetched as typed (congress.pickers)
    )
    name = forms.CharField(label=_("Or name (without an account)"), max_length=100, required=False)
    position = forms.CharField(label=_("Position"), max_length=100, required=False)

    def clean(self):
        data = super().clean()
        if not data.get("user") and not (data.get("name") or "").strip():
            raise forms.ValidationError(_("Choose an account or give a name."))
        return data


class PollForm(PortalFormMixin, forms.Form):
    submit_label = _("Create the poll")

    question = forms.CharField(label=_("Question"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=PollKind.choices)
    mode = forms.ChoiceField(label=_("Mode"), choices=PollMode.choices)
    rule = forms.ChoiceField(label=_("Majority rule"), choices=MajorityRule.choices)
    threshold = forms.ChoiceField(label=_("Threshold"), choices=Threshold.choices)
    electorate = forms.ChoiceField(
        label=_("Who may vote"),
        choices=[c for c in Electorate.choices if c[0] not in (Electorate.NAMED, Electorate.EXPECTED)],
    )
    base = forms.IntegerField(
        label=_("Base (all members or deputies by law; empty: counted at opening)"),
        required=False,
        min_value=1,
        max_value=100000,
    )
    options = forms.CharField(
        label=_("Options, one per line (not for a yes/no poll)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    max_choices = forms.IntegerField(
        label=_(
            "At most N: choices for a choose poll (empty: 1), places for a slate "
            "or rating poll (empty: every option that passes)"
        ),
        min_value=1,
        max_value=100,
        required=False,
    )


class TieForm(PortalFormMixin, forms.Form):
    """The order decided for the options tied at the cut (1 = first), and how it was decided."""

    submit_label = _("Record the tie decision")

    reason = forms.CharField(label=_("How the tie was settled (e.g. a second round, by lot)"), max_length=500)

    def __init__(self, *args, tie, **kwargs):
        super().__init__(*args, **kwargs)
        n = len(tie["options"])
        for option in tie["options"]:
            self.fields["o%d" % option.pk] = forms.IntegerField(
                label=_("Place of %(option)s") % {"option": option.label}, min_value=1, max_value=n
            )
        self.order_fields(["o%d" % o.pk for o in tie["options"]] + ["reason"])
        self.tie = tie

    def clean(self):
        data = super().clean()
        places = [data.get("o%d" % pk) for pk in self.tie["option_ids"]]
        if None not in places and len(set(places)) != len(places):
            raise forms.ValidationError(_("Give each tied option a different place."))
        return data

    def order(self) -> list[int]:
        return sorted(self.tie["option_ids"], key=lambda pk: self.cleaned_data["o%d" % pk])


class LeaveForm(PortalFormMixin, forms.Form):
    submit_label = _("Ask for leave")

    reason = forms.CharField(label=_("Reason"), max_length=300)


class BallotForm(forms.Form):
    """One field per option: for/against/abstain, or a checkbox for a 'choose' poll."""

    def __init__(self, *args, poll, options, **kwargs):
        super().__init__(*args, **kwargs)
        self.poll = poll
        for option in options:
            if poll.kind == PollKind.CHOOSE:
                self.fields["o%d" % option.pk] = forms.BooleanField(label=option.label, required=False)
            else:
                self.fields["o%d" % option.pk] = forms.ChoiceField(
                    label=option.label, choices=poll.value_choices(), widget=forms.RadioSelect
                )

    def clean(self):
        data = super().clean()
        if self.poll.kind == PollKind.CHOOSE and sum(1 for v in data.values() if v) > self.poll.max_choices:
            raise forms.ValidationError(_("Choose at most %(n)d.") % {"n": self.poll.max_choices})
        return data

    def choices(self) -> dict[int, str]:
        result = {}
        for name, value in self.cleaned_data.items():
            if self.poll.kind == PollKind.CHOOSE:
                if value:
                    result[int(name[1:])] = Value.FOR
            else:
                result[int(name[1:])] = value
        return result

    def summary(self) -> list[tuple[str, str]]:
        """Return (option, choice label) pairs for the confirmation step."""
        labels = dict(self.poll.value_choices())
        return [
            (self.fields[name].label, labels[Value.FOR] if value is True else labels.get(value, ""))
            for name, value in self.cleaned_data.items()
            if value
        ]


class PaperForm(PortalFormMixin, forms.Form):
    """Tellers' counted paper ballots: who voted on paper and the totals per option."""

    submit_label = _("Enter the paper ballots")

    def __init__(self, *args, poll, options, voters, **kwargs):
        super().__init__(*args, **kwargs)
        self.poll, self.options = poll, options
        self.fields["voters"] = forms.ModelMultipleChoiceField(
            label=_("Members who voted on paper"), queryset=voters, widget=forms.CheckboxSelectMultiple
        )
        for option in options:
            for v, label in poll.value_choices():
                self.fields["c%d_%s" % (option.pk, v)] = forms.IntegerField(
                    label="%s · %s" % (option.label, label), min_value=0, max_value=100000, initial=0
                )

    def counts(self) -> dict[int, dict[str, int]]:
        result = {}
        for name, value in self.cleaned_data.items():
            if name.startswith("c"):
                option, v = name[1:].split("_")
                result.setdefault(int(option), {})[v] = value or 0
        return result
