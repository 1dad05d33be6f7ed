import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from congress.forms import DateInput, PortalFormMixin
from congress.models import Organization, Session
from congress.pickers import PickerSelect, PickerSelectMultiple
from congress.validators import year_field
from proposals.models import UNSUBMITTED, Category, Kind, Proposal, ReplyClass, Satisfaction, Status


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


def _choose(choices):
    """Choices that start empty: a judgement is the user's to make, never preselected (stays required)."""
    return [("", _("Please choose…")), *choices]


class CosignerField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        from deputies.formatting import deputy_label

        return deputy_label(obj)


def cosigner_candidates(mandate):
    """The deputies ``mandate`` may ask to co-sign: the term's mandates in force today but its own
    (the service checks again); none without a mandate."""
    from django.utils import timezone

    from deputies.models import Deputy
    from deputies.selectors import in_office_on

    qs = Deputy.objects.none()
    if mandate is not None:
        qs = in_office_on(Deputy.objects.filter(term_id=mandate.term_id), timezone.localdate()).exclude(pk=mandate.pk)
    return qs.select_related("group", "term").order_by("full_name", "pk")


class ProposalForm(PortalFormMixin, forms.Form):
    submit_label = _("Save the draft")

    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.none(), to_field_name="name", empty_label=_("Please choose…")
    )
    content = forms.CharField(label=_("Content"), max_length=20000, widget=forms.Textarea(attrs={"rows": 10}))
    cosigners = CosignerField(
        label=_("Co-signing deputies"),
        queryset=None,
        required=False,
        help_text=_("Each confirms after you submit."),
        widget=PickerSelectMultiple("deputies"),
    )
    files = MultipleFileField(label=_("Attachments (PDF, Word, images)"), required=False)

    def __init__(self, *args, mandate=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cosigners"].queryset = cosigner_candidates(mandate)
        current = self.initial.get("category")  # a draft keeps its category even after it was retired
        active = Q(active=True) | Q(pk=current.pk) if isinstance(current, Category) else Q(active=True)
        self.fields["category"].queryset = Category.objects.filter(active)
        self.fields["files"].widget.attrs["accept"] = ".pdf,.doc,.docx,.png,.jpg,.jpeg,.gif"


def _units():
    return Organization.objects.filter(is_handling_unit=True, is_active=True).order_by("name")


class AssignForm(PortalFormMixin, forms.Form):
    submit_label = _("Assign")

    lead = forms.ModelChoiceField(label=_("Lead unit (主办)"), queryset=_units(), widget=PickerSelect("units"))
    joint = forms.ModelMultipleChoiceField(
        label=_("Joint units (会办)"), queryset=_units(), required=False, widget=PickerSelectMultiple("units")
    )
    assisting = forms.ModelMultipleChoiceField(
        label=_("Assisting units (协办)"), queryset=_units(), required=False, widget=PickerSelectMultiple("units")
    )


class BulkAssignForm(forms.Form):
    ids = forms.ModelMultipleChoiceField(queryset=Proposal.objects.filter(status=Status.REGISTERED))
    lead = forms.ModelChoiceField(label=_("Lead unit (主办)"), queryset=_units(), widget=PickerSelect("units"))
    assisting = forms.ModelMultipleChoiceField(
        label=_("Assisting units (协办)"), queryset=_units(), required=False, widget=PickerSelectMultiple("units")
    )


class NotRegisterForm(PortalFormMixin, forms.Form):
    submit_label = _("Do not register")

    reason = forms.CharField(label=_("Reason"), max_length=300)


class MergeForm(PortalFormMixin, forms.Form):
    submit_label = _("Merge")

    into = forms.IntegerField(
        label=_("Merge into proposal number (第N号, same session)"), min_value=1, max_value=1_000_000
    )


class ReplyForm(PortalFormMixin, forms.Form):
    submit_label = _("Send the reply")

    cls = forms.ChoiceField(label=_("Class"), choices=_choose(ReplyClass.choices))
    text = forms.CharField(label=_("Reply"), max_length=20000, widget=forms.Textarea(attrs={"rows": 8}))
    letter = forms.FileField(label=_("Signed reply letter (PDF or image)"))


class OpinionForm(PortalFormMixin, forms.Form):
    submit_label = _("Send the opinion to the lead unit")

    text = forms.CharField(label=_("Opinion"), max_length=20000, widget=forms.Textarea(attrs={"rows": 6}))


class ExtensionForm(PortalFormMixin, forms.Form):
    submit_label = _("Ask for an extension")

    new_deadline = forms.DateField(label=_("New deadline"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), max_length=500)


class ReassignForm(PortalFormMixin, forms.Form):
    submit_label = _("Ask for reassignment")

    reason = forms.CharField(label=_("Reason"), max_length=500)
    suggested_unit = forms.ModelChoiceField(
        label=_("Suggested unit"), queryset=_units(), required=False, widget=PickerSelect("units")
    )


class DecideForm(forms.Form):
    approve = forms.TypedChoiceField(choices=[("1", _("Approve")), ("0", _("Refuse"))], coerce=lambda v: v == "1")
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)
    unit = forms.ModelChoiceField(label=_("New unit"), queryset=_units(), required=False, widget=PickerSelect("units"))


