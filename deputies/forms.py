from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from congress.forms import DateInput, PortalFormMixin
from congress.models import Organization, Term
from congress.pickers import PickerSelect
from deputies.models import (
    Activity,
    ByElection,
    Commendation,
    Contribution,
    Deputy,
    DeputyGroup,
    DeputyStatus,
    LiaisonStation,
    OpinionStatus,
    PublicOpinion,
    Reception,
)


def deputy_choices():
    return Deputy.objects.filter(status=DeputyStatus.IN_OFFICE).only("pk", "full_name")


class DeputyForm(PortalFormMixin, forms.ModelForm):
    """A mandate's particulars. How and when it ends (Deputy.transition_fields) is the end-mandate form
    on the deputy's page, through ``services.deputy_end_mandate``."""

    class Meta:
        model = Deputy
        fields = [
            "full_name",
            "gender",
            "ethnicity",
            "birth_date",
            "party",
            "occupation",
            "constituency",
            "congress",
            "term",
            "group",
            "station",
            "entry",
            "by_election",
            "user",
            "id_number",
            "phone",
            "home_address",
        ]
        widgets = {"birth_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = Term.objects.select_related("congress")
        self.fields["by_election"].queryset = ByElection.objects.select_related("term__congress")

    def clean(self):
        data = super().clean()
        term, congress = data.get("term"), data.get("congress")
        if term and congress and term.congress_id != congress.pk:
            self.add_error("term", _("This term belongs to another congress."))
        by_election = data.get("by_election")
        if by_election and term and by_election.term_id != term.pk:
            self.add_error("by_election", _("This by-election was held in another term."))
        group = data.get("group")
        if group and term and group.term_id != term.pk:
            self.add_error("group", _("This deputy group belongs to another term."))
        id_number = data.get("id_number", "")
        if id_number and not _valid_id_number(id_number):
            self.add_error("id_number", _("This is not a valid 18-digit resident ID number."))
        return data


def _valid_id_number(value: str) -> bool:
    """Check an 18-character resident ID number (GB 11643-1999 check digit)."""
    if len(value) != 18 or not value[:17].isdigit():
        return False
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(d) * w for d, w in zip(value[:17], weights)) % 11]
    return value[17].upper() == check


class MandateEndForm(PortalFormMixin, forms.Form):
    """How, when and why a mandate ended; the rules (once, dates) are ``services.deputy_end_mandate``'s."""

    submit_label = _("End the mandate")

    status = forms.ChoiceField(
        label=_("How it ended"), choices=[c for c in DeputyStatus.choices if c[0] != DeputyStatus.IN_OFFICE]
    )
    on = forms.DateField(
        label=_("Ended on"),
        widget=DateInput(),
        help_text=_("From this day the deputy no longer submits, co-signs or votes."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        help_text=_("E.g. the resignation accepted by the standing committee, with its decision."),
    )


class ByElectionForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = ByElection
        fields = ["term", "date", "seats", "note"]
        widgets = {"date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = Term.objects.select_related("congress")


class DeputyGroupForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = DeputyGroup
        fields = ["term", "name", "area", "leader"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = Term.objects.select_related("congress")
        self.fields["leader"].queryset = deputy_choices()


class LiaisonStationForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = LiaisonStation
        fields = [
            "name",
            "kind",
            "town",
            "community",
            "address",
            "schedule",
            "office_phone",
            "duty_deputies",
            "is_active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["duty_deputies"].queryset = deputy_choices()


class ReceptionForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = Reception
        fields = ["station", "date", "deputies", "visitors", "matters"]
        widgets = {"date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputies"].queryset = deputy_choices()


class PublicOpinionForm(PortalFormMixin, forms.ModelForm):
    """What was raised and by whom. Where it goes next (forwarded, handled, closed) is a move on the
    opinion's page, through ``services.opinion_move``."""

    class Meta:
        model = PublicOpinion
        fields = [
            "content",
            "raised_by",
            "contact",
            "place",
            "source",
            "station",
            "reception",
            "collected_by",
            "received_on",
        ]
        widgets = {"received_on": DateInput(), "content": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["collected_by"].queryset = deputy_choices()
        self.fields["reception"].queryset = Reception.objects.select_related("station").order_by("-date")[:200]


class OpinionMoveForm(PortalFormMixin, forms.Form):
    submit_label = _("Record")

    status = forms.ChoiceField(label=_("New status"), choices=[])
    organization = forms.ModelChoiceField(
        label=_("Forward to"),
        required=False,
        queryset=Organization.objects.filter(is_active=True, is_handling_unit=True).order_by("name"),
        widget=PickerSelect("units"),  # the handling units, fetched as typed (proposals.pickers)
    )
    on = forms.DateField(label=_("Date"), widget=DateInput())
    outcome = forms.CharField(
        label=_("Outcome"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, opinion, **kwargs):
        super().__init__(*args, **kwargs)
        from deputies.services import OPINION_MOVES

        self.fields["status"].choices = [(s.value, s.label) for s in OPINION_MOVES.get(opinion.status, ())]
        self.opinion = opinion

    def clean(self):
        data = super().clean()
        if data.get("status") == OpinionStatus.FORWARDED and not data.get("organization"):
            self.add_error("organization", _("Choose the organization the opinion is forwarded to."))
        if data.get("on") and data["on"] < self.opinion.received_on:
            self.add_error("on", _("The date cannot be before the date received."))
        return data


class ActivityForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["kind", "title", "date", "organizer", "group", "participants", "suggestions_count", "suggestions"]
        widgets = {"date": DateInput(), "suggestions": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = deputy_choices()

    def clean(self):
        data = super().clean()
        itemised = [line for line in (data.get("suggestions") or "").splitlines() if line.strip()]
        if itemised and data.get("suggestions_count") is not None and data["suggestions_count"] < len(itemised):
            self.add_error("suggestions_count", _("There are more itemised suggestions than this count."))
        return data


class CommendationForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = Commendation
        fields = ["kind", "year", "deputy", "citation"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputy"].queryset = Deputy.objects.only("pk", "full_name")


class ContributionForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = Contribution
        fields = ["deputy", "year", "description", "jobs", "donation_wan"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputy"].queryset = Deputy.objects.only("pk", "full_name")


class StationMessageForm(PortalFormMixin, forms.Form):
    """The public 'leave a message for this station' form. ``website`` is a honeypot: people
    never see it; a bot that fills it is quietly ignored."""

    submit_label = _("Send")

    content = forms.CharField(label=_("Your message"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5}))
    raised_by = forms.CharField(label=_("Your name (optional)"), max_length=50, required=False)
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

    def clean_content(self):
        content = self.cleaned_data["content"].strip()
        if len(content) < 5:
            raise ValidationError(_("Please describe the matter in a few words."))
        return content


class ImportUploadForm(PortalFormMixin, forms.Form):
    submit_label = _("Preview")

    file = forms.FileField(label=_("Roster (.xlsx)"))
    term = forms.ModelChoiceField(label=_("Term"), queryset=Term.objects.select_related("congress"))
