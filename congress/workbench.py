"""The workbench (工作台): what waits for a user, gathered from every app's ``workbench`` contribution
(congress.contrib), and the helpers the apps build their sections with."""

import datetime as dt

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from congress import stamp as change
from congress.contrib import WorkItem, WorkSection, contributions
from congress.models import Notification, User

LIMIT = 5  # the items a section lists; its count is the full total
CACHE_SECONDS = 600  # an app's sections are also re-read after this, whatever the stamp says


def days_left(deadline: dt.date | None, today: dt.date | None = None) -> tuple[str, bool]:
    """The note on a deadline: "还剩 N 天", "今天到期" or "逾期 N 天", and whether it has passed."""
    if deadline is None:
        return "", False
    days = (deadline - (today or timezone.localdate())).days
    if days > 0:
        return ngettext("%(n)d day left", "%(n)d days left", days) % {"n": days}, False
    if days == 0:
        return str(_("Due today")), False
    return ngettext("%(n)d day overdue", "%(n)d days overdue", -days) % {"n": -days}, True


def day(value) -> str:
    """A date as the reader's language writes it (2026年12月3日)."""
    from django.utils.formats import date_format

    return date_format(value, "DATE_FORMAT") if value else ""


def section(*, key, title, queryset, item, url="", order=100, limit=LIMIT) -> WorkSection | None:
    """A section of the first ``limit`` rows of ``queryset`` (already ordered, most urgent first), each
    made a WorkItem by ``item``, and the full count (a second query only when the first page is full);
    None when nothing waits. One or two queries."""
    rows = list(queryset[:limit])
    if not rows:
        return None
    count = len(rows) if len(rows) < limit else queryset.count()
    return WorkSection(key=key, title=str(title), count=count, items=[item(r) for r in rows], url=url, order=order)


def listed(*, key, title, rows, item, url="", order=100, limit=LIMIT) -> WorkSection | None:
    """A section of rows already read (a selector's list): its length is the count."""
    if not rows:
        return None
    return WorkSection(
        key=key, title=str(title), count=len(rows), items=[item(r) for r in rows[:limit]], url=url, order=order
    )


def entries(user: User) -> list[WorkSection]:
    """The core's own section: unread notifications, each notice once (the same title and link sent
    twice, e.g. as lead and as co-signer, shows once), newest first."""
    from django.urls import reverse

    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    rows = list(unread.order_by("-created_at", "-pk")[:50])
    seen, items, total = set(), [], 0
    for note in rows:
        if (note.title, note.url) in seen:
            continue
        seen.add((note.title, note.url))
        total += 1
        if len(items) < LIMIT:
            items.append(
                WorkItem(
                    title=note.title,
                    url=note.url or reverse("congress:notifications"),
                    note=day(timezone.localtime(note.created_at).date()),
                )
            )
    if not items:
        return []
    if len(rows) == 50:  # more than were read: count the distinct notices in the database
        total = unread.values("title", "url").distinct().count()
    return [
        WorkSection(
            key="notifications",
            title=str(_("Unread notifications")),
            count=total,
            items=items,
            url=reverse("congress:notifications"),
            order=900,
        )
    ]


def app_sections(user: User) -> list[WorkSection]:
    """The apps' sections for ``user``, computed from the records: what waits in every app but the core."""
    found = []
    for contribution in contributions("workbench"):
        if contribution.app_label != "congress":
            found += [s for s in contribution.obj(user) if s is not None]
    return found


def workbench_for(user: User) -> list[WorkSection]:
    """Every app's sections for ``user``, in their order (an app returns only what waits).

    The apps' sections come from the cache under the change stamp, the day and the language: any write to
    a counted record (a proposal registered, a ballot cast, a role granted) moves the stamp, so a cached
    section is never read after the records it counts have changed; overdue notes follow the day. The core's
    unread notifications are not counted by the stamp and are read on every request (one or two queries)."""
    key = "workbench:%d:%d:%s:%s" % (user.pk, change.stamp(), timezone.localdate().isoformat(), get_language())
    sections = cache.get(key)
    if sections is None:
        sections = app_sections(user)
        cache.set(key, sections, CACHE_SECONDS)
    return sorted(sections + entries(user), key=lambda s: s.order)
