from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from congress.forms import DateInput, PortalFormMixin
from congress.models import Session
from projects.models import Idea, Inspection, Milestone, ProgressReport, Project, Slate, Suggestion


class IdeaForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = Idea
        fields = ["congress", "year", "source", "title", "description", "submitted_by", "contact", "proposal"]
        # the proposal by its record id: a list of every proposal would not fit a page
        widgets = {"proposal": forms.TextInput(attrs={"inputmode": "numeric"})}
        labels = {"proposal": _("Deputy's proposal (record id)")}

    def clean(self):
        data = super().clean()
        if data.get("proposal") and data.get("source") != "deputy":
            self.add_error("proposal", _("Only an idea from a deputy comes from a proposal."))
        return data


class SlateForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = Slate
        fields = ["session", "year", "places", "vote_kind", "electorate"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = Session.objects.select_related("term__congress")

    def clean(self):
        data = super().clean()
        if self.instance.pk and self.instance.status != "draft":
            raise ValidationError(_("A slate put to the vote can no longer be edited."))
        return data


class ProjectForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = Project
        fields = [
            "slate",
            "title",
            "implementing_unit",
            "total_wan",
            "year_plan_wan",
            "content",
            "idea",
            "supervisors",
            "supervising_leader",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slate"].queryset = Slate.objects.select_related("session__term__congress")
        self.fields["supervisors"].queryset = self.fields["supervisors"].queryset.select_related("term")

    def clean(self):
        data = super().clean()
        total, plan = data.get("total_wan"), data.get("year_plan_wan")
        if total is not None and plan is not None and plan > total:
            self.add_error("year_plan_wan", _("This year's plan cannot exceed the total investment."))
        return data


def check_report_date(form, project, date):
    """The service's date rule on a form: not before the adoption, not in the future."""
    from projects.services import ProjectError, check_report_date

    if project is not None and date is not None:
        try:
            check_report_date(project, date)
        except ProjectError as exc:
            form.add_error("date", str(exc))


class ProgressReportForm(PortalFormMixin, forms.ModelForm):
    """Correcting a filed report (new ones are filed through the service, so the next one falls due);
    its project stays."""

    class Meta:
        model = ProgressReport
        fields = ["project", "date", "completed_wan", "note"]
        widgets = {"date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.exclude(
            status__in=["candidate", "not_adopted"]
        ).select_related("slate")
        if self.instance.pk:
            self.fields["project"].disabled = True

    def clean(self):
        data = super().clean()
        project, done = data.get("project"), data.get("completed_wan")
        if project and done is not None and done > project.total_wan:
            self.add_error("completed_wan", _("More than the project's total investment."))
        check_report_date(self, project, data.get("date"))
        return data


class InspectionForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = Inspection
        fields = ["project", "date", "participants", "findings"]
        widgets = {"date": DateInput()}

    def __init__(self, *args, **kwargs):
        from deputies.forms import deputy_choices

        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = deputy_choices()
        self.fields["project"].queryset = Project.objects.exclude(status__in=["candidate", "not_adopted"])


class SuggestionForm(PortalFormMixin, forms.ModelForm):
    """The suggestion's words; its handling is answered and closed through the services."""

    class Meta:
        model = Suggestion
        fields = ["inspection", "text"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspection"].queryset = Inspection.objects.select_related("project")


class PublicIdeaForm(PortalFormMixin, forms.Form):
    submit_label = _("Send")

    title = forms.CharField(label=_("Project"), max_length=200)
    description = forms.CharField(
        label=_("What should be done, where, and why"), max_length=3000, widget=forms.Textarea(attrs={"rows": 5})
    )
    submitted_by = forms.CharField(label=_("Your name (optional)"), max_length=100, required=False)
    contact = forms.CharField(
        label=_("Phone or email (optional, seen only by the office)"), max_length=50, required=False
    )
    website = forms.CharField(
        required=False,
        label="",
        widget=forms.TextInput(
            attrs={"class": "honeypot", "tabindex": "-1", "autocomplete": "off", "aria-hidden": "true"}
        ),
    )

    def clean_description(self):
        text = self.cleaned_data["description"].strip()
        if len(text) < 10:
            raise ValidationError(_("Please describe the project in a sentence or two."))
        return text


class DecisionForm(PortalFormMixin, forms.Form):
    """The decision on a closed vote: its date, and how a tie at the last place was settled."""

    submit_label = _("Record the decision")

    decided_on = forms.DateField(label=_("Date of the vote"), widget=DateInput())
    tie_order = forms.CharField(
        label=_("Order settling a tie (candidate numbers, comma-separated)"), required=False, max_length=200
    )
    note = forms.CharField(
        label=_("Decision note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, slate, **kwargs):
        super().__init__(*args, **kwargs)
        self.projects = list(slate.projects.order_by("pk"))

    def clean_tie_order(self):
        raw = self.cleaned_data["tie_order"].replace("，", ",").strip()
        if not raw:
            return []
        try:
            order = [int(x) for x in raw.split(",") if x.strip()]
        except ValueError:
            raise ValidationError(_("Write candidate numbers separated by commas.")) from None
        if not set(order) <= {p.pk for p in self.projects}:
            raise ValidationError(_("Only candidates of this slate."))
        return order


class MilestoneForm(PortalFormMixin, forms.ModelForm):
    """A milestone's plan; a progress report marks it reached."""

    class Meta:
        model = Milestone
        fields = ["project", "title", "due"]
        widgets = {"due": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.exclude(status__in=["candidate", "not_adopted"])


class UnitReportForm(PortalFormMixin, forms.Form):
    """The implementing unit's progress report on one of its projects."""

    submit_label = _("File the report")

    date = forms.DateField(label=_("Date"), widget=DateInput())
    completed_wan = forms.DecimalField(
        label=_("Completed this year so far (10 thousand yuan)"), min_value=0, max_digits=14, decimal_places=2
    )
    note = forms.CharField(label=_("Progress"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    milestones = forms.ModelMultipleChoiceField(
        label=_("Milestones reached"),
        required=False,
        queryset=Milestone.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    photo = forms.FileField(label=_("Photo"), required=False)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        self.fields["milestones"].queryset = (
            project.milestones.filter(done_on__isnull=True) if project else Milestone.objects.none()
        )

    def clean(self):
        data = super().clean()
        check_report_date(self, self.project, data.get("date"))
        return data


class StaffProgressForm(UnitReportForm):
    """Staff enter a progress report received from the implementing unit: the unit's form and service
    (so the next report falls due as for the unit's own); the milestones are those of ``project``."""

    def __init__(self, *args, project=None, **kwargs):
        from projects.models import ADOPTED_STATUSES

        super().__init__(*args, project=project, **kwargs)
        self.fields = {
            "project": forms.ModelChoiceField(
                label=_("Project"),
                initial=project.pk if project else None,
                queryset=Project.objects.filter(status__in=ADOPTED_STATUSES)
                .select_related("slate")
                .order_by("-slate__year", "rank", "pk"),
            ),
            **self.fields,
        }

    def clean(self):
        self.project = self.cleaned_data.get("project")
        return super().clean()


class IdeaScreenForm(PortalFormMixin, forms.Form):
    submit_label = _("Record the screening")

    status = forms.ChoiceField(
        label=_("Outcome"), choices=[("accepted", _("Taken onto the slate")), ("declined", _("Not taken up"))]
    )
    note = forms.CharField(
        label=_("Screening note"),
        required=False,
        max_length=300,
        help_text=_("Why it is not taken up, or where it went."),
    )


class YearEndForm(PortalFormMixin, forms.Form):
    submit_label = _("Record the year-end status")

    status = forms.ChoiceField(
        label=_("Year-end status"),
        choices=[
            ("completed", _("Completed")),
            ("mostly", _("Basically completed")),
            ("unfinished", _("Not completed")),
        ],
    )
    on = forms.DateField(label=_("Assessed on"), widget=DateInput())


class SuggestionResponseForm(PortalFormMixin, forms.Form):
    """The unit's handling of one supervision suggestion."""

    submit_label = _("Send the response")

    suggestion = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Handling"), choices=[("adopted", _("Adopted")), ("explained", _("Explained"))])
    response = forms.CharField(label=_("Response"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))
