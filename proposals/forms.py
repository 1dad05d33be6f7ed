from django import forms
from django.utils.translation import gettext_lazy as _

from congress.forms import PortalFormMixin
from congress.models import Organization
from proposals.models import Kind, ReplyClass, Satisfaction


class ProposalForm(PortalFormMixin, forms.Form):
    submit_label = _("Save the draft")

    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    category = forms.CharField(label=_("Category"), max_length=50)
    content = forms.CharField(label=_("Content"), max_length=20000, widget=forms.Textarea(attrs={"rows": 10}))


def _units():
    return Organization.objects.filter(is_handling_unit=True, is_active=True)


class AssignForm(PortalFormMixin, forms.Form):
    submit_label = _("Assign")

    lead = forms.ModelChoiceField(label=_("Lead unit"), queryset=_units())
    assisting = forms.ModelMultipleChoiceField(label=_("Assisting units"), queryset=_units(), required=False)


class NotRegisterForm(PortalFormMixin, forms.Form):
    submit_label = _("Do not register")

    reason = forms.CharField(label=_("Reason"), max_length=300)


class ReplyForm(PortalFormMixin, forms.Form):
    submit_label = _("Send the reply")

    cls = forms.ChoiceField(label=_("Class"), choices=ReplyClass.choices)
    text = forms.CharField(label=_("Reply"), max_length=20000, widget=forms.Textarea(attrs={"rows": 8}))


class EvaluateForm(PortalFormMixin, forms.Form):
    submit_label = _("Send my evaluation")

    result = forms.ChoiceField(label=_("Evaluation"), choices=Satisfaction.choices)
    comment = forms.CharField(label=_("Comment"), max_length=500, required=False)
