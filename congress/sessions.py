"""Who is signed in where: one UserSession row per login, so staff can list and end sessions."""

import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.contrib.sessions.backends.cached_db import SessionStore
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

LOGIN_AT = "_portal_login_at"
SEEN_AT = "_portal_seen_at"


@receiver(user_logged_in)
def session_started(sender, request, user, **kwargs):
    from congress.models import UserSession

    # Django has already given the session a new key (cycle_key), so a fixed session id is useless.
    now = time.time()
    request.session[LOGIN_AT] = request.session[SEEN_AT] = now
    request.session.save()
    UserSession.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={
            "user": user,
            "ip": request.META.get("REMOTE_ADDR") or None,
            "user_agent": request.META.get("HTTP_USER_AGENT", "")[:200],
            "ended_at": None,
        },
    )


@receiver(user_logged_out)
def session_logged_out(sender, request, user, **kwargs):
    if request is not None and request.session.session_key:
        session_ended(request.session.session_key)


def session_seen(request) -> None:
    from congress.models import UserSession

    UserSession.objects.filter(session_key=request.session.session_key).update(last_seen_at=timezone.now())


def session_ended(session_key: str | None) -> None:
    from congress.models import UserSession

    if session_key:
        UserSession.objects.filter(session_key=session_key, ended_at__isnull=True).update(ended_at=timezone.now())


def session_end(*, session_id: int, actor) -> bool:
    """End one of a user's sessions now (the user is signed out at their next request)."""
    from congress.models import UserSession

    row = UserSession.objects.filter(pk=session_id, ended_at__isnull=True).first()
    if row is None:
        return False
    SessionStore(session_key=row.session_key).delete()
    row.ended_at, row.ended_by = timezone.now(), actor
    row.save(update_fields=["ended_at", "ended_by"])
    return True


def sessions_end_for_user(*, user, actor=None) -> int:
    """End every open session of ``user`` now (their stored sessions are deleted); return how many."""
    from congress.models import UserSession

    ended = 0
    for row in UserSession.objects.filter(user=user, ended_at__isnull=True):
        SessionStore(session_key=row.session_key).delete()
        row.ended_at, row.ended_by = timezone.now(), actor
        row.save(update_fields=["ended_at", "ended_by"])
        ended += 1
    return ended


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def deactivated_user_signed_out(sender, instance, **kwargs):
    """A deactivated account's sessions end at once, whoever deactivated it and however (portal,
    admin, a service): reactivating the account later does not bring an old session back."""
    if not instance.is_active:
        sessions_end_for_user(user=instance)
