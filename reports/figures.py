"""The year's figures, collected from every app's declared ``figures`` and cached by a change stamp.

Each app that counts something for the annual report declares on its AppConfig
``portal = {"figures": "<app>.figures.figures"}`` (and ``"records"`` where it has rows no list shows):
``figures(year) -> list[Figure]``, Figure and Records from ``congress.figures``. Apps never import
reports; reports reads them all through ``congress.contrib.contributions``. A figure has a stable key
(used by data.json), a value computed from records, a unit and a one-line definition of how it is counted.
"""

import functools
import hashlib
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.utils import translation

from congress.contrib import contributions, objects
from congress.figures import Figure, Records  # noqa: F401  (re-exported: the shapes live in the core)

STAMP_KEY = "report:figures-stamp"
# Writes that change no figure: sessions, notifications, mail, the audit trail itself.
UNCOUNTED = {"UserSession", "Notification", "OutboundEmail", "AuditEntry", "ReminderLog"}
CACHE_SECONDS = 24 * 3600
COUNTED_APPS = ("congress", "deputies", "proposals", "meetings", "projects", "appointments", "oversight", "reports")


def records_for(key: str, year: int) -> Records | None:
    """Return the rows behind the figure ``key`` of ``year`` from the ``records`` its app declares
    (AppConfig.portal), or None where the app has none for it (its staff list is the records)."""
    app = key.split(".", 1)[0]
    for contribution in contributions("records"):
        if contribution.app_label == app:
            return contribution.obj(key, year)
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


def stamp() -> int:
    """The change stamp: from this process's copy while Redis has pushed no change of it
    (reports/stamp.py: no round trip on a warm page), else from the cache."""
    from reports.stamp import watch

    raw = watch.read(cache.make_and_validate_key(STAMP_KEY))
    if raw:
        try:
            return int(raw)
        except ValueError:
            pass
    return cache.get_or_set(STAMP_KEY, 1, timeout=None)


@functools.cache
def code_version() -> str:
    """A fingerprint of the code that computes and renders what is cached: the report app's code and
    templates, every counted app's figures and selectors, the PDF's base template and the translation
    catalogues the labels come from. During a release old and new workers run side by side; each reads only what code like
    its own cached."""
    digest = hashlib.sha256()
    paths: list[Path] = []
    for config in sorted(apps.get_app_configs(), key=lambda c: c.name):
        if config.name in COUNTED_APPS:
            root = Path(config.path)
            paths += (
                list(root.rglob("*"))
                if config.name == "reports"
                else [root / "figures.py", root / "selectors.py", root / "charts.py", *root.glob("locale/*/*/*.mo")]
            )
    paths += [mo for p in settings.LOCALE_PATHS for mo in Path(p).glob("*/*/*.mo")]
    congress = Path(apps.get_app_config("congress").path)  # the PDF's base template and renderer
    paths += [congress / "templates" / "pdf" / "base.html", congress / "pdf.py"]
    for path in sorted(
        p for p in paths if p.suffix in (".py", ".html", ".mo") and p.is_file() and "tests" not in p.parts
    ):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


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


def _bump(sender, **kwargs):
    if (
        sender._meta.app_label in COUNTED_APPS
        and not sender.__name__.startswith("Historical")
        and sender.__name__ not in UNCOUNTED
    ):
        from reports.stamp import watch

        try:
            cache.incr(STAMP_KEY)
        except ValueError:  # not set yet (or evicted): any new value invalidates
            cache.set(STAMP_KEY, 2, timeout=None)
        watch.forget()  # this process reads the new stamp at once
        # One more round trip: Redis answers it only after it has sent every watching process its
        # invalidation of the stamp (reports/stamp.py), so no request that follows this write is served
        # from a copy of the old stamp.
        cache.get(STAMP_KEY)


def _bump_after_migrate(sender, **kwargs):
    """Every release runs ``migrate`` (deploy/release.sh, ``make run``): new code may count or cache
    differently, so nothing cached by the old code is read again."""
    _bump(sender.get_model("ReportYear"))


def connect_invalidation(config):
    """Any save, delete or many-to-many change of a counted model moves the stamp: every cached
    year is recomputed at its next view. One cheap Redis INCR per write; and once per ``migrate``."""
    post_save.connect(_bump, dispatch_uid="report-stamp-save")
    post_delete.connect(_bump, dispatch_uid="report-stamp-delete")
    m2m_changed.connect(_bump, dispatch_uid="report-stamp-m2m")  # sender: the app's through model
    post_migrate.connect(_bump_after_migrate, sender=config, dispatch_uid="report-stamp-migrate")