class EvaluateForm(PortalFormMixin, forms.Form):
    submit_label = _("Send my evaluation")

    result = forms.ChoiceField(label=_("Evaluation"), choices=_choose(Satisfaction.choices))
    comment = forms.CharField(label=_("Comment"), max_length=500, required=False)


class FollowUpForm(PortalFormMixin, forms.Form):
    submit_label = _("Report progress")

    text = forms.CharField(label=_("Progress"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    solved = forms.BooleanField(label=_("Solved"), required=False)


class VisitForm(PortalFormMixin, forms.Form):
    submit_label = _("Record the visit")

    on = forms.DateField(label=_("Date"), widget=DateInput())
    notes = forms.CharField(
        label=_("What was found and asked"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )


class CategoryForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = Category
        fields = ["name", "order", "active"]


class CategoryFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(label=_("Name"), lookup_expr="icontains")
    active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = Category
        fields = []


class StatisticsForm(forms.Form):
    session = forms.ModelChoiceField(
        label=_("Session"),
        queryset=Session.objects.select_related("term__congress"),
        required=False,
        empty_label=_("All"),
    )
    year = year_field(required=False)


class ProposalFilter(django_filters.FilterSet):
    session = django_filters.ModelChoiceFilter(
        label=_("Session"), queryset=Session.objects.select_related("term__congress")
    )
    category = django_filters.ModelChoiceFilter(label=_("Category"), queryset=Category.objects.all())
    unit = django_filters.ModelChoiceFilter(
        label=_("Unit"), queryset=_units(), method="filter_unit", widget=PickerSelect("units")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=[c for c in Status.choices if c[0] not in UNSUBMITTED]
    )
    cls = django_filters.ChoiceFilter(label=_("Reply class"), choices=ReplyClass.choices, method="filter_cls")
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="filter_overdue")
    key_supervision = django_filters.BooleanFilter(label=_("Key supervision"))
    q = django_filters.CharFilter(label=_("Title"), field_name="title", lookup_expr="icontains")

    class Meta:
        model = Proposal
        fields = []

    def filter_unit(self, qs, name, value):
        from django.db.models import Exists, OuterRef

        from proposals.models import Assignment

        return qs.filter(
            Exists(Assignment.objects.filter(proposal=OuterRef("pk"), unit=value, withdrawn_on__isnull=True))
        )

    def filter_cls(self, qs, name, value):
        from django.db.models import Exists, OuterRef

        from proposals.models import Reply

        return qs.filter(Exists(Reply.objects.filter(assignment__proposal=OuterRef("pk"), cls=value)))

    def filter_overdue(self, qs, name, value):
        from django.db.models import Exists, OuterRef
        from django.utils import timezone

        from proposals.models import Assignment

        late = Assignment.objects.filter(
            proposal=OuterRef("pk"),
            replied_on__isnull=True,
            withdrawn_on__isnull=True,
            deadline__lt=timezone.localdate(),
        )
        return qs.filter(Exists(late)) if value else qs.exclude(Exists(late))
