"""The daily digest goes through a real Redis broker, a real worker and the loopback SMTP server:
one email a day per user who chose it, with the day's unread notifications, exactly once."""

import time

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from congress.models import DigestLog, OutboundEmail
from congress.services import notification_mark_read, notify
from congress.tasks import digest_sweep

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_digest_is_mailed_once_a_day_by_the_worker(celery_worker_process, smtp_server, role_users):
    _host, _port, inbox = smtp_server
    inbox.messages.clear()
    deputy, unit = role_users["deputy"], role_users["unit"]
    deputy.notify_mode = "daily"
    deputy.save(update_fields=["notify_mode"])
    first, second, read = (
        notify(recipients=[deputy], template="congress/email/welcome", url="/proposals/%d/" % i)[0] for i in (1, 2, 3)
    )
    notification_mark_read(user=deputy, notification_id=read.pk)
    notify(recipients=[unit], template="congress/email/welcome")  # instant: its own email at once
    assert not OutboundEmail.objects.filter(to=deputy.email).exists()
    assert [m["To"] for m in inbox.wait_for(1)] == [unit.email]

    assert digest_sweep.delay().get(timeout=30) == 1
    messages = inbox.wait_for(2)
    digest = messages[1]
    assert digest["To"] == deputy.email and "2" in digest["Subject"]
    body = digest.get_content()
    assert "/proposals/1/" in body and "/proposals/2/" in body and "/proposals/3/" not in body  # read: left out
    assert first.title in body

    # beat again the same day, twice at once: the unique (user, day) key lets nothing through
    results = [digest_sweep.delay(), digest_sweep.delay()]
    assert [r.get(timeout=30) for r in results] == [0, 0]
    time.sleep(1)
    assert len(inbox.messages) == 2
    log = DigestLog.objects.get(user=deputy)
    assert log.count == 2 and log.day == timezone.localdate() and log.email.sent_at is not None
    with pytest.raises(IntegrityError), transaction.atomic():
        DigestLog.objects.create(user=deputy, day=log.day, until=timezone.now(), count=0)
    assert second.pk
