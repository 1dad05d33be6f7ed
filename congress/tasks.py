"""Core Celery tasks: the health check, email delivery and the outbox flush."""

from datetime import timedelta

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

from congress import services
from congress.models import OutboundEmail

MAX_ATTEMPTS = 10


@shared_task(name="congress.tasks.heartbeat")
def heartbeat() -> str:
    """Record that a worker is alive (read by the health page) and answer 'pong'."""
    cache.set("celery:heartbeat", timezone.now().isoformat(), timeout=None)
    return "pong"


@shared_task(name="congress.tasks.send_email", bind=True, max_retries=5, default_retry_delay=60)
def send_email(self, outbox_id: int) -> bool:
    sent = services.outbound_email_send(outbox_id=outbox_id)
    if not sent and OutboundEmail.objects.filter(pk=outbox_id, sent_at__isnull=True,
                                                 attempts__lt=MAX_ATTEMPTS).exists():
        raise self.retry()
    return sent


@shared_task(name="congress.tasks.outbox_flush")
def outbox_flush() -> int:
    """Queue every email still pending after two minutes (e.g. the broker was down at commit)."""
    stale = timezone.now() - timedelta(minutes=2)
    ids = list(OutboundEmail.objects.filter(sent_at__isnull=True, created_at__lt=stale,
                                            attempts__lt=MAX_ATTEMPTS).values_list("pk", flat=True))
    for pk in ids:
        send_email.delay(pk)
    return len(ids)


@shared_task(name="congress.tasks.reminders_sweep")
def reminders_sweep() -> int:
    """The daily deadline sweep of every registered source (safe to run twice, or twice at once)."""
    from congress import reminders

    return reminders.sweep()
