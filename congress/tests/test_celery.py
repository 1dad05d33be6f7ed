"""Tasks run through a real Redis broker and a real worker process started by the test."""

import time

import pytest
from django.core.cache import cache

from congress.models import OutboundEmail
from congress.services import notify
from congress.tasks import heartbeat, outbox_flush, send_email

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_heartbeat_runs_in_the_worker(celery_worker_process):
    cache.delete("celery:heartbeat")
    assert heartbeat.delay().get(timeout=30) == "pong"
    assert cache.get("celery:heartbeat")  # written by the worker process, read through Redis


def test_committed_notification_is_mailed_by_the_worker_exactly_once(celery_worker_process, smtp_server, role_users):
    _host, _port, inbox = smtp_server
    inbox.messages.clear()
    (note,) = notify(recipients=[role_users["deputy"]], template="congress/email/welcome")  # commits: autocommit
    row = OutboundEmail.objects.get(notification=note)
    messages = inbox.wait_for(1)
    assert [m["Message-ID"] for m in messages] == [row.message_id]

    # the same task delivered again, twice at once, and the periodic flush: nothing is sent twice
    results = [send_email.delay(row.pk), send_email.delay(row.pk)]
    assert [r.get(timeout=30) for r in results] == [False, False]
    assert outbox_flush.delay().get(timeout=30) == 0
    time.sleep(1)
    assert len(inbox.messages) == 1
    row.refresh_from_db()
    assert row.sent_at is not None and row.attempts == 1
