"""The Celery app. Tasks take ids, call one service and are safe to run twice.

The beat schedule lives in settings (CELERY_BEAT_SCHEDULE): one place for every periodic task.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress.settings")

app = Celery("congress")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
