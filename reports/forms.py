from django import forms
from django.utils.translation import gettext_lazy as _

from congress.forms import DateInput, PortalFormMixin
from reports.models import Article, Narrative, Part, ReportYear
from reports.services import NARRATIVE_MAX_CHARS


class ReportYearForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = ReportYear
        fields = ["year", "title"]  # published through report_year_publish (ReportYear.transition_fields)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.published:
            self.fields["year"].help_text = _("A published year keeps its number; withdraw it to change it.")

    def clean_year(self):
        """Refuse to renumber a published year (that would publish another year). The field stays
        required, so an empty or junk post is refused with the form rather than saved."""
        year = self.cleaned_data["year"]
        if self.instance.pk and self.instance.published and year != self.instance.year:
            raise forms.ValidationError(_("A published year keeps its number; withdraw it to change it."))
        return year


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


class NarrativeEditForm(PortalFormMixin, forms.Form):
    """One paragraph of the narrative editor; the service decides what is saved (photo by content)."""

    part = forms.ChoiceField(label=_("Part"), choices=Part.choices)
    order = forms.IntegerField(
        label=_("Order"),
        min_value=0,
        max_value=999,
        required=False,
        help_text=_("Paragraphs of a part are shown by this number; empty puts a new paragraph last."),
    )
    text = forms.CharField(
        label=_("Paragraph text"), max_length=NARRATIVE_MAX_CHARS, widget=forms.Textarea(attrs={"rows": 8})
    )
    photo = forms.ImageField(
        label=_("Photo"),
        required=False,
        help_text=_("PNG, JPEG or GIF up to 10 MB. A preview does not keep the file: choose it again before saving."),
    )
    remove_photo = forms.BooleanField(label=_("Remove the current photo"), required=False)
    photo_caption = forms.CharField(label=_("Photo caption"), max_length=200, required=False)

    def __init__(self, *args, has_photo: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not has_photo:
            del self.fields["remove_photo"]

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Write the paragraph's text."))
        return text

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo:
            from reports.services import ReportError, check_narrative_photo

            try:
                check_narrative_photo(photo)
            except ReportError as exc:
                raise forms.ValidationError(str(exc)) from None
        return photo


class PublishForm(forms.Form):
    action = forms.ChoiceField(choices=[("publish", "publish"), ("unpublish", "unpublish")])
