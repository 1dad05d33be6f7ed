"""Autocomplete pickers (Tom Select) for choice lists that can grow past a screenful.

A picker field stays an ordinary ModelChoiceField/ModelMultipleChoiceField bound to its queryset, so
validation is Django's; only its widget changes: it renders the selected options alone and names a
JSON endpoint (congress.views_pick, ``/pick/<kind>/?q=``) from which static/js/pickers.js fetches
the rest. Without JavaScript the select still shows (and posts) what is chosen. Each kind declares who
may search it and the candidates a user sees: the same queryset the form validates against.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

LIMIT = 20  # matches per answer: a picker narrows by typing, it never lists everything


class _PickerMixin:
    kind = ""

    class Media:
        css = {"all": ["vendor/tom-select/css/tom-select.bootstrap5.min.css"]}
        js = ["vendor/tom-select/js/tom-select.complete.min.js", "js/pickers.js"]

    def __init__(self, kind: str, attrs=None):
        super().__init__(attrs=attrs)
        self.kind = kind

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update(
            {
                "data-picker": reverse("pick", args=[self.kind]),
                "data-placeholder": str(_("Type to search…")),
                "data-no-results": str(_("Nothing matches.")),
            }
        )
        return context

    def optgroups(self, name, value, attrs=None):
        """Only the chosen options: the full list is what the endpoint searches."""
        chosen = [str(v) for v in value if str(v).isdigit()]
        iterator = self.choices
        queryset = getattr(iterator, "queryset", None)
        if queryset is None:
            return super().optgroups(name, value, attrs)
        field = iterator.field
        selected = queryset.filter(pk__in=chosen) if chosen else queryset.none()
        options = [(o.pk, field.label_from_instance(o)) for o in selected]
        if not self.allow_multiple_selected:
            options.insert(0, ("", ""))  # Tom Select shows the placeholder; never Django's '---------'
        saved = self.choices
        self.choices = options
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = saved


class PickerSelect(_PickerMixin, forms.Select):
    pass


class PickerSelectMultiple(_PickerMixin, forms.SelectMultiple):
    pass


@dataclass(frozen=True)
class Kind:
    """One kind of picker: who may search it (``allowed(user)``), the candidates a user sees (the same
    queryset the forms validate against), how a typed text narrows them and how each is labelled."""

    allowed: Callable[[object], bool]
    candidates: Callable[[object], QuerySet]  # user -> the queryset the forms validate against
    search: Callable[[QuerySet, str], QuerySet]
    label: Callable[[object], str] = str


def _people(user):
    from congress.models import User

    return User.objects.filter(is_active=True).order_by("full_name", "pk")


def _organizations(user):
    from congress.models import Organization

    return Organization.objects.filter(is_active=True).order_by("name", "pk")


# the core's own kinds; every app adds its own (AppConfig.portal["pickers"]: {name: Kind})
CORE_KINDS: dict[str, Kind] = {
    "people": Kind(
        allowed=lambda user: user.has_perm("meetings.manage") or user.has_perm("appointments.manage"),
        candidates=_people,
        search=lambda qs, q: qs.filter(Q(full_name__icontains=q) | Q(username__icontains=q)),
    ),
    "organizations": Kind(
        allowed=lambda user: user.has_perm("appointments.manage"),
        candidates=_organizations,
        search=lambda qs, q: qs.filter(Q(name__icontains=q) | Q(short_name__icontains=q)),
    ),
}


def kinds() -> dict[str, Kind]:
    """The core's kinds and every app's declared ones (``pickers`` contributions)."""
    from congress.contrib import objects

    found = dict(CORE_KINDS)
    for declared in objects("pickers"):
        found.update(declared)
    return found


def matches(*, user, kind: Kind, q: str) -> list[dict]:
    """Up to LIMIT candidates of ``kind`` for ``user`` matching ``q`` (empty: the first LIMIT). One query."""
    qs = kind.candidates(user)
    q = q.strip()[:50]
    if q:
        qs = kind.search(qs, q)
    return [{"value": str(o.pk), "text": kind.label(o)} for o in qs[:LIMIT]]
