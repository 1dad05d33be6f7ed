"""One "join the form errors" for every screen that redirects with a message (congress.forms)."""

import pathlib

from django import forms
from django.utils import translation

from congress.forms import form_errors_text

ROOT = pathlib.Path(__file__).resolve().parents[2]


class _Form(forms.Form):
    title = forms.CharField()
    year = forms.IntegerField(min_value=1949)

    def clean(self):
        raise forms.ValidationError("整体错误")


def test_every_error_of_the_form_in_one_line_field_by_field():
    with translation.override("en"):
        form = _Form({"title": "", "year": "1900"})
        assert not form.is_valid()
        text = form_errors_text(form)
    assert text.index("This field is required.") < text.index("1949") < text.index("整体错误")
    assert form_errors_text(_Form({"title": "x", "year": "2000"})) == "整体错误"


def test_no_view_joins_form_errors_itself():
    offenders = [
        str(p.relative_to(ROOT))
        for p in ROOT.glob("*/views*.py")
        if "for errors in form.errors.values() for e in errors" in p.read_text(encoding="utf-8")
        or "for ms in form.errors.values() for m in ms" in p.read_text(encoding="utf-8")
    ]
    assert offenders == []
