"""The contract between the core and the apps: what each app contributes, declared once on its AppConfig.

An app names its contributions in a ``portal`` mapping on its AppConfig, as dotted paths, so that declaring
imports nothing and the core never imports an app::

    class ProposalsConfig(AppConfig):
        name = "proposals"
        portal = {
            "figures": "proposals.figures.figures",      # figures(year) -> list[congress.figures.Figure]
            "records": "proposals.figures.records",      # records(key, year) -> Records | None
            "nav": "proposals.contrib.NAV",              # list[NavEntry]
            "workbench": "proposals.workbench.entries",  # entries(user) -> list[WorkSection]
            "roles": "proposals.roles.ROLE_GRANTS",      # {Role: {"view": [...], "add": [...], ...}}
            "demo": {30: "proposals.demo.seed_proposals"},  # {order: seed() -> None}, run by seed_demo by order
            "history_dates": "proposals.demo.HISTORY_DATES",
        }

congress, reports and the management commands read them with ``contributions(kind)``; the kinds are listed
in KINDS, each with the shape of its object. A kind may name one path or a list of paths, or, where the order
across apps matters (the demo's seeding steps), a mapping {order: path}: ``steps(kind)`` returns those objects
ordered by it (then by INSTALLED_APPS order).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.utils.module_loading import import_string

KINDS = {
    "figures": "figures(year) -> list[Figure]: the app's annual-report figures",
    "records": "records(key, year) -> Records | None: the rows behind a figure no list shows",
    "charts": "charts(year) -> list[dict]: the app's annual-report charts",
    "nav": "list[NavEntry]: the app's navigation entries",
    "workbench": "entries(user) -> list[WorkSection]: what waits for this user in the app",
    "roles": "{Role: {action: [app_label.model, ...]}}: model permissions the app grants each role group",
    "demo": "{order: seed() -> None}: the app's demo steps; seed_demo runs every app's by order (meetings before "
    "projects: a project's vote is a poll at a session's meeting)",
    "demo_finish": "finish() -> None: run by seed_demo after the history rows are moved to their days",
    "history_dates": "{model label: date}: the days the demo's history rows are moved to",
    "dossier": "sections(deputy, year) -> list[dict]: the app's sections of a deputy's dossier",
    "search": "list[SearchSource]: what the global search looks in",
    "pickers": "{name: congress.pickers.Kind}: the app's autocomplete pickers, answered at /pick/<name>/",
    "calendar": "events(user, since) -> list[CalendarEvent]: the user's dated entries for the .ics feed, from "
    "``since`` on (at most congress.feeds.MAX_EVENTS are read)",
    "fingerprint": "[glob, ...] relative to the app: more of its files whose change makes what is cached under "
    "the change stamp stale (congress.stamp.code_version; every app's figures, selectors and charts count)",
    "reminders": "list of reminder sources (congress.reminders.Source), registered at start-up",
}


@dataclass(frozen=True)
class Contribution:
    app_label: str
    obj: Any
    order: int = 0  # the key of a {order: path} declaration, else 0


@dataclass(frozen=True)
class NavEntry:
    """One link of the main navigation. ``roles`` None: everyone; "auth": any signed-in user; else a set of
    Role values. Entries of the same ``group`` form one menu, ordered by ``order``."""

    group: str  # a key of GROUPS in congress.context_processors
    label: str
    url_name: str
    roles: Any = None
    order: int = 100


@dataclass
class WorkItem:
    """One record that waits for the user: what it is, where to act on it, and how urgent it is."""

    title: str
    url: str
    note: str = ""  # e.g. "还剩 5 天", "逾期 3 天", the date of a meeting
    due: Any = None  # a date: items are ordered by it, oldest / most urgent first
    overdue: bool = False


@dataclass(frozen=True)
class CalendarEvent:
    """One all-day entry of a user's calendar feed; ``uid`` is stable across feeds (the app's key)."""

    uid: str
    day: Any  # a date
    summary: str
    url: str  # the portal path of the record
    location: str = ""


@dataclass
class WorkSection:
    """A heading of the workbench: a count of what waits and its first items (the count is the full total)."""

    key: str
    title: str
    count: int
    items: list[WorkItem] = field(default_factory=list)
    url: str = ""  # the list screen that shows them all
    order: int = 100


@functools.cache
def contributions(kind: str) -> tuple[Contribution, ...]:
    """Every app's contribution of ``kind``, in INSTALLED_APPS order (imported once, then cached)."""
    if kind not in KINDS:
        raise ValueError("unknown contribution kind %r (known: %s)" % (kind, ", ".join(sorted(KINDS))))
    found = []
    for config in apps.get_app_configs():
        declared = getattr(config, "portal", {}).get(kind)
        if not declared:
            continue
        if isinstance(declared, dict):
            found += [Contribution(config.label, import_string(path), order) for order, path in declared.items()]
        else:
            for path in [declared] if isinstance(declared, str) else declared:
                found.append(Contribution(config.label, import_string(path)))
    return tuple(found)


def objects(kind: str) -> list:
    """The declared objects of ``kind`` alone, in INSTALLED_APPS order."""
    return [c.obj for c in contributions(kind)]


def steps(kind: str, *, with_order: bool = False) -> list:
    """The declared objects of ``kind`` ordered by their declared order (stable: INSTALLED_APPS order on
    ties); with ``with_order``, (order, object) pairs."""
    ordered = sorted(contributions(kind), key=lambda c: c.order)
    return [(c.order, c.obj) if with_order else c.obj for c in ordered]
