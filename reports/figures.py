"""The year's figures, collected from every app's ``figures.py`` and cached by a change stamp.

Each app that counts something for the annual report has a module ``<app>/figures.py`` with a
function ``figures(year) -> list[Figure]``. Apps never import reports; reports reads them all.
A figure has a stable key (used by data.json), a value computed from records, a unit and a
one-line definition of how it is counted.
"""

import importlib
from dataclasses import asdict, dataclass
from decimal import Decimal

from django.apps import apps
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import translation

STAMP_KEY = "report:figures-stamp"
CACHE_SECONDS = 24 * 3600
COUNTED_APPS = ("congress", "deputies", "proposals", "meetings", "projects", "appointments", "oversight")


@dataclass
class Figure:
    key: str
    part: str                      # reports.models.Part value
    label: str
    value: int | float | Decimal
    unit: str
    definition: str
    staff_url: str = ""            # the records behind it (staff)
    public_url: str = ""           # its public summary, where one exists

    def as_json(self) -> dict:
        data = asdict(self)
        data["value"] = float(self.value) if isinstance(self.value, Decimal) else self.value
        data.pop("staff_url")
        return data


def providers():
    found = []
    for config in apps.get_app_configs():
        if config.name in COUNTED_APPS:
            try:
                module = importlib.import_module("%s.figures" % config.name)
            except ModuleNotFoundError as exc:
                if exc.name != "%s.figures" % config.name:
                    raise
                continue
            found.append(module.figures)
    return found


def compute(year: int) -> list[Figure]:
    return [figure for provider in providers() for figure in provider(year)]


def stamp() -> int:
    return cache.get_or_set(STAMP_KEY, 1, timeout=None)


def figures_for(year: int) -> list[Figure]:
    """Return the year's figures from the cache, computing them when any counted record changed."""
    key = "report:figures:%s:%s:%s" % (year, translation.get_language(), stamp())
    result = cache.get(key)
    if result is None:
        result = compute(year)
        cache.set(key, result, CACHE_SECONDS)
    return result


def _bump(sender, **kwargs):
    if sender._meta.app_label in COUNTED_APPS and not sender.__name__.startswith("Historical"):
        try:
            cache.incr(STAMP_KEY)
        except ValueError:  # not set yet (or evicted): any new value invalidates
            cache.set(STAMP_KEY, 2, timeout=None)


def connect_invalidation():
    """Any save, delete or many-to-many change of a counted model moves the stamp: every cached
    year is recomputed at its next view. One cheap Redis INCR per write."""
    post_save.connect(_bump, dispatch_uid="report-stamp-save")
    post_delete.connect(_bump, dispatch_uid="report-stamp-delete")
    m2m_changed.connect(_bump, dispatch_uid="report-stamp-m2m")  # sender: the app's through model
