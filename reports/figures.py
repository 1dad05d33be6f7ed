"""The year's figures, collected from every app's declared ``figures`` and cached by a change stamp.

Each app that counts something for the annual report declares on its AppConfig
``portal = {"figures": "<app>.figures.figures"}`` (and ``"records"`` where it has rows no list shows):
``figures(year) -> list[Figure]``, Figure and Records from ``congress.figures``. Apps never import
reports; reports reads them all through ``congress.contrib.contributions``. A figure has a stable key
(used by data.json), a value computed from records, a unit and a one-line definition of how it is counted.
"""

from django.core.cache import cache
from django.utils import translation

from congress.contrib import contributions, objects
from congress.figures import Figure, Records  # noqa: F401  (re-exported: the shapes live in the core)
from congress.stamp import CACHE_SECONDS, STAMP_KEY, code_version, stamp  # noqa: F401  (the core's stamp)


def records_for(key: str, year: int) -> Records | None:
    """Return the rows behind the figure ``key`` of ``year`` from the ``records`` an app declares
    (AppConfig.portal): the app the key names first, then the others (meetings counts the deputies'
    列席 person-times), or None where none has rows for it (its staff list is the records)."""
    app = key.split(".", 1)[0]
    for contribution in sorted(contributions("records"), key=lambda c: c.app_label != app):
        found = contribution.obj(key, year)
        if found is not None:
            return found
    return None


def providers():
    """Every app's ``figures(year)``, declared as its AppConfig.portal["figures"], in INSTALLED_APPS order."""
    return objects("figures")


def figures(year: int) -> list[Figure]:
    """The report's own records: media articles (self-building)."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from reports.models import Article

    return [
        Figure(
            "reports.articles",
            "self",
            _("Articles published in the media"),
            Article.objects.filter(published_on__year=year).count(),
            _("articles"),
            _("Media articles about the committee's work published in the year."),
            "%s?year=%d" % (reverse("reports:article_list"), year),
        )
    ]


def compute(year: int) -> list[Figure]:
    return [figure for provider in providers() for figure in provider(year)]


def cached(name: str, build, *args):
    """Return ``build(*args)`` from the cache, keyed by name, arguments, language, the code's
    fingerprint and the change stamp: any write to a counted model moves the stamp, so a stale entry
    is never read again (it expires on its own). Values must pickle; translated strings are
    computed in ``build``."""
    key = "report:%s:%s:%s:%s:%s" % (
        name,
        ":".join(str(a) for a in args),
        translation.get_language(),
        code_version(),
        stamp(),
    )
    result = cache.get(key)
    if result is None:
        result = build(*args)
        cache.set(key, result, CACHE_SECONDS)
    return result


def figures_for(year: int) -> list[Figure]:
    """Return the year's figures from the cache, computing them when any counted record changed."""
    return cached("figures", compute, year)
