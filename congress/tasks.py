"""Core Celery tasks: the health check, email delivery and the outbox flush."""

from datetime import timedelta

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

from congress import services
from congress.models import OutboundEmail

MAX_ATTEMPTS = 10
WORKER_KEY = "celery:heartbeat"  # a worker ran the heartbeat task (sent by beat every minute)
BEAT_KEY = "celery:beat-heartbeat"  # beat's scheduler ticked (congress.celery.HeartbeatScheduler)


@shared_task(name="congress.tasks.heartbeat")
def heartbeat() -> str:
    """Record that a worker is alive (read by the health page) and answer 'pong'."""
    cache.set(WORKER_KEY, timezone.now().isoformat(), timeout=None)
    return "pong"


def beat_heartbeat() -> None:
    """Called by beat's scheduler as it ticks. Never stops beat: a Redis outage only ages the value."""
    try:
        cache.set(BEAT_KEY, timezone.now().isoformat(), timeout=None)
    except Exception:  # noqa: BLE001 - the health page reports the stale value instead
        pass


def heartbeat_status() -> dict:
    """The age of the worker's and beat's last heartbeat, and whether both are within
    HEARTBEAT_STALE_SECONDS: {"ok": bool, "stale_after_seconds": n, "worker": {...}, "beat": {...}}."""
    import datetime as dt

    from django.conf import settings

    limit = settings.HEARTBEAT_STALE_SECONDS
    now = timezone.now()
    try:
        values = cache.get_many([WORKER_KEY, BEAT_KEY])
    except Exception:  # noqa: BLE001 - Redis down: both unknown, which is stale
        values = {}
    status = {"stale_after_seconds": limit}
    for name, key in (("worker", WORKER_KEY), ("beat", BEAT_KEY)):
        try:
            last = dt.datetime.fromisoformat(values[key])
        except (KeyError, TypeError, ValueError):
            status[name] = {"last": None, "age_seconds": None, "ok": False}
            continue
        age = max(0, round((now - last).total_seconds()))
        status[name] = {"last": last.isoformat(), "age_seconds": age, "ok": age <= limit}
    status["ok"] = status["worker"]["ok"] and status["beat"]["ok"]
    return status


@shared_task(name="congress.tasks.send_email", bind=True, max_retries=5, default_retry_delay=60)
def send_email(self, outbox_id: int) -> bool:
    sent = services.outbound_email_send(outbox_id=outbox_id)
    if (
        not sent
        and OutboundEmail.objects.filter(pk=outbox_id, sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS).exists()
    ):
        raise self.retry()
    return sent


@shared_task(name="congress.tasks.outbox_flush")
def outbox_flush() -> int:
    """Queue every email still pending after two minutes (e.g. the broker was down at commit)."""
    stale = timezone.now() - timedelta(minutes=2)
    ids = list(
        OutboundEmail.objects.filter(sent_at__isnull=True, created_at__lt=stale, attempts__lt=MAX_ATTEMPTS).values_list(
            "pk", flat=True
        )
    )
    for pk in ids:
        send_email.delay(pk)
    return len(ids)


@shared_task(name="congress.tasks.reminders_sweep")
def reminders_sweep() -> int:
    """The daily deadline sweep of every registered source (safe to run twice, or twice at once)."""
    from congress import reminders

    return reminders.sweep()


@shared_task(name="congress.tasks.digest_sweep")
def digest_sweep() -> int:
    """The daily digest emails (congress/digest.py): one a day per user who chose it, exactly once."""
    from congress import digest

    return digest.digest_sweep()


@shared_task(name="congress.tasks.retention_sweep")
def retention_sweep() -> dict:
    """The daily retention sweep (congress/retention.py): old uploads, sessions and login records."""
    from congress import retention

    return retention.sweep()
