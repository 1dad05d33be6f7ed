"""Writes for the core: saving reference records with their actor, notifications and the email outbox."""

import logging
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation

from congress.audit import as_actor
from congress.models import Notification, NotifyMode, OutboundEmail, User

log = logging.getLogger(__name__)


@transaction.atomic
def record_save(*, form, actor: User):
    """Save a validated ModelForm's instance as ``actor`` (audited with its changed fields)."""
    instance = form.save(commit=False)
    as_actor(instance, actor)
    instance.save()
    form.save_m2m()
    return instance


def _render(template: str, context: dict, language: str) -> tuple[str, str]:
    with translation.override(language):
        subject = render_to_string("%s_subject.txt" % template, context).strip().splitlines()[0]
        body = render_to_string("%s_body.txt" % template, context).strip()
    return subject, body


def notify(
    *, recipients: Iterable[User], template: str, context: dict | None = None, url: str = "", email: bool = True
) -> list[Notification]:
    """Notify each recipient in-app and, where they have an address, by email (none for those who
    chose the daily digest: congress.digest mails them their unread notifications once a day).

    ``template`` names a pair ``<template>_subject.txt`` / ``<template>_body.txt`` rendered in each
    recipient's own language. Rows are written in the caller's transaction; emails are queued only
    after it commits, and an email that could not be queued is sent by the periodic outbox flush.
    """
    context = dict(context or {}, site_url=settings.SITE_URL, url=url)
    created = []
    with transaction.atomic():
        for user in recipients:
            subject, body = _render(template, dict(context, recipient=user), user.language)
            note = Notification.objects.create(recipient=user, title=subject[:200], body=body, url=url)
            created.append(note)
            if email and user.email and user.notify_mode != NotifyMode.DAILY:  # else: the daily digest
                out = OutboundEmail.objects.create(
                    to=user.email,
                    subject=subject[:250],
                    body=body,
                    notification=note,
                    message_id="<%s@%s>" % (uuid.uuid4().hex, settings.PORTAL_MAIL_DOMAIN),
                )
                transaction.on_commit(lambda pk=out.pk: _queue_email(pk))
    return created


SEND_EMAIL = "congress.tasks.send_email"  # queued by name: the services never import the tasks that call them


def _queue_email(outbox_id: int) -> None:
    from celery import current_app

    try:
        current_app.send_task(SEND_EMAIL, args=[outbox_id])
    except Exception:  # broker down: the row stays pending and outbox_flush sends it later
        log.warning("could not queue outbound email %s; the outbox flush will send it", outbox_id)


def outbound_email_send(*, outbox_id: int) -> bool:
    """Deliver one outbox row unless it is already sent; return True if this call sent it.

    The row is locked (skipping rows another worker holds) for the length of the SMTP exchange and
    marked sent in the same transaction, so two workers never both send it.
    """
    with transaction.atomic():
        row = (
            OutboundEmail.objects.select_for_update(skip_locked=True).filter(pk=outbox_id, sent_at__isnull=True).first()
        )
        if row is None:
            return False
        try:
            EmailMessage(subject=row.subject, body=row.body, to=[row.to], headers={"Message-ID": row.message_id}).send()
        except Exception as exc:
            row.attempts += 1
            row.last_error = ("%s: %s" % (exc.__class__.__name__, exc))[:500]
            row.save(update_fields=["attempts", "last_error"])
            return False
        row.sent_at = timezone.now()
        row.attempts += 1
        row.last_error = ""
        row.save(update_fields=["sent_at", "attempts", "last_error"])
        return True


def notification_mark_read(*, user: User, notification_id: int | None = None) -> int:
    """Mark one of ``user``'s notifications (or all of them) read; return how many changed."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=timezone.now())


def notifications_settle(*, since) -> int:
    """Mark every unread notice written since ``since`` read as of when it was written (the demo's past
    years were read in their time); return how many."""
    return Notification.objects.filter(created_at__gte=since, read_at__isnull=True).update(read_at=F("created_at"))


@transaction.atomic
def user_ensure(
    *,
    username: str,
    full_name: str,
    roles: Iterable[str] = (),
    password: str | None = None,
    email: str = "",
    organization=None,
    is_superuser: bool = False,
    actor: User | None = None,
) -> User:
    """Create or update the user ``username`` with exactly these roles. Idempotent.

    Office roles (staff, admin) also get Django's ``is_staff`` for the admin site.
    """
    from django.contrib.auth.models import Group

    from congress.models import Role
    from congress.roles import sync_role_groups

    roles = set(roles)
    user = User.objects.filter(username=username).first() or User(username=username)
    user.full_name, user.email, user.organization = full_name, email, organization
    user.is_superuser = is_superuser
    user.is_staff = is_superuser or bool(roles & {Role.STAFF, Role.ADMIN})
    if password is not None:
        user.set_password(password)
    as_actor(user, actor)
    user.save()
    groups = Group.objects.filter(name__in=roles)
    if groups.count() != len(roles):
        groups = [g for name, g in sync_role_groups().items() if name in roles]
    user.groups.set(groups)
    user._role_names = None
    return user


def user_set_language(*, user: User, language: str) -> None:
    """Remember ``user``'s interface language; their notifications are rendered in it."""
    user.language = language
    as_actor(user, user)
    user.save(update_fields=["language"])
