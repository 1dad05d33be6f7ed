from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from appointments.models import (
    ExamSitting,
    Nomination,
    NominationKind,
    NominationStatus,
    OathKind,
    Review,
    ReviewStatus,
)
from appointments.pickers import appointee_label, appointees
from congress.forms import DateInput, PortalFormMixin
from congress.models import Organization
from congress.pickers import PickerSelect
from meetings.models import Meeting, MeetingType, PollMode


def standing_meetings():
    return Meeting.objects.filter(type=MeetingType.STANDING).order_by("-date", "-pk")


class NominationForm(PortalFormMixin, forms.ModelForm):
    """The nomination itself; the exam, the vote and the oath are steps on its page."""

    class Meta:
        model = Nomination
        fields = ["kind", "person", "post", "rank", "organ", "nominated_by", "meeting", "statement"]
        labels = {"person": pgettext_lazy("person", "Name")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organ"].queryset = self.fields["organ"].queryset.filter(is_active=True)
        self.fields["meeting"].queryset = standing_meetings()

    def clean(self):
        data = super().clean()
        if self.instance.pk and self.instance.status not in (NominationStatus.NOMINATED, NominationStatus.QUALIFIED):
            raise forms.ValidationError(_("A nomination put to the vote (or withdrawn) can no longer be edited."))
        if self.instance.pk and data.get("kind") != self.instance.kind and self.instance.status != "nominated":
            self.add_error("kind", _("The kind cannot change after the exam."))
        return data


class ExamSittingForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = ExamSitting
        fields = ["date", "place", "paper"]
        widgets = {"date": DateInput()}


class ExamScoreForm(PortalFormMixin, forms.Form):
    submit_label = _("Record the score")

    sitting = forms.ModelChoiceField(label=_("Sitting"), queryset=ExamSitting.objects.all())
    score = forms.DecimalField(label=_("Score (of 100)"), min_value=0, max_value=100, decimal_places=1, max_digits=4)


class SittingScoresForm(PortalFormMixin, forms.Form):
    """A sitting's score sheet: one optional score per nominee awaiting the exam."""

    submit_label = _("Record the scores")

    def __init__(self, *args, nominations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.nominations = list(nominations)
        for n in self.nominations:
            self.fields["score_%d" % n.pk] = forms.DecimalField(
                label="%s（%s）" % (n.person, n.post),
                required=False,
                min_value=0,
                max_value=100,
                decimal_places=1,
                max_digits=4,
            )

    def clean(self):
        data = super().clean()
        if not self.errors and not any(v is not None for k, v in data.items() if k.startswith("score_")):
            raise forms.ValidationError(_("Enter at least one score."))
        return data

    def scores(self):
        return {
            n.pk: self.cleaned_data["score_%d" % n.pk]
            for n in self.nominations
            if self.cleaned_data.get("score_%d" % n.pk) is not None
        }


class ExemptForm(PortalFormMixin, forms.Form):
    """An exemption rests on the nominee's earlier post of the same rank (from the portal's records)
    or on the legal basis staff write down; the service checks which holds."""

    submit_label = _("Exempt from the exam")

    earlier = forms.ModelChoiceField(
        label=_("Earlier post of the same rank"),
        required=False,
        queryset=Nomination.objects.none(),
        help_text=_("The nominee's earlier appointments decided by the committee."),
    )
    legal_basis = forms.CharField(
        label=_("Or the legal basis"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The rule the exemption rests on, in words."),
    )

    def __init__(self, *args, nomination=None, **kwargs):
        from appointments.services import earlier_posts

        super().__init__(*args, **kwargs)
        if nomination is not None:
            self.fields["earlier"].queryset = earlier_posts(nomination)
        self.fields["earlier"].label_from_instance = lambda n: (
            "%s（%s，%s）"
            % (n.post, n.get_rank_display() or _("rank not recorded"), n.decided_on.isoformat() if n.decided_on else "")
        )

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("earlier") and not data.get("legal_basis", "").strip():
            raise forms.ValidationError(_("Choose the earlier post of the same rank, or write the legal basis."))
        return data


class VoteOpenForm(PortalFormMixin, forms.Form):
    """Put nominations of the meeting to the vote: one for a yes/no poll, several for a slate."""

    submit_label = _("Put to the vote")

    nominations = forms.ModelMultipleChoiceField(
        label=_("Nominations"), queryset=Nomination.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    mode = forms.ChoiceField(label=_("Ballot"), choices=PollMode.choices)

    def __init__(self, *args, ready=None, mode=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominations"].queryset = ready if ready is not None else Nomination.objects.none()
        self.fields["nominations"].label_from_instance = lambda n: n.motion
        self.initial.setdefault("mode", mode)


class ReviewVoteForm(PortalFormMixin, forms.Form):
    submit_label = _("Put to the satisfaction vote")

    reviews = forms.ModelMultipleChoiceField(
        label=_("Performance reviews"), queryset=Review.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviews"].queryset = Review.objects.filter(
            meeting=meeting, status=ReviewStatus.FILED
        ).select_related("nomination")


class OathForm(PortalFormMixin, forms.Form):
    submit_label = _("Record the oath")

    date = forms.DateField(label=_("Date"), widget=DateInput())
    kind = forms.ChoiceField(label=_("Kind"), choices=OathKind.choices)
    leader = forms.CharField(label=_("Leading the oath (group oath)"), max_length=50, required=False)
    nominations = forms.ModelMultipleChoiceField(
        label=_("Appointees"), queryset=Nomination.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = Nomination.objects.filter(kind=NominationKind.APPOINT, status=NominationStatus.ADOPTED)
        self.fields["nominations"].queryset = qs.filter(meeting=meeting) if meeting else qs
        if meeting:
            self.initial.setdefault("date", meeting.date)


class ReviewForm(PortalFormMixin, forms.Form):
    """Schedule a performance review; the report's due date follows from the meeting's."""

    submit_label = _("Schedule the review")

    nomination = forms.ModelChoiceField(
        label=_("Appointee"), queryset=Nomination.objects.none(), widget=PickerSelect("appointees")
    )
    meeting = forms.ModelChoiceField(label=_("Standing-committee meeting"), queryset=Meeting.objects.none())
    unit = forms.ModelChoiceField(
        label=_("The appointee's organization"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("Its contacts file the report; default: the organ."),
        widget=PickerSelect("organizations"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nomination"].queryset = appointees()
        self.fields["nomination"].label_from_instance = appointee_label
        self.fields["meeting"].queryset = standing_meetings()
        self.fields["unit"].queryset = Organization.objects.filter(is_active=True)


class ReportForm(PortalFormMixin, forms.Form):
    submit_label = _("File the report")

    report = forms.CharField(label=_("Performance report (述职报告)"), max_length=50000, widget=forms.Textarea)


class StaffReportForm(ReportForm):
    """Staff file a report received on the appointee's behalf, with the day it was received."""

    received_on = forms.DateField(label=pgettext_lazy("report", "Received on"), widget=DateInput())

    def clean_received_on(self):
        from django.utils import timezone

        day = self.cleaned_data["received_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The day it was received cannot be in the future."))
        return day


class ReviewRecordForm(forms.ModelForm):
    """The review's fields as shown on its detail page (it is scheduled and filed through services;
    its status is shown by the page's own part)."""

    class Meta:
        model = Review
        fields = ["nomination", "meeting", "unit"]
