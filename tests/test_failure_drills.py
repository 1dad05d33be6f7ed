"""Failure drills with real servers: Redis stopped while people use the portal."""

import shutil
import subprocess
import time

import pytest
from django.core.cache import caches
from django.urls import reverse

from conftest import free_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def throwaway_redis(tmp_path, settings):
    """A redis-server of this test's own, used as the cache; stop() kills it mid-test."""
    port = free_port()
    proc = subprocess.Popen([shutil.which("redis-server") or "/usr/bin/redis-server", "--port", str(port),
                             "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(tmp_path)],
                            stdout=subprocess.DEVNULL)
    time.sleep(0.3)
    settings.CACHES = {**settings.CACHES, "default": {**settings.CACHES["default"],
                                                      "LOCATION": "redis://127.0.0.1:%d/0" % port}}
    proc.stop = lambda: (proc.terminate(), proc.wait(10))
    yield proc
    if proc.poll() is None:
        proc.terminate()
        proc.wait(10)


def test_pages_sessions_and_submissions_keep_working_without_redis(client, client_as, role_users, throwaway_redis):
    from deputies.models import PublicOpinion
    from deputies.tests.factories import LiaisonStationFactory

    station = LiaisonStationFactory()
    deputy = client_as("deputy")
    assert deputy.get(reverse("congress:home")).status_code == 200
    caches["default"].set("probe", 1)
    assert caches["default"].get("probe") == 1  # the cache really was Redis

    throwaway_redis.stop()
    assert caches["default"].get("probe") is None  # a miss, not an error
    assert client.get(reverse("reports:home")).status_code == 200
    assert deputy.get(reverse("congress:home")).status_code == 200  # the session is read from PostgreSQL
    response = client.post(reverse("deputies:station", args=[station.pk]), {"content": "停电期间也能留言吗"})
    assert response.status_code == 302
    assert PublicOpinion.objects.filter(station=station).count() == 1
    assert client.get(reverse("reports:report", args=[2023])).status_code in (200, 404)


def test_report_figures_are_computed_when_the_cache_is_away(client, role_users, throwaway_redis):
    from reports.models import ReportYear

    ReportYear.objects.create(year=2023, published=True)
    throwaway_redis.stop()
    data = client.get(reverse("reports:report_data", args=[2023])).json()
    assert data["figures"] and all("value" in f for f in data["figures"])


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_batch_loses_no_mail(role_users, smtp_server, tmp_path):
    """kill -9 a worker while it sends a batch; a second worker finishes it. Every message arrives;
    at most the one message the killed worker had handed to the mail server but not yet marked sent
    can arrive twice, and its twin has the same Message-ID."""
    import os
    import signal
    import sys

    from congress.backup import database_url
    from congress.celery import app
    from congress.models import OutboundEmail, User
    from congress.services import notify
    from congress.tasks import send_email

    _host, port, inbox = smtp_server
    inbox.messages.clear()
    app.control.purge()
    users = list(User.objects.filter(username__in=["deputy", "unit", "member", "leader"]))
    for _ in range(15):  # 60 mails, each committed (transactional test) and queued on commit
        notify(recipients=users, template="congress/email/welcome")
    env = dict(os.environ, DATABASE_URL=database_url(), EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(port))
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)

    def worker(name):
        return subprocess.Popen([sys.executable, "-m", "celery", "-A", "congress", "worker", "--pool=prefork",
                                 "--concurrency=1", "--hostname", "%s@drill" % name, "--without-gossip",
                                 "--without-mingle", "--loglevel=WARNING"], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)

    first = worker("first")
    deadline = time.time() + 60
    while len(inbox.messages) < 10 and time.time() < deadline:
        time.sleep(0.05)
    os.killpg(first.pid, signal.SIGKILL)  # the whole worker, mid-batch
    first.wait(10)
    assert 0 < len(inbox.messages) < 60, "the kill should land mid-batch"
    second = worker("second")
    try:
        # The second worker drains the queue. The task the dead worker held comes back only after the
        # broker's visibility timeout (an hour on Redis); the periodic outbox flush re-queues what is still
        # unsent, which is what this loop does once the queue has gone quiet.
        deadline, last = time.time() + 120, -1
        while OutboundEmail.objects.filter(sent_at__isnull=True).exists() and time.time() < deadline:
            time.sleep(3)
            if len(inbox.messages) == last:
                for pk in OutboundEmail.objects.filter(sent_at__isnull=True).values_list("pk", flat=True):
                    send_email.delay(pk)
            last = len(inbox.messages)
    finally:
        os.killpg(second.pid, signal.SIGTERM)
        second.wait(30)
    ids = [m["Message-ID"] for m in inbox.messages]
    assert OutboundEmail.objects.filter(sent_at__isnull=True).count() == 0
    assert len(set(ids)) == 60                     # nothing lost
    assert len(ids) - len(set(ids)) <= 1           # at most the one in flight twice, same Message-ID
