"""The one plausible-year range of the portal (1949, the People's Republic, to 2200): every form, filter,
URL parameter and database check of a year uses these, so no copy can drift."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MIN_YEAR = 1949
MAX_YEAR = 2200


def year_in_range(year: int) -> bool:
    """Return whether ``year`` is a plausible year (a URL parameter or a computed year)."""
    return MIN_YEAR <= year <= MAX_YEAR


def year_validators() -> list:
    """Validators of a model or form field holding a year."""
    return [MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]


def year_q(field: str = "year") -> Q:
    """The condition of a database CheckConstraint on a year column."""
    return Q(**{"%s__gte" % field: MIN_YEAR, "%s__lte" % field: MAX_YEAR})


def year_field(**kwargs) -> forms.IntegerField:
    """A form field for a year, refused with Django's translated message outside the range."""
    kwargs.setdefault("label", _("Year"))
    return forms.IntegerField(min_value=MIN_YEAR, max_value=MAX_YEAR, **kwargs)
