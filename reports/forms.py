from django import forms

from congress.forms import PortalFormMixin
from congress.forms import DateInput
from reports.models import Article, Narrative, ReportYear


class ReportYearForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = ReportYear
        fields = ["year", "title", "published"]


class NarrativeForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = Narrative
        fields = ["report", "part", "order", "text", "photo_caption"]
        widgets = {"text": forms.Textarea(attrs={"rows": 8})}


class ArticleForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = Article
        fields = ["title", "outlet", "published_on", "link"]
        widgets = {"published_on": DateInput()}
