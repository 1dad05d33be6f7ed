from django import forms

from congress.forms import PortalFormMixin
from reports.models import Narrative, ReportYear


class ReportYearForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = ReportYear
        fields = ["year", "title", "published"]


class NarrativeForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = Narrative
        fields = ["report", "part", "order", "text", "photo_caption"]
        widgets = {"text": forms.Textarea(attrs={"rows": 8})}
