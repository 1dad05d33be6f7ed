"""The Celery app. Tasks take ids, call one service and are safe to run twice.

The beat schedule lives in settings (CELERY_BEAT_SCHEDULE): one place for every periodic task.
Beat runs HeartbeatScheduler (CELERY_BEAT_SCHEDULER), which records that beat itself is alive; the
worker's heartbeat is the `heartbeat` task beat sends every minute. /healthz/celery/ reads both.
"""

import os
import time

from celery import Celery
from celery.beat import PersistentScheduler

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress.settings")

app = Celery("congress")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


class HeartbeatScheduler(PersistentScheduler):
    """The default scheduler, also writing beat's heartbeat (congress.tasks.BEAT_KEY) at most every
    10 seconds while it ticks: a dead or hung beat shows on /healthz/celery/."""

    _beat_written = 0.0

    def tick(self, *args, **kwargs):
        now = time.monotonic()
        if now - self._beat_written >= 10:
            self._beat_written = now
            from congress.tasks import beat_heartbeat

            beat_heartbeat()
        return super().tick(*args, **kwargs)
