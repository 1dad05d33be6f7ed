from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from congress.models import Congress, Organization, Session, Term


class PortalFormMixin:
    """Crispy helper with one translated submit button; every portal form uses it."""

    submit_label = _("Save")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class CongressForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = Congress
        fields = ["name", "level", "parent", "is_active"]

    def clean(self):
        data = super().clean()
        parent = data.get("parent")
        if parent and self.instance.pk and parent.pk == self.instance.pk:
            self.add_error("parent", _("A congress cannot be its own parent."))
        return data


class TermForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = Term
        fields = ["congress", "number", "start_date", "end_date"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}


class SessionForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = Session
        fields = ["term", "number", "start_date", "end_date", "place"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = Term.objects.select_related("congress")


class OrganizationForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = Organization
        fields = [
            "name",
            "short_name",
            "kind",
            "congress",
            "parent",
            "is_handling_unit",
            "is_nominating_organ",
            "is_active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Organization.objects.select_related("congress")

    def clean(self):
        data = super().clean()
        parent = data.get("parent")
        if parent and self.instance.pk and parent.pk == self.instance.pk:
            self.add_error("parent", _("An organization cannot be its own parent."))
        return data


class LoginForm(PortalFormMixin, AuthenticationForm):
    submit_label = _("Log in")

    def clean_username(self):
        # AuthenticationForm sets max_length after the field is built, so it is never validated;
        # an overlong name would reach authenticate() and the login-failure log.
        username = self.cleaned_data["username"]
        if len(username) > self.fields["username"].max_length:
            raise forms.ValidationError(_("No account has that user name."))
        return username


class OTPCodeForm(PortalFormMixin, forms.Form):
    submit_label = _("Verify")

    code = forms.CharField(
        label=_("Code"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
        help_text=_("The 6-digit code from your authenticator app, or one of your recovery codes."),
    )


def form_errors_text(form) -> str:
    """Return every error of a bound, invalid ``form`` as one message line (for ``messages.error`` on a
    screen that redirects rather than re-rendering the form), field by field in the form's order."""
    return " ".join(str(e) for errors in form.errors.values() for e in errors)
