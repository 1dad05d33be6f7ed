"""The daily digest (每日汇总): a user who chose it gets no email per notification but one email a
day listing the unread notifications since their previous digest.

Exactly once: the DigestLog row (unique on user and day) and its outbox row are written in one
transaction; a second run the same day, or two at once, meets the unique key and sends nothing. The
outbox then delivers it like any email (marked sent only after the mail server accepted it)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from congress.models import DigestLog, Notification, NotifyMode, OutboundEmail, User

FIRST_WINDOW = dt.timedelta(days=1)  # a user's first digest covers the last day


def digest_send(*, user: User, now: dt.datetime | None = None) -> DigestLog | None:
    """Write ``user``'s digest for today (local date) if they have an address, unread notifications
    since their last digest and no digest today yet; return the log row, or None when nothing is due."""
    from congress.services import _queue_email, _render

    now = now or timezone.now()
    day = timezone.localdate(now)
    if not user.email or DigestLog.objects.filter(user=user, day=day).exists():
        return None
    last = DigestLog.objects.filter(user=user).order_by("-until").values_list("until", flat=True).first()
    since = last or now - FIRST_WINDOW
    notes = list(
        Notification.objects.filter(
            recipient=user, read_at__isnull=True, created_at__gt=since, created_at__lte=now
        ).order_by("created_at", "pk")
    )
    if not notes:
        return None
    subject, body = _render(
        "congress/email/digest",
        {"recipient": user, "notifications": notes, "day": day, "site_url": settings.SITE_URL},
        user.language,
    )
    try:
        with transaction.atomic():
            log = DigestLog.objects.create(user=user, day=day, until=now, count=len(notes))
            out = OutboundEmail.objects.create(
                to=user.email,
                subject=subject[:250],
                body=body,
                message_id="<digest-%s-%s-%s@%s>"
                % (user.pk, day.isoformat(), uuid.uuid4().hex[:8], settings.PORTAL_MAIL_DOMAIN),
            )
            log.email = out
            log.save(update_fields=["email"])
            transaction.on_commit(lambda pk=out.pk: _queue_email(pk))
    except IntegrityError:  # another run wrote today's digest first
        return None
    return log


def digest_sweep(*, now: dt.datetime | None = None) -> int:
    """Send today's digest to every active user who chose it; return how many were written."""
    users = User.objects.filter(is_active=True, notify_mode=NotifyMode.DAILY).exclude(email="").order_by("pk")
    return sum(1 for user in users if digest_send(user=user, now=now) is not None)
